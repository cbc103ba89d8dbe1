import type { Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { DB } from '../db/schema.js';
import { mailOutboxHealth } from '../repositories/mail-outbox.js';
import { lockSingleton, pgBossExecutor, pgBossInstalled, pgBossLastRuns, pgBossQueueRows } from '../repositories/pg-boss.js';
import { addDefinition, errorMessage, jobsStatus, type ResolvedDefinition } from './definition-defaults.js';
import type { JobContext, JobDefinition, JobRunner, JobsStatus, SendOptions } from './runner.js';

// Jobs on a PostgreSQL server: pg-boss 10, in a schema of its own on the same server, through
// Ritm's own pool. One queue per job name (retries with doubling waits, expiry); schedules are
// pg-boss's, which sends one job per cron minute however many processes run it. A process that
// does not work jobs (RITM_JOBS=off) still installs pg-boss and sends, and neither schedules nor
// supervises.

export interface PgBossRunnerOptions {
  schema: string;
  log: JobContext['log'];
  stuckSeconds: number;
  /** How often an idle worker asks for jobs (pg-boss allows 0.5 s at least; default 2 s). */
  pollMs?: number;
  /** How often expired tries are failed and old jobs archived (default 60 s). */
  maintenanceSeconds?: number;
}

export function createPgBossRunner(db: Kysely<DB>, options: PgBossRunnerOptions): JobRunner {
  const definitions = new Map<string, ResolvedDefinition>();
  const inFlight = new Set<AbortController>();
  let boss: PgBoss | undefined;
  let working = false;

  async function work(instance: PgBoss, definition: ResolvedDefinition): Promise<void> {
    const pollingIntervalSeconds = Math.max(0.5, (options.pollMs ?? 2000) / 1000);
    await instance.work<Record<string, unknown>>(definition.name, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds }, async ([job]) => {
      if (!job) return;
      const controller = new AbortController();
      inFlight.add(controller);
      // pg-boss fails a try past its expiry but does not stop it: the handler is told, as JobContext promises.
      const expiry = setTimeout(() => controller.abort(new Error(`the try ran past its expiry (${definition.expireSeconds} s)`)), definition.expireSeconds * 1000);
      expiry.unref();
      try {
        await definition.handler(job.data ?? {}, { id: job.id, attempt: job.retryCount + 1, signal: controller.signal, log: options.log });
      } catch (error) {
        options.log.error({ err: error, jobId: job.id, job: definition.name, attempt: job.retryCount + 1 }, `job ${definition.name} failed`);
        // pg-boss keeps the message as the job's output and retries or fails it.
        throw new Error(errorMessage(error));
      } finally {
        clearTimeout(expiry);
        inFlight.delete(controller);
      }
    });
  }

  return {
    kind: 'pg-boss',
    define<Data extends object>(definition: JobDefinition<Data>) {
      addDefinition(definitions, definition as JobDefinition<never>, boss !== undefined);
    },
    async start({ work: shouldWork }) {
      working = shouldWork;
      const instance = new PgBoss({
        db: pgBossExecutor(db),
        schema: options.schema,
        schedule: shouldWork,
        supervise: shouldWork,
        maintenanceIntervalSeconds: options.maintenanceSeconds ?? 60,
      });
      instance.on('error', (error) => options.log.error({ err: error }, 'the job runner (pg-boss) failed'));
      await instance.start();
      boss = instance;
      for (const definition of definitions.values()) {
        const queue = { name: definition.name, retryLimit: definition.attempts - 1, retryDelay: definition.retryDelaySeconds, retryBackoff: true, expireInSeconds: definition.expireSeconds };
        if (await instance.getQueue(definition.name)) await instance.updateQueue(definition.name, queue);
        else await instance.createQueue(definition.name, queue);
        if (definition.cron) await instance.schedule(definition.name, definition.cron.source, {}, { tz: 'UTC' });
      }
      if (shouldWork) {
        // A schedule this version no longer has (a job removed, or its cron turned off, e.g.
        // RITM_EVIDENCE_TICK_SECONDS=0) would keep enqueuing: pg-boss keeps schedules until told.
        for (const { name } of await instance.getSchedules()) {
          if (!definitions.get(name)?.cron) await instance.unschedule(name);
        }
      }
      if (shouldWork) for (const definition of definitions.values()) await work(instance, definition);
    },
    async send(name, data, sendOptions: SendOptions = {}) {
      const instance = boss;
      if (!instance) throw new Error('the job runner has not started');
      if (!definitions.has(name)) throw new Error(`no job "${name}" is defined`);
      const jobOptions = { ...(sendOptions.startAfter ? { startAfter: sendOptions.startAfter } : {}) };
      const key = sendOptions.singletonKey;
      if (key === undefined) return instance.send(name, data, jobOptions);
      return db.transaction().execute(async (trx) => {
        if (await lockSingleton(trx, options.schema, name, key)) return null;
        return instance.send(name, data, { ...jobOptions, singletonKey: key, db: pgBossExecutor(trx) });
      });
    },
    async status({ lastRuns = true } = {}): Promise<JobsStatus> {
      const names = [...definitions.keys()];
      const scheduled = [...definitions.values()].filter((d) => d.cron).map((d) => d.name);
      const now = new Date();
      // Read without starting (`ritm jobs` writes nothing): before any process installed pg-boss, no job has been sent.
      const installed = boss !== undefined || (await pgBossInstalled(db, options.schema));
      return jobsStatus({
        runner: 'pg-boss',
        working,
        definitions: definitions.values(),
        rows: installed ? await pgBossQueueRows(db, options.schema, names) : [],
        lastRuns: installed && lastRuns ? await pgBossLastRuns(db, options.schema, scheduled) : [],
        mail: await mailOutboxHealth(db, now),
        now,
        stuckSeconds: options.stuckSeconds,
      });
    },
    async stop() {
      const instance = boss;
      if (!instance) return;
      // Stop fetching first: a try aborted while its worker still fetches would let the worker take the next job.
      await Promise.all([...definitions.keys()].map((name) => instance.offWork(name)));
      for (const controller of inFlight) controller.abort();
      // Graceful: tries in flight (aborted) end, then it lets go.
      await instance.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}
