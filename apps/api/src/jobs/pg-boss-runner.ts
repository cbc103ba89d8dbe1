import type { Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { DB } from '../db/schema.js';
import { lockSingleton, pgBossExecutor, pgBossLastRuns, pgBossQueueRows } from '../repositories/pg-boss.js';
import { nextCronRun } from './cron.js';
import { errorMessage, resolveDefinition, stuckQueues, type ResolvedDefinition } from './definition-defaults.js';
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
      try {
        await definition.handler(job.data ?? {}, { id: job.id, attempt: job.retryCount + 1, signal: controller.signal, log: options.log });
      } catch (error) {
        options.log.error({ err: error, jobId: job.id, job: definition.name, attempt: job.retryCount + 1 }, `job ${definition.name} failed`);
        // pg-boss keeps the message as the job's output and retries or fails it.
        throw new Error(errorMessage(error));
      } finally {
        inFlight.delete(controller);
      }
    });
  }

  return {
    kind: 'pg-boss',
    define<Data extends object>(definition: JobDefinition<Data>) {
      if (boss) throw new Error(`job "${definition.name}" defined after the runner started`);
      const resolved = resolveDefinition(definition as JobDefinition<never>, definitions);
      definitions.set(resolved.name, resolved);
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
    async status(): Promise<JobsStatus> {
      const names = [...definitions.keys()].sort();
      const scheduled = [...definitions.values()].filter((d) => d.cron).sort((a, b) => a.name.localeCompare(b.name));
      const rows = new Map((await pgBossQueueRows(db, options.schema, names)).map((row) => [row.name, row]));
      const lastRuns = new Map((await pgBossLastRuns(db, options.schema, scheduled.map((d) => d.name))).map((row) => [row.name, row]));
      const now = new Date();
      const queues = names.map((name) => {
        const row = rows.get(name);
        return {
          name,
          queued: row?.queued ?? 0,
          active: row?.active ?? 0,
          failed: row?.failed ?? 0,
          lastFailure: row?.lastFailureAt ? { at: row.lastFailureAt.toISOString(), message: failureMessage(row.lastFailure) } : null,
          oldestDueAt: row?.oldestDueAt?.toISOString() ?? null,
          expiredSince: row?.expiredSince?.toISOString() ?? null,
        };
      });
      return {
        runner: 'pg-boss',
        working,
        schedules: scheduled.map((definition) => {
          const last = lastRuns.get(definition.name);
          const state = last?.state === 'retry' ? 'failed' : last?.state;
          return {
            name: definition.name,
            cron: definition.cron!.source,
            lastRunAt: last?.at.toISOString() ?? null,
            lastState: state === 'completed' || state === 'failed' || state === 'active' ? state : null,
            nextRunAt: nextCronRun(definition.cron!, now)?.toISOString() ?? null,
          };
        }),
        queues: queues.map(({ expiredSince: _, ...queue }) => queue),
        stuck: stuckQueues(queues, now, options.stuckSeconds, working),
      };
    },
    async stop() {
      const instance = boss;
      if (!instance) return;
      for (const controller of inFlight) controller.abort();
      // Graceful: workers stop fetching, tries in flight (aborted) end, then it lets go.
      await instance.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}

/** The message pg-boss kept as a failed try's output (`{ message, … }`). */
function failureMessage(output: unknown): string {
  if (output && typeof output === 'object' && 'message' in output && typeof output.message === 'string') return output.message;
  return typeof output === 'string' ? output : JSON.stringify(output);
}
