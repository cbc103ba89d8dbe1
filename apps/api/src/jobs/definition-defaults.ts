import type { JobQueueRow } from '../repositories/jobs.js';
import { nextCronRun, parseCron, type Cron } from './cron.js';
import type { JobDefinition, JobsStatus, MailStatus, QueueStatus } from './runner.js';

// What both runners share: a definition with its defaults filled in and its cron read, and how a
// queue is judged stuck.

export interface ResolvedDefinition {
  name: string;
  cron: Cron | undefined;
  attempts: number;
  retryDelaySeconds: number;
  expireSeconds: number;
  handler: JobDefinition<Record<string, unknown>>['handler'];
}

/** Job names: `area.what` in lower case (pg-boss allows these as queue names too). */
const JOB_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * Adds a definition to a runner's, its defaults filled in (3 tries, 30 s before the first retry,
 * 15 minutes per try) and its cron read.
 * @throws Error naming the job when its name or cron cannot be used, it is defined twice, or the runner has started.
 */
export function addDefinition(defined: Map<string, ResolvedDefinition>, definition: JobDefinition<never>, started: boolean): void {
  if (started) throw new Error(`job "${definition.name}" defined after the runner started`);
  defined.set(definition.name, resolveDefinition(definition, defined));
}

function resolveDefinition(definition: JobDefinition<never>, defined: ReadonlyMap<string, unknown>): ResolvedDefinition {
  if (!JOB_NAME.test(definition.name)) throw new Error(`job name "${definition.name}": expected area.what in lower case`);
  if (defined.has(definition.name)) throw new Error(`job "${definition.name}" is defined twice`);
  const attempts = definition.attempts ?? 3;
  const retryDelaySeconds = definition.retryDelaySeconds ?? 30;
  const expireSeconds = definition.expireSeconds ?? 15 * 60;
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`job "${definition.name}": attempts must be a whole number from 1`);
  if (!Number.isInteger(retryDelaySeconds) || retryDelaySeconds < 0) throw new Error(`job "${definition.name}": retryDelaySeconds must be a whole number from 0`);
  if (!Number.isInteger(expireSeconds) || expireSeconds < 1) throw new Error(`job "${definition.name}": expireSeconds must be a whole number from 1`);
  return {
    name: definition.name,
    cron: definition.cron === undefined ? undefined : parseCron(definition.cron),
    attempts,
    retryDelaySeconds,
    expireSeconds,
    handler: definition.handler as ResolvedDefinition['handler'],
  };
}

/** A mail failed for good within this many days makes the outbox stuck (health, `ritm jobs`). */
export const MAIL_FAILED_WINDOW_DAYS = 7;
/** The job that empties the outbox: the name mail trouble is listed under. */
const MAIL_QUEUE = 'mail.deliver';

/**
 * The status both runners answer, from their store's rows: every defined queue (zeros where the
 * store has none), every schedule with its last run and the next, the mail outbox, and what is stuck.
 */
export function jobsStatus(input: {
  runner: JobsStatus['runner'];
  working: boolean;
  definitions: Iterable<ResolvedDefinition>;
  rows: readonly JobQueueRow[];
  lastRuns: ReadonlyArray<{ name: string; at: Date; state: string }>;
  mail: MailStatus;
  now: Date;
  stuckSeconds: number;
}): JobsStatus {
  const definitions = [...input.definitions].sort((a, b) => a.name.localeCompare(b.name));
  const rows = new Map(input.rows.map((row) => [row.name, row]));
  const lastRuns = new Map(input.lastRuns.map((row) => [row.name, row]));
  const queues = definitions.map(({ name }) => {
    const row = rows.get(name);
    return {
      name,
      queued: row?.queued ?? 0,
      active: row?.active ?? 0,
      failed: row?.failed ?? 0,
      lastFailure: row?.lastFailureAt ? { at: row.lastFailureAt.toISOString(), message: row.lastFailure ?? '' } : null,
      oldestDueAt: row?.oldestDueAt?.toISOString() ?? null,
      expiredSince: row?.expiredSince?.toISOString() ?? null,
    };
  });
  return {
    runner: input.runner,
    working: input.working,
    schedules: definitions.flatMap(({ name, cron }) => {
      if (!cron) return [];
      const last = lastRuns.get(name);
      // pg-boss's `retry`: the run failed and waits for its next try.
      const state = last?.state === 'retry' ? 'failed' : last?.state;
      return [
        {
          name,
          cron: cron.source,
          lastRunAt: last?.at.toISOString() ?? null,
          lastState: state === 'completed' || state === 'failed' || state === 'active' ? state : null,
          nextRunAt: nextCronRun(cron, input.now)?.toISOString() ?? null,
        },
      ];
    }),
    queues: queues.map(({ expiredSince: _, ...queue }) => queue),
    mail: input.mail,
    stuck: stuckQueues(queues, input.mail, input.now, input.stuckSeconds),
  };
}

/**
 * What does not move: a due job that has waited longer than `stuckSeconds`, a try past its
 * expiry, a due mail that has waited longer than `stuckSeconds`, a mail failed for good in the
 * last `MAIL_FAILED_WINDOW_DAYS`. Judged whether or not this process works jobs: a job due that
 * long means nobody works it, which is what an operator must hear (RITM_JOBS=off everywhere).
 */
export function stuckQueues(queues: readonly (QueueStatus & { expiredSince?: string | null })[], mail: MailStatus, now: Date, stuckSeconds: number): JobsStatus['stuck'] {
  const waitedTooLong = (since: string | null): since is string => since !== null && now.getTime() - Date.parse(since) > stuckSeconds * 1000;
  const stuck: JobsStatus['stuck'] = [];
  for (const queue of queues) {
    if (waitedTooLong(queue.oldestDueAt)) stuck.push({ name: queue.name, reason: 'waiting', since: queue.oldestDueAt });
    if (queue.expiredSince) stuck.push({ name: queue.name, reason: 'expired', since: queue.expiredSince });
  }
  if (waitedTooLong(mail.oldestDueAt)) stuck.push({ name: MAIL_QUEUE, reason: 'mail-waiting', since: mail.oldestDueAt });
  const failedAt = mail.lastFailure?.at;
  if (failedAt && now.getTime() - Date.parse(failedAt) <= MAIL_FAILED_WINDOW_DAYS * 86_400_000) {
    stuck.push({ name: MAIL_QUEUE, reason: 'mail-failed', since: failedAt });
  }
  return stuck;
}

/** An error's message for the store and the log. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
