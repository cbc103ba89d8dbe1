import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import {
  claimDueJobs,
  completeJob,
  deleteOldJobs,
  dueJobNames,
  expiredJobs,
  failJob,
  insertJob,
  insertScheduledJob,
  jobQueueRows,
  lastScheduledRuns,
  releaseJob,
} from '../repositories/jobs.js';
import { mailOutboxHealth } from '../repositories/mail-outbox.js';
import { cronMatches, minuteOf } from './cron.js';
import { addDefinition, errorMessage, jobsStatus, type ResolvedDefinition } from './definition-defaults.js';
import type { JobContext, JobDefinition, JobRunner, JobsStatus, SendOptions } from './runner.js';

// The embedded database's runner: jobs in Ritm's own `jobs` table, worked by a loop in the process
// that holds the data folder. Each name runs one try at a time; a scheduled job is enqueued once
// per matching minute (the unique `(name, slot)` row), so a second runner over the same database
// (tests run two) adds nothing. It reads the same way on a PostgreSQL server, which is how the
// tests check both.

export interface TableRunnerOptions {
  log: JobContext['log'];
  /** How often the loop looks for due jobs (default 1 s). */
  pollMs?: number;
  /** A due job waiting longer than this makes the queue stuck (health). */
  stuckSeconds: number;
  /** The runner's clock (tests move it); the system's by default. */
  now?: () => Date;
}

const MINUTE_MS = 60_000;
/** How long finished jobs are kept for `ritm jobs`: completed a week, failed a month. */
const KEEP_COMPLETED_DAYS = 7;
const KEEP_FAILED_DAYS = 30;
const MAINTENANCE_MS = 60 * MINUTE_MS;

export function createTableRunner(db: Kysely<DB>, options: TableRunnerOptions): JobRunner {
  const definitions = new Map<string, ResolvedDefinition>();
  const now = options.now ?? (() => new Date());
  const pollMs = options.pollMs ?? 1000;
  const running = new Map<string, { id: string; controller: AbortController; done: Promise<void> }>();
  let working = false;
  let started = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  /** The last cron minute this runner enqueued for; the next tick enqueues the minutes after it. */
  let lastCronMinute: number | undefined;
  let lastMaintenance = 0;

  async function enqueueSchedules(at: Date): Promise<void> {
    const current = minuteOf(at).getTime();
    // A tick late by a minute or two (a busy process) still enqueues the minutes it passed; a
    // runner that was stopped for longer does not make up for the runs it missed.
    const from = lastCronMinute === undefined ? current : Math.max(lastCronMinute + MINUTE_MS, current - 5 * MINUTE_MS);
    for (let minute = from; minute <= current; minute += MINUTE_MS) {
      const slot = new Date(minute);
      for (const definition of definitions.values()) {
        if (definition.cron && cronMatches(definition.cron, slot)) {
          await insertScheduledJob(db, { ...jobFields(definition), data: {} }, slot);
        }
      }
    }
    lastCronMinute = current;
  }

  async function expire(at: Date): Promise<void> {
    for (const job of await expiredJobs(db, [...definitions.keys()], at)) {
      // A try of this process that hangs: it is told to stop and no longer holds its name's turn.
      for (const [name, entry] of running) {
        if (entry.id === job.id) {
          entry.controller.abort();
          running.delete(name);
        }
      }
      const state = await failJob(db, job.id, job.attempt, 'the try ran past its expiry', at);
      if (state) options.log.error({ jobId: job.id }, `a job try expired; ${state === 'failed' ? 'it has no tries left' : 'it will be retried'}`);
    }
  }

  function run(definition: ResolvedDefinition, job: { id: string; data: Record<string, unknown>; attempt: number }): void {
    const controller = new AbortController();
    const context: JobContext = { id: job.id, attempt: job.attempt, signal: controller.signal, log: options.log };
    const done = (async () => {
      try {
        await definition.handler(job.data as never, context);
        await completeJob(db, job.id, job.attempt, now());
      } catch (error) {
        if (controller.signal.aborted) {
          // Cut short by stopping: the next start takes it again, without spending a try.
          await releaseJob(db, job.id, job.attempt).catch(() => {});
          return;
        }
        const state = await failJob(db, job.id, job.attempt, errorMessage(error), now()).catch(() => undefined);
        options.log.error({ err: error, jobId: job.id, job: definition.name, attempt: job.attempt }, `job ${definition.name} failed${state === 'failed' ? ' for good' : '; it will be retried'}`);
      }
    })().finally(() => {
      if (running.get(definition.name)?.id === job.id) running.delete(definition.name);
      wake();
    });
    running.set(definition.name, { id: job.id, controller, done });
  }

  async function tick(): Promise<void> {
    const at = now();
    await enqueueSchedules(at);
    await expire(at);
    if (at.getTime() - lastMaintenance > MAINTENANCE_MS) {
      lastMaintenance = at.getTime();
      await deleteOldJobs(db, at, KEEP_COMPLETED_DAYS, KEEP_FAILED_DAYS);
    }
    const free = (await dueJobNames(db, [...definitions.keys()], at)).filter((name) => !running.has(name));
    for (const name of free) {
      if (stopping) return;
      const [job] = await claimDueJobs(db, [name], at, 1);
      if (job) run(definitions.get(name)!, job);
    }
  }

  function schedule(delay: number): void {
    if (stopping || !working) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      ticking = tick()
        .catch((error: unknown) => options.log.error({ err: error }, 'the job runner could not read its table'))
        .finally(() => {
          ticking = undefined;
          schedule(pollMs);
        });
    }, delay);
    timer.unref();
  }

  /** Looks again soon (a job was sent or one finished), unless a look is under way. */
  function wake(): void {
    if (working && !stopping && !ticking) schedule(0);
  }

  return {
    kind: 'table',
    define<Data extends object>(definition: JobDefinition<Data>) {
      addDefinition(definitions, definition as JobDefinition<never>, started);
    },
    async start({ work }) {
      started = true;
      working = work;
      schedule(0);
    },
    async send(name, data, sendOptions: SendOptions = {}) {
      const definition = definitions.get(name);
      if (!definition) throw new Error(`no job "${name}" is defined`);
      const id = await insertJob(db, { ...jobFields(definition), data, singletonKey: sendOptions.singletonKey, startAfter: sendOptions.startAfter ?? now() });
      if (id) wake();
      return id ?? null;
    },
    async status({ lastRuns = true } = {}): Promise<JobsStatus> {
      const at = now();
      const scheduled = [...definitions.values()].filter((d) => d.cron).map((d) => d.name);
      return jobsStatus({
        runner: 'table',
        working,
        definitions: definitions.values(),
        rows: await jobQueueRows(db, at),
        lastRuns: lastRuns ? await lastScheduledRuns(db, scheduled) : [],
        mail: await mailOutboxHealth(db, at),
        now: at,
        stuckSeconds: options.stuckSeconds,
      });
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await ticking;
      for (const { controller } of running.values()) controller.abort();
      await Promise.all([...running.values()].map(({ done }) => done));
    },
  };
}

function jobFields(definition: ResolvedDefinition) {
  return {
    name: definition.name,
    maxAttempts: definition.attempts,
    retryDelaySeconds: definition.retryDelaySeconds,
    expireSeconds: definition.expireSeconds,
  };
}
