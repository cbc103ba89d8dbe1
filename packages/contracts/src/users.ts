import { Type, type Static } from 'typebox';
import { Role } from './auth.js';
import { Uuid, Version, Text } from './common.js';

export const Locale = Type.Union([Type.Literal('ru'), Type.Literal('en')]);

/** Long enough to resist guessing, short enough not to be a denial of service for argon2. */
export const Password = Text({ minLength: 8, maxLength: 200 });
export const Email = Text({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' });

/**
 * A new user. Without `password` the server makes a temporary one, answers it once
 * (`temporaryPassword`) and the user must choose their own at first sign-in. With `orgId` and
 * `role` the user gets that first role there, and the caller needs `member.manage` there;
 * without them, only a system administrator creates users.
 */
export const CreateUserBody = Type.Object(
  {
    email: Email,
    password: Type.Optional(Password),
    name: Type.Optional(Text({ maxLength: 200 })),
    locale: Type.Optional(Locale),
    isAdmin: Type.Optional(Type.Boolean({ description: 'A system administrator: admin of every organisation' })),
    orgId: Type.Optional(Uuid),
    role: Type.Optional(Role),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const User = Type.Object({
  id: Uuid,
  email: Text(),
  name: Text(),
  locale: Locale,
  isAdmin: Type.Boolean(),
  version: Version,
});
export type User = Static<typeof User>;

/** A user just created: a temporary password, when the server made one, shown this once. */
export const CreatedUser = Type.Object({
  ...User.properties,
  mustChangePassword: Type.Boolean(),
  temporaryPassword: Type.Optional(Text({ description: 'Shown once; the user must replace it at first sign-in' })),
});
export type CreatedUser = Static<typeof CreatedUser>;

export const UserParams = Type.Object({ userId: Uuid }, { additionalProperties: false });

/** Deactivate (`active: false`: sessions and tokens end, sign-in is refused) or reactivate a user. */
export const UpdateUserBody = Type.Object({ active: Type.Boolean(), version: Type.Optional(Version) }, { additionalProperties: false });
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const UserState = Type.Object({ id: Uuid, active: Type.Boolean(), mustChangePassword: Type.Boolean(), version: Version });
export type UserState = Static<typeof UserState>;

/** A reset: a new temporary password, shown once; every session, API token and calendar feed of the user ends. */
export const PasswordReset = Type.Object({ ...UserState.properties, temporaryPassword: Text() });
export type PasswordReset = Static<typeof PasswordReset>;

export const PasswordResetBody = Type.Object({ version: Type.Optional(Version) }, { additionalProperties: false });
export type PasswordResetBody = Static<typeof PasswordResetBody>;

/** Finding people to give a role to: part of an e-mail or a name. */
export const CandidateQuery = Type.Object({ q: Type.Optional(Text({ minLength: 2, maxLength: 320 })) }, { additionalProperties: false });
export type CandidateQuery = Static<typeof CandidateQuery>;

export const Candidate = Type.Object({
  id: Uuid,
  email: Text(),
  name: Text(),
  active: Type.Boolean(),
  /** Holds no role anywhere yet. */
  unassigned: Type.Boolean(),
});
export type Candidate = Static<typeof Candidate>;

export const CandidateList = Type.Object({ users: Type.Array(Candidate) });
export type CandidateList = Static<typeof CandidateList>;

/**
 * Every API token and calendar feed of the user ends with the change, but those listed in
 * `keepTokens` / `keepFeeds`: whoever learnt the old password may have made them.
 */
export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Text({ minLength: 1, maxLength: 1000 }),
    newPassword: Password,
    keepTokens: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true, description: 'Ids of API tokens to keep working' })),
    keepFeeds: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true, description: 'Ids of calendar feeds to keep working' })),
  },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;
