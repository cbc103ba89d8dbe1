import { Type, type Static } from 'typebox';
import { Uuid, Version, Text } from './common.js';

export const Locale = Type.Union([Type.Literal('ru'), Type.Literal('en')]);

/** Long enough to resist guessing, short enough not to be a denial of service for argon2. */
export const Password = Text({ minLength: 8, maxLength: 200 });
export const Email = Text({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' });

export const CreateUserBody = Type.Object(
  {
    email: Email,
    password: Password,
    name: Type.Optional(Text({ maxLength: 200 })),
    locale: Type.Optional(Locale),
    isAdmin: Type.Optional(Type.Boolean({ description: 'A system administrator: admin of every organisation' })),
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
