import { CAPABILITIES, ROLES } from '@ritm/domain/access';
import { Type, type Static } from 'typebox';
import { literalUnion, Text, Uuid } from './common.js';

/** A role at an organisation, reaching its whole subtree (the domain's `ROLES`, weakest first). */
export const Role = literalUnion(ROLES);
export type Role = Static<typeof Role>;

/**
 * Something the caller may do at an organisation (the domain's `CAPABILITIES`): `org.read`,
 * `item.edit`, `plan.edit`, `plan.approve`, `catalogue.edit` (channels, audiences, key messages),
 * `norm.manage`, `norm.adjust` (waive or loosen a norm set here for those below), `exemption.grant`, `audit.read`, `org.admin`, `member.manage`.
 */
export const Capability = literalUnion(CAPABILITIES);
export type Capability = Static<typeof Capability>;

export const LoginBody = Type.Object(
  {
    email: Text({ minLength: 3, maxLength: 320 }),
    password: Text({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const Membership = Type.Object({
  orgId: Uuid,
  orgName: Text(),
  role: Role,
});

export const Me = Type.Object({
  id: Uuid,
  email: Text(),
  name: Text(),
  isAdmin: Type.Boolean(),
  locale: Type.Union([Type.Literal('ru'), Type.Literal('en')]),
  memberships: Type.Array(Membership),
  /** Signed in with a temporary password: every route but these of /auth answers 403 until a new one is chosen. */
  mustChangePassword: Type.Boolean(),
});
export type Me = Static<typeof Me>;
