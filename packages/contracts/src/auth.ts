import { Type, type Static } from 'typebox';
import { Uuid, Text } from './common.js';

export const Role = Type.Union([Type.Literal('viewer'), Type.Literal('editor'), Type.Literal('director'), Type.Literal('admin')]);
export type Role = Static<typeof Role>;

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
});
export type Me = Static<typeof Me>;
