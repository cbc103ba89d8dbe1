import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { ReportJobStatus, ReportSpec } from '@ritm/domain/report-jobs';
import type { DB, ReportFailure } from '../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export type { ReportFailure };

/** A report prepared in the background, without its bytes. */
export interface ReportFileRecord {
  id: string;
  orgId: string;
  requestedBy: string;
  spec: ReportSpec;
  status: ReportJobStatus;
  fileName: string;
  size: number | null;
  error: ReportFailure | null;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  expiresAt: Date;
}

const COLUMNS = ['id', 'org_id', 'requested_by', 'spec', 'status', 'file_name', 'size', 'error', 'requested_at', 'started_at', 'finished_at', 'expires_at'] as const;

function toRecord(row: {
  id: string;
  org_id: string;
  requested_by: string;
  spec: ReportSpec;
  status: ReportJobStatus;
  file_name: string;
  size: number | null;
  error: ReportFailure | null;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date;
}): ReportFileRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    requestedBy: row.requested_by,
    spec: row.spec,
    status: row.status,
    fileName: row.file_name,
    size: row.size,
    error: row.error,
    requestedAt: row.requested_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    expiresAt: row.expires_at,
  };
}

/** Records a report asked for, `queued` until its job starts. */
export async function insertReportFile(
  db: Db,
  input: { orgId: string; requestedBy: string; spec: ReportSpec; fileName: string; requestedAt: Date; expiresAt: Date },
): Promise<ReportFileRecord> {
  const row = await db
    .insertInto('report_files')
    .values({
      org_id: input.orgId,
      requested_by: input.requestedBy,
      kind: input.spec.kind,
      format: input.spec.format,
      spec: JSON.stringify(input.spec),
      file_name: input.fileName,
      requested_at: input.requestedAt,
      expires_at: input.expiresAt,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/**
 * Holds, until the transaction ends, the requests of reports by `requestedBy`: two requests of one
 * person are recorded one after the other, so a report asked twice at once is recorded once.
 */
export async function lockReportRequests(trx: Transaction<DB>, requestedBy: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`report_requests:${requestedBy}`}, 0))`.execute(trx);
}

/**
 * When a report counts as still being prepared: queued since `queuedSince`, or running since
 * `runningSince`. A row older than that is one whose job died without saying so (a process
 * stopped on its last try, a try past its expiry), which must neither stand for a new request nor
 * fill the person's share.
 */
export interface PendingSince {
  queuedSince: Date;
  runningSince: Date;
}

const pendingSince = (since: PendingSince) => (eb: ExpressionBuilder<DB, 'report_files'>) =>
  eb.or([
    eb.and([eb('status', '=', 'queued'), eb('requested_at', '>', since.queuedSince)]),
    eb.and([eb('status', '=', 'running'), eb('started_at', '>', since.runningSince)]),
  ]);

/** The report `requestedBy` asked for of `orgId` with this very spec and still being prepared ({@link PendingSince}), if any. */
export async function pendingReportFile(db: Db, input: { orgId: string; requestedBy: string; spec: ReportSpec; since: PendingSince }): Promise<ReportFileRecord | undefined> {
  const row = await db
    .selectFrom('report_files')
    .select(COLUMNS)
    .where('org_id', '=', input.orgId)
    .where('requested_by', '=', input.requestedBy)
    .where(pendingSince(input.since))
    // jsonb compares by value: the same spec however its keys were ordered.
    .where('spec', '=', sql<ReportSpec>`${JSON.stringify(input.spec)}::jsonb`)
    .orderBy('requested_at')
    .executeTakeFirst();
  return row && toRecord(row);
}

/** How many reports `requestedBy` has being prepared ({@link PendingSince}), in every organisation. */
export async function pendingReportCount(db: Db, requestedBy: string, since: PendingSince): Promise<number> {
  const row = await db
    .selectFrom('report_files')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('requested_by', '=', requestedBy)
    .where(pendingSince(since))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Who may see a prepared report: the person who asked, in the organisation it is of, before it expires. */
interface Owner {
  userId: string;
  orgId: string;
  now: Date;
}

/** The reports `userId` asked for in `orgId` and not yet removed, newest first (at most `limit`). */
export async function reportFilesOf(db: Db, owner: Owner, limit = 50): Promise<ReportFileRecord[]> {
  const rows = await db
    .selectFrom('report_files')
    .select(COLUMNS)
    .where('requested_by', '=', owner.userId)
    .where('org_id', '=', owner.orgId)
    .where('expires_at', '>', owner.now)
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRecord);
}

/** One report of {@link reportFilesOf}; undefined for anyone else's, another organisation's or an expired one. */
export async function reportFileOf(db: Db, id: string, owner: Owner): Promise<ReportFileRecord | undefined> {
  const row = await db
    .selectFrom('report_files')
    .select(COLUMNS)
    .where('id', '=', id)
    .where('requested_by', '=', owner.userId)
    .where('org_id', '=', owner.orgId)
    .where('expires_at', '>', owner.now)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** The bytes of a ready report of {@link reportFileOf}; undefined unless it is ready. */
export async function reportFileContent(db: Db, id: string, owner: Owner): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('report_files')
    .select('content')
    .where('id', '=', id)
    .where('requested_by', '=', owner.userId)
    .where('org_id', '=', owner.orgId)
    .where('expires_at', '>', owner.now)
    .where('status', '=', 'ready')
    .executeTakeFirst();
  return row?.content ? Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength) : undefined;
}

/**
 * Marks a report `running` for a try of its job; undefined when there is nothing to build (it was
 * removed, or a try already finished it). A second try takes over a `running` row: the first try's
 * process stopped or the runner judged it dead.
 */
export async function startReportFile(db: Db, id: string, at: Date): Promise<ReportFileRecord | undefined> {
  const row = await db
    .updateTable('report_files')
    .set({ status: 'running', started_at: at })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returning(COLUMNS)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** Keeps a report's bytes: it is `ready`. False when it is no longer `running` (removed meanwhile). */
export async function finishReportFile(db: Db, id: string, content: Buffer, at: Date): Promise<boolean> {
  // Rows returned rather than counted: PGlite's driver does not report how many rows changed.
  const row = await db
    .updateTable('report_files')
    .set({ status: 'ready', content, size: content.byteLength, finished_at: at })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Keeps why a report could not be built: it is `failed`. */
export async function failReportFile(db: Db, id: string, failure: ReportFailure, at: Date): Promise<void> {
  await db
    .updateTable('report_files')
    .set({ status: 'failed', error: JSON.stringify(failure), finished_at: at })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/** Forgets a report whose job could not be enqueued. */
export async function deleteReportFile(db: Db, id: string): Promise<void> {
  await db.deleteFrom('report_files').where('id', '=', id).execute();
}

/** Removes every report whose week is over; how many. */
export async function deleteExpiredReportFiles(db: Db, now: Date): Promise<number> {
  const rows = await db.deleteFrom('report_files').where('expires_at', '<=', now).returning('id').execute();
  return rows.length;
}
