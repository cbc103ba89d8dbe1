import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { JobsStatus } from '@ritm/contracts/health';

/** `GET /api/control/jobs`: the runner's status for `ritm jobs` while the server holds the data folder. */
const jobsControlRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/jobs',
    { schema: { hide: true, response: { 200: JobsStatus } }, config: { public: true, control: true } },
    async () => app.jobs.status(),
  );
};

export default jobsControlRoutes;
