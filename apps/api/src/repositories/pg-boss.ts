import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { JobQueueRow } from './jobs.js';

// What Ritm reads from pg-boss's own tables (its schema on the PostgreSQL server; `jobs/pg-boss-runner.ts`)
// for `ritm jobs` and `/api/health`, and the SQL pg-boss runs through Ritm's pool.

/** Runs pg-boss's SQL on Ritm's pool (or in a transaction of it): `{ rows }` as pg-boss expects. */
export function pgBossExecutor(db: Kysely<DB> | Transaction<DB>): { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } {
  return {
    async executeSql(text, values = []) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}

/**
 * Holds a transaction-wide lock on one job name and singleton key, and says whether a job with
 * them waits or runs: with the lock, a check and a send in the same transaction cannot race
 * another process's (pg-boss's standard queues do not keep keys unique themselves).
 */
export async function lockSingleton(trx: Transaction<DB>, schema: string, name: string, key: string): Promise<boolean> {
  await sql`select pg_advisory_xact_lock(hashtext(${`ritm-job:${name}:${key}`}))`.execute(trx);
  const found = await sql<{ id: string }>`
    select id from ${sql.table(`${schema}.job`)}
    where name = ${name} and singleton_key = ${key} and state in ('created', 'retry', 'active')
    limit 1`.execute(trx);
  return found.rows.length > 0;
}

/** Whether pg-boss has been installed in `schema` (its job table exists). */
export async function pgBossInstalled(db: Kysely<DB>, schema: string): Promise<boolean> {
  const result = await sql<{ found: string | null }>`select to_regclass(${`${schema}.job`})::text as found`.execute(db);
  return result.rows[0]?.found != null;
}

type PgBossQueueRow = Omit<JobQueueRow, 'lastFailure'> & { lastFailure: unknown };

/** Per job name: waiting (or waiting to retry), running, failed in the last day, the oldest due, the last failure. */
export async function pgBossQueueRows(db: Kysely<DB>, schema: string, names: readonly string[]): Promise<JobQueueRow[]> {
  if (names.length === 0) return [];
  const result = await sql<PgBossQueueRow>`
    select name,
      count(*) filter (where state in ('created', 'retry'))::int as "queued",
      count(*) filter (where state = 'active')::int as "active",
      count(*) filter (where state = 'failed' and completed_on >= now() - interval '1 day')::int as "failed",
      min(start_after) filter (where state in ('created', 'retry') and start_after <= now()) as "oldestDueAt",
      min(started_on + expire_in) filter (where state = 'active' and started_on + expire_in < now()) as "expiredSince",
      (array_agg(coalesce(completed_on, started_on) order by coalesce(completed_on, started_on) desc) filter (where output is not null and state in ('failed', 'retry')))[1] as "lastFailureAt",
      (array_agg(output order by coalesce(completed_on, started_on) desc) filter (where output is not null and state in ('failed', 'retry')))[1] as "lastFailure"
    from ${sql.table(`${schema}.job`)}
    where name = any(${sql.val([...names])}::text[])
    group by name`.execute(db);
  return result.rows.map((row) => ({ ...row, lastFailure: row.lastFailure === null ? null : failureMessage(row.lastFailure) }));
}

/** The message pg-boss kept as a failed try's output (`{ message, … }`). */
function failureMessage(output: unknown): string {
  if (output && typeof output === 'object' && 'message' in output && typeof output.message === 'string') return output.message;
  return typeof output === 'string' ? output : JSON.stringify(output);
}

/** The latest started run of each scheduled name, kept or archived. */
export async function pgBossLastRuns(db: Kysely<DB>, schema: string, names: readonly string[]): Promise<Array<{ name: string; at: Date; state: string }>> {
  if (names.length === 0) return [];
  const result = await sql<{ name: string; at: Date; state: string }>`
    select distinct on (name) name, started_on as at, state::text as state from (
      select name, started_on, state from ${sql.table(`${schema}.job`)} where name = any(${sql.val([...names])}::text[]) and started_on is not null
      union all
      select name, started_on, state from ${sql.table(`${schema}.archive`)} where name = any(${sql.val([...names])}::text[]) and started_on is not null
    ) runs
    order by name, started_on desc`.execute(db);
  return result.rows;
}
