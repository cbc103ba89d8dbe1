import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Health, type StuckQueue } from '@ritm/contracts/health';
import type { FastifyInstance } from 'fastify';

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Whether the API and its database answer, and whether its job queues move',
        description:
          '`ok`; `degraded` (still 200) when something does not move (`jobs.stuck`) — a due job or a due mail waiting longer than RITM_JOBS_STUCK_MINUTES (whether or not this process works jobs: then nobody does), a try past its expiry, a mail failed for good in the last 7 days, or the job store that cannot be read, or a read replica (DATABASE_READ_URL) that does not answer — `replica` shows whether it answers and its replay lag in seconds; `unavailable` (503) when the database does not answer.',
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
      const [{ working, stuck }, replica] = await Promise.all([jobsHealth(app), database.replica?.status()]);
      // A replica that does not answer loses nothing (its reads go to the primary) but is a fault to mend.
      const status = stuck.length === 0 && replica?.reachable !== false ? 'ok' : 'degraded';
      return reply.send({ status, database: { kind: database.kind, reachable }, ...(replica ? { replica } : {}), jobs: { working, stuck } });
    },
  );
};

/** What the job runner says for health: stuck detection only (no schedule's last run); a store that cannot be read is itself stuck. */
async function jobsHealth(app: FastifyInstance): Promise<{ working: boolean; stuck: StuckQueue[] }> {
  try {
    return await app.jobs.status({ lastRuns: false });
  } catch (error) {
    app.log.error({ err: error }, 'health could not read the job store');
    return { working: app.ritmConfig.jobs, stuck: [{ name: 'jobs', reason: 'unreadable', since: new Date().toISOString() }] };
  }
}

export default health;
