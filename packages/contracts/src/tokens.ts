import { Type, type Static } from 'typebox';
import { Instant, Text, Uuid, Words } from './common.js';

export const ApiToken = Type.Object({
  id: Uuid,
  name: Text(),
  createdAt: Instant,
  lastUsedAt: Type.Union([Instant, Type.Null()]),
  expiresAt: Type.Union([Instant, Type.Null()]),
});
export type ApiToken = Static<typeof ApiToken>;

export const ApiTokenList = Type.Object({ tokens: Type.Array(ApiToken) });

export const CreateTokenBody = Type.Object(
  {
    name: Words(100),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);
export type CreateTokenBody = Static<typeof CreateTokenBody>;

/** The only time the secret is shown: it is stored hashed. */
export const CreatedToken = Type.Object({
  ...ApiToken.properties,
  token: Text({ description: 'Send as `Authorization: Bearer <token>`; shown once' }),
  version: Type.Integer({ minimum: 1, description: 'Tokens are not edited; always 1' }),
});
export type CreatedToken = Static<typeof CreatedToken>;

export const TokenParams = Type.Object({ tokenId: Uuid }, { additionalProperties: false });
