import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';

/** Waits, a bounded number of times, until a statement matching `query` waits on a lock of kind `event` (pg_stat_activity). */
export async function waitingOn(db: Kysely<DB>, query: string, event: 'relation' | 'tuple' | 'transactionid' | 'advisory'): Promise<void> {
  for (let attempt = 0; attempt < 250; attempt++) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where wait_event_type = 'Lock' and wait_event = ${event} and query like ${`%${query}%`} and pid <> pg_backend_pid()`.execute(db);
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no statement like «${query}» came to wait on a ${event} lock within 5 s`);
}

/** Waits, a bounded number of times, until some statement waits for a lock the backend `pid` holds. */
export async function waitingFor(db: Kysely<DB>, pid: number): Promise<void> {
  for (let attempt = 0; attempt < 250; attempt++) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity where pid <> pg_backend_pid() and ${pid}::int = any(pg_blocking_pids(pid))`.execute(db);
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no statement came to wait for backend ${pid} within 5 s`);
}
