import fp from 'fastify-plugin';
import { createJobRunner } from '../jobs/create-runner.js';
import { JOB_AREAS } from '../jobs/definitions.js';
import type { JobRunner } from '../jobs/runner.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The job runner (issue 14): send jobs with `app.jobs.send`; `status()` for health and `ritm jobs`. */
    jobs: JobRunner;
  }
}

/**
 * Decorates the app with the job runner and defines every area's jobs (`JOB_AREAS`). Once the app
 * is ready the runner starts: it works jobs unless `RITM_JOBS=off` (tests' default), and can send
 * them either way. On close it stops taking jobs, aborts tries in flight and waits for them, so
 * the database closes after them.
 */
export default fp(
  async (app) => {
    const config = app.ritmConfig;
    const runner = await createJobRunner(app.database, config, { log: app.log });
    const deps = { db: app.database.db, config, evidence: app.evidence, log: app.log };
    for (const define of JOB_AREAS) define(runner, deps);
    app.decorate('jobs', runner);
    app.addHook('onReady', async () => {
      await runner.start({ work: config.jobs });
    });
    app.addHook('onClose', async () => {
      await runner.stop();
    });
  },
  { name: 'jobs', dependencies: ['database', 'evidence'] },
);
