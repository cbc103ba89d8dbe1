import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { findOrgContext, type OrganisationContext } from '../repositories/org-context.js';
import { loadOrgContext } from './org-context.js';

/** The two sides of the database: where writes go, and where dashboards and reports read (the same one without a replica). */
export interface Databases {
  primary: Kysely<DB>;
  read: Kysely<DB>;
}

/** Where a dashboard or report of one organisation reads, and the organisation as read there. */
export interface ReadSide {
  db: Kysely<DB>;
  org: OrganisationContext;
}

/**
 * The read side (the replica, DATABASE_READ_URL) for an organisation it knows; the primary for one
 * it does not know yet — created within the replica's replay lag — so that opening the dashboard
 * of an organisation just created answers it rather than 404.
 * @throws 404 `not_found` when the primary does not know it either.
 */
export async function readSideOf({ primary, read }: Databases, orgId: string): Promise<ReadSide> {
  const org = read === primary ? undefined : await findOrgContext(read, orgId);
  if (org) return { db: read, org };
  return { db: primary, org: await loadOrgContext(primary, orgId) };
}

/**
 * `read` run on the read side of an organisation ({@link readSideOf}), and run once more on the
 * primary when the replica fails under it: a replica that goes away in the middle of a read
 * (stopped, restarted, its connection cut), or cancels it for a conflict with its recovery. A
 * new connection to a replica that cannot be reached already goes to the primary
 * (db/connection.ts); this covers the reads that were under way, so a dashboard asked at that
 * moment gets its answer rather than a 503. `read` only reads: running it twice changes nothing.
 * Not for an answer sent while it is read (a streamed report): its first bytes are gone by then.
 * Each read again is logged to `log` as a warning, with why.
 */
export async function onReadSide<T>(sides: Databases, orgId: string, read: (side: ReadSide) => Promise<T>, log: RetryLog): Promise<T> {
  let side: ReadSide | undefined;
  try {
    side = await readSideOf(sides, orgId);
    return await read(side);
  } catch (error) {
    const onReplica = sides.read !== sides.primary && (side === undefined || side.db === sides.read);
    if (!onReplica || !replicaGaveUp(error)) throw error;
    log.warn({ err: error }, READ_AGAIN);
    return read({ db: sides.primary, org: await loadOrgContext(sides.primary, orgId) });
  }
}

/** Where {@link onReadSide} says it read again: a request's logger, or a job's. */
export interface RetryLog {
  warn(payload: object, message: string): void;
}

// The connection that failed may have been the primary's, lent in the replica's place while the
// replica cannot be reached (db/connection.ts): the message does not blame the replica alone.
const READ_AGAIN = 'a read on the read side failed (the replica, or the primary lent in its place): read again from the primary';

/**
 * Whether a read failed because the replica gave it up rather than because of what it asked:
 * the connection lost or refused ({@link isDatabaseUnavailable}), or a hot standby cancelling it
 * for a conflict with the changes it replays (SQLSTATE 40001, or 40P01 when it would deadlock
 * them); a read-only snapshot on a standby meets neither otherwise.
 */
export function replicaGaveUp(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === '40001' || code === '40P01';
}
