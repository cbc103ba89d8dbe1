import fp from 'fastify-plugin';
import { createJobRunner } from '../jobs/create-runner.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
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
 * the database closes after them. A database server that does not answer at start does not keep
 * the API from starting (it answers 503 meanwhile): the runner is started again every few seconds.
 */
const START_RETRY_MS = 5000;

export default fp(
  async (app) => {
    const config = app.ritmConfig;
    const runner = await createJobRunner(app.database, config, { log: app.log });
    const deps = { db: app.database.db, readDb: app.readDb, config, evidence: app.evidence, log: app.log };
    for (const define of JOB_AREAS) define(runner, deps);
    app.decorate('jobs', runner);
    let retry: NodeJS.Timeout | undefined;
    let closing = false;
    async function start(): Promise<void> {
      try {
        await runner.start({ work: config.jobs });
        // A retry that ended after the app closed: let go of what it started.
        if (closing) await runner.stop();
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        app.log.error({ err: error }, `the job runner could not reach the database; trying again in ${START_RETRY_MS / 1000} s`);
        if (closing) return;
        retry = setTimeout(() => void start().catch((failure: unknown) => app.log.error({ err: failure }, 'the job runner could not start')), START_RETRY_MS);
        retry.unref();
      }
    }
    app.addHook('onReady', start);
    app.addHook('onClose', async () => {
      closing = true;
      clearTimeout(retry);
      await runner.stop();
    });
  },
  { name: 'jobs', dependencies: ['database', 'evidence'] },
);
