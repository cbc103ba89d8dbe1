import { parseCron, type Cron } from './cron.js';
import type { JobDefinition, JobsStatus, QueueStatus } from './runner.js';

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
 * Fills in a definition's defaults (3 tries, 30 s before the first retry, 15 minutes per try) and
 * reads its cron.
 * @throws Error naming the job when its name or cron cannot be used, or it is defined twice.
 */
export function resolveDefinition(definition: JobDefinition<never>, defined: ReadonlyMap<string, unknown>): ResolvedDefinition {
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

/**
 * The queues that do not move, seen by a process that works jobs: a due job that has waited
 * longer than `stuckSeconds`, or a try past its expiry. A process that does not work jobs judges
 * nothing: another may be working them.
 */
export function stuckQueues(queues: readonly (QueueStatus & { expiredSince?: string | null })[], now: Date, stuckSeconds: number, working: boolean): JobsStatus['stuck'] {
  if (!working) return [];
  const stuck: JobsStatus['stuck'] = [];
  for (const queue of queues) {
    if (queue.oldestDueAt && now.getTime() - Date.parse(queue.oldestDueAt) > stuckSeconds * 1000) {
      stuck.push({ name: queue.name, reason: 'waiting', since: queue.oldestDueAt });
    }
    if (queue.expiredSince) stuck.push({ name: queue.name, reason: 'expired', since: queue.expiredSince });
  }
  return stuck;
}

/** An error's message for the store and the log. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
