import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '@ritm/contracts/common';
import { ApiTokenList, CreatedToken, CreateTokenBody, TokenParams } from '@ritm/contracts/tokens';
import { Type } from 'typebox';
import { recordAudit } from '../../repositories/audit.js';
import { notFound } from '../../http/errors.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../repositories/tokens.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The signed-in user's own personal API tokens, for scripts (`Authorization: Bearer …`). */
const tokens: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/auth/tokens',
    { schema: { tags: ['auth'], summary: 'My API tokens that still work (never their secrets)', response: { 200: ApiTokenList, ...errors } } },
    async (request) => ({ tokens: await listApiTokens(db, request.user!.id) }),
  );

  app.post(
    '/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token; its secret is in this answer only',
        body: CreateTokenBody,
        response: { 201: CreatedToken, ...errors },
      },
    },
    async (request, reply) => {
      const userId = request.user!.id;
      const created = await db.transaction().execute(async (trx) => {
        const token = await createApiToken(trx, userId, request.body.name, request.body.expiresInDays);
        await recordAudit(trx, { orgId: null, userId, entity: 'api_token', entityId: token.id, action: 'create', after: { name: token.name, expiresAt: token.expiresAt } });
        return token;
      });
      return reply.code(201).send({ ...created, version: 1 });
    },
  );

  app.delete(
    '/auth/tokens/:tokenId',
    { schema: { tags: ['auth'], summary: 'Revoke one of my API tokens', params: TokenParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const userId = request.user!.id;
      await db.transaction().execute(async (trx) => {
        const revoked = await revokeApiToken(trx, userId, request.params.tokenId);
        if (!revoked) throw notFound('token');
        await recordAudit(trx, { orgId: null, userId, entity: 'api_token', entityId: request.params.tokenId, action: 'revoke', before: revoked });
      });
      return reply.code(204).send(null);
    },
  );
};

export default tokens;
