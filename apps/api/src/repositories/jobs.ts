import { sql, type Kysely } from 'kysely';
import type { DB, JobState } from '../db/schema.js';

// The embedded database's job store (the table runner, `jobs/table-runner.ts`). Every change of a
// job's state is one statement, so two runners over one database (tests do that) never take the
// same job: claims skip rows another runner has locked.

export interface NewJob {
  name: string;
  data: object;
  maxAttempts: number;
  retryDelaySeconds: number;
  expireSeconds: number;
  singletonKey?: string | undefined;
  startAfter: Date;
}

/** Enqueues a job; its id, or undefined when a job with the same singleton key waits or runs. */
export async function insertJob(db: Kysely<DB>, job: NewJob): Promise<string | undefined> {
  const row = await db
    .insertInto('jobs')
    .values({
      name: job.name,
      data: JSON.stringify(job.data),
      max_attempts: job.maxAttempts,
      retry_delay_seconds: job.retryDelaySeconds,
      expire_seconds: job.expireSeconds,
      singleton_key: job.singletonKey ?? null,
      start_after: job.startAfter,
    })
    // The index's predicate as literals: with parameters, a prepared statement's generic plan cannot match it.
    .onConflict((oc) => oc.columns(['name', 'singleton_key']).where(sql<boolean>`singleton_key is not null and state in ('created', 'active')`).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Enqueues the job of a schedule's minute unless some runner did already; whether this call did. */
export async function insertScheduledJob(db: Kysely<DB>, job: Omit<NewJob, 'singletonKey' | 'startAfter'>, slot: Date): Promise<boolean> {
  const row = await db
    .insertInto('jobs')
    .values({
      name: job.name,
      data: JSON.stringify(job.data),
      max_attempts: job.maxAttempts,
      retry_delay_seconds: job.retryDelaySeconds,
      expire_seconds: job.expireSeconds,
      slot,
      start_after: slot,
    })
    .onConflict((oc) => oc.columns(['name', 'slot']).where('slot', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export interface ClaimedJob {
  id: string;
  name: string;
  data: Record<string, unknown>;
  attempt: number;
}

/** Takes up to `limit` due jobs of the given names for a try: `active` until their expiry. */
export async function claimDueJobs(db: Kysely<DB>, names: readonly string[], now: Date, limit: number): Promise<ClaimedJob[]> {
  if (names.length === 0 || limit <= 0) return [];
  const result = await sql<ClaimedJob>`
    update jobs set
      state = 'active',
      attempt = attempt + 1,
      started_at = ${now},
      expires_at = ${now}::timestamptz + make_interval(secs => expire_seconds)
    where id in (
      select id from jobs
      where state = 'created' and start_after <= ${now} and name = any(${sql.val([...names])}::text[])
      order by start_after, created_at
      limit ${limit}
      for update skip locked
    )
    returning id, name, data, attempt`.execute(db);
  return result.rows;
}

/** The try succeeded (`attempt`: a try that outlived its expiry and was retried meanwhile changes nothing). */
export async function completeJob(db: Kysely<DB>, id: string, attempt: number, now: Date): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ state: 'completed', finished_at: now, expires_at: null })
    .where('id', '=', id)
    .where('state', '=', 'active')
    .where('attempt', '=', attempt)
    .execute();
}

/**
 * The try failed: retried after `retry_delay_seconds` doubled at each further try, or kept as
 * `failed` once its tries are spent. Only an active try is failed (an expired one may have been
 * failed already by another runner).
 */
export async function failJob(db: Kysely<DB>, id: string, attempt: number, error: string, now: Date): Promise<JobState | undefined> {
  const result = await sql<{ state: JobState }>`
    update jobs set
      state = case when attempt >= max_attempts then 'failed' else 'created' end,
      start_after = ${now}::timestamptz + make_interval(secs => retry_delay_seconds * power(2, greatest(attempt - 1, 0))),
      finished_at = case when attempt >= max_attempts then ${now}::timestamptz end,
      expires_at = null,
      last_error = ${error.slice(0, 2000)},
      last_error_at = ${now}
    where id = ${id} and state = 'active' and attempt = ${attempt}
    returning state`.execute(db);
  return result.rows[0]?.state;
}

/** Tries past their expiry (their process died or hangs): they are failed and so retried. */
export async function expiredJobs(db: Kysely<DB>, names: readonly string[], now: Date): Promise<Array<{ id: string; attempt: number }>> {
  if (names.length === 0) return [];
  return db.selectFrom('jobs').select(['id', 'attempt']).where('state', '=', 'active').where('expires_at', '<', now).where('name', 'in', names).execute();
}

/** Lets a try cut short by stopping go back to waiting, without spending a try. */
export async function releaseJob(db: Kysely<DB>, id: string, attempt: number): Promise<void> {
  await sql`update jobs set state = 'created', attempt = ${attempt - 1}, expires_at = null, started_at = null where id = ${id} and state = 'active' and attempt = ${attempt}`.execute(db);
}

/** Forgets finished jobs: completed ones after `completedDays`, failed ones after `failedDays`. */
export async function deleteOldJobs(db: Kysely<DB>, now: Date, completedDays: number, failedDays: number): Promise<void> {
  const day = 86_400_000;
  await db
    .deleteFrom('jobs')
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'completed'), eb('finished_at', '<', new Date(now.getTime() - completedDays * day))]),
        eb.and([eb('state', '=', 'failed'), eb('finished_at', '<', new Date(now.getTime() - failedDays * day))]),
      ]),
    )
    .execute();
}

export interface JobQueueRow {
  name: string;
  queued: number;
  active: number;
  failed: number;
  oldestDueAt: Date | null;
  expiredSince: Date | null;
  lastFailureAt: Date | null;
  lastFailure: string | null;
}

/** Per job name: waiting, running, failed in the last day, the oldest due job, the last failure. */
export async function jobQueueRows(db: Kysely<DB>, now: Date): Promise<JobQueueRow[]> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const result = await sql<JobQueueRow>`
    select name,
      count(*) filter (where state = 'created')::int as "queued",
      count(*) filter (where state = 'active')::int as "active",
      count(*) filter (where state = 'failed' and finished_at >= ${dayAgo})::int as "failed",
      min(start_after) filter (where state = 'created' and start_after <= ${now}) as "oldestDueAt",
      min(expires_at) filter (where state = 'active' and expires_at < ${now}) as "expiredSince",
      (array_agg(last_error_at order by last_error_at desc) filter (where last_error_at is not null))[1] as "lastFailureAt",
      (array_agg(last_error order by last_error_at desc) filter (where last_error_at is not null))[1] as "lastFailure"
    from jobs group by name`.execute(db);
  return result.rows;
}

/** The latest job of each scheduled name: when it ran (or was due) and how it stands. */
export async function lastScheduledRuns(db: Kysely<DB>, names: readonly string[]): Promise<Array<{ name: string; at: Date; state: JobState }>> {
  if (names.length === 0) return [];
  const result = await sql<{ name: string; at: Date; state: JobState }>`
    select distinct on (name) name, coalesce(started_at, slot) as at, state
    from jobs where slot is not null and state <> 'created' and name = any(${sql.val([...names])}::text[])
    order by name, slot desc`.execute(db);
  return result.rows;
}

/** The names among `names` that have a job due now. */
export async function dueJobNames(db: Kysely<DB>, names: readonly string[], now: Date): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await db.selectFrom('jobs').select('name').distinct().where('state', '=', 'created').where('start_after', '<=', now).where('name', 'in', names).execute();
  return rows.map((row) => row.name);
}
