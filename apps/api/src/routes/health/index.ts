import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Health } from '@ritm/contracts/health';

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: { tags: ['system'], summary: 'Whether the API and its database answer', response: { 200: Health, 503: Health } },
      config: { public: true },
    },
    async (_request, reply) => {
      const { database } = app;
      const reachable = await database.ping().then(
        () => true,
        () => false,
      );
      return reply
        .code(reachable ? 200 : 503)
        .send({ status: reachable ? 'ok' : 'unavailable', database: { kind: database.kind, reachable } });
    },
  );
};

export default health;
