import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Health } from '@ritm/contracts/health';

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Whether the API and its database answer, and whether its job queues move',
        description:
          '`ok`; `degraded` (still 200) when a queue does not move — a due job waiting longer than RITM_JOBS_STUCK_MINUTES while this process works jobs, or a try past its expiry (`jobs.stuck`); `unavailable` (503) when the database does not answer.',
        response: { 200: Health, 503: Health },
      },
      config: { public: true },
    },
    async (_request, reply) => {
      const { database } = app;
      const reachable = await database.ping().then(
        () => true,
        () => false,
      );
      if (!reachable) return reply.code(503).send({ status: 'unavailable', database: { kind: database.kind, reachable } });
      const { working, stuck } = await app.jobs.status();
      return reply.send({ status: stuck.length === 0 ? 'ok' : 'degraded', database: { kind: database.kind, reachable }, jobs: { working, stuck } });
    },
  );
};

export default health;
