import { sql, type Kysely, type Transaction } from 'kysely';
import { FETCHED_SOURCE_TYPES, type EvidenceSourceType, type SourceErrorInfo } from '@ritm/domain/evidence-source';
import type { DB } from '../db/schema.js';
import { inArchive } from './orgs.js';
import { deleteVersioned, mapWritten, updateVersioned, type VersionedChanges, type VersionedWrite } from './versioned.js';

/** A stored evidence source, as the service reads it (the sealed token included: it never leaves the service). */
export interface SourceRecord {
  id: string;
  orgId: string;
  channelId: string;
  type: EvidenceSourceType;
  name: string;
  url: string | null;
  target: string | null;
  tokenSealed: string | null;
  enabled: boolean;
  intervalMinutes: number | null;
  state: Record<string, unknown>;
  lastFetchedAt: string | null;
  lastSuccessAt: string | null;
  nextFetchAt: string | null;
  failuresInARow: number;
  lastError: SourceErrorInfo | null;
  postCount: number;
  version: number;
  createdAt: string;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function selectSources(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('evidence_sources as s')
    .select([
      's.id',
      's.org_id',
      's.channel_id',
      's.type',
      's.name',
      's.url',
      's.target',
      's.token_sealed',
      's.enabled',
      's.interval_minutes',
      's.state',
      's.last_fetched_at',
      's.last_success_at',
      's.next_fetch_at',
      's.failures_in_a_row',
      's.last_error',
      's.version',
      's.created_at',
      sql<number>`(select count(*)::int from evidence_posts p where p.source_id = s.id)`.as('post_count'),
    ]);
}

type SourceRow = Awaited<ReturnType<ReturnType<typeof selectSources>['executeTakeFirstOrThrow']>>;

function toSource(row: SourceRow): SourceRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    channelId: row.channel_id,
    type: row.type,
    name: row.name,
    url: row.url,
    target: row.target,
    tokenSealed: row.token_sealed,
    enabled: row.enabled,
    intervalMinutes: row.interval_minutes,
    state: row.state,
    lastFetchedAt: iso(row.last_fetched_at),
    lastSuccessAt: iso(row.last_success_at),
    nextFetchAt: iso(row.next_fetch_at),
    failuresInARow: row.failures_in_a_row,
    lastError: row.last_error,
    postCount: Number(row.post_count),
    version: row.version,
    createdAt: iso(row.created_at)!,
  };
}

/** Sources of an organisation (every channel, or one), oldest first. */
export async function listSources(db: Kysely<DB>, orgId: string, channelId?: string): Promise<SourceRecord[]> {
  let query = selectSources(db).where('s.org_id', '=', orgId);
  if (channelId !== undefined) query = query.where('s.channel_id', '=', channelId);
  const rows = await query.orderBy('s.created_at').orderBy('s.id').execute();
  return rows.map(toSource);
}

/** One source of the organisation; `forUpdate` holds its row until the transaction ends (one read at a time). */
export async function findSource(
  db: Kysely<DB> | Transaction<DB>,
  sourceId: string,
  scope: { orgId?: string; channelId?: string } = {},
  options: { forUpdate?: boolean } = {},
): Promise<SourceRecord | undefined> {
  let query = selectSources(db).where('s.id', '=', sourceId);
  if (scope.orgId !== undefined) query = query.where('s.org_id', '=', scope.orgId);
  if (scope.channelId !== undefined) query = query.where('s.channel_id', '=', scope.channelId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toSource(row);
}

export type NewSource = Pick<SourceRecord, 'orgId' | 'channelId' | 'type' | 'name' | 'url' | 'target' | 'tokenSealed' | 'intervalMinutes' | 'state'> & {
  nextFetchAt: Date | null;
  createdBy: string | null;
  /** Of a Telegram bot's token (see `fingerprintSecret`). */
  tokenFingerprint?: string | null;
};

/** Whether another Telegram bot source holds a token with this fingerprint. */
export async function botTokenInUse(trx: Transaction<DB>, fingerprint: string, exceptSourceId?: string): Promise<boolean> {
  let query = trx.selectFrom('evidence_sources').select('id').where('type', '=', 'telegram_bot').where('token_fingerprint', '=', fingerprint);
  if (exceptSourceId !== undefined) query = query.where('id', '<>', exceptSourceId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertSource(trx: Transaction<DB>, source: NewSource): Promise<string> {
  const row = await trx
    .insertInto('evidence_sources')
    .values({
      org_id: source.orgId,
      channel_id: source.channelId,
      type: source.type,
      name: source.name,
      url: source.url,
      target: source.target,
      token_sealed: source.tokenSealed,
      token_fingerprint: source.tokenFingerprint ?? null,
      interval_minutes: source.intervalMinutes,
      state: JSON.stringify(source.state),
      next_fetch_at: source.nextFetchAt,
      created_by: source.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What an editor may change on a source, as stored. */
export type SourceChanges = Pick<
  VersionedChanges<'evidence_sources'>,
  'name' | 'enabled' | 'interval_minutes' | 'url' | 'target' | 'token_sealed' | 'token_fingerprint' | 'state' | 'next_fetch_at' | 'failures_in_a_row' | 'last_error'
>;

/** Changes a source if it still has the `expected` version. */
export async function updateSource(trx: Transaction<DB>, id: string, expected: number, changes: SourceChanges): Promise<VersionedWrite<number>> {
  const set = changes.state === undefined ? changes : { ...changes, state: JSON.stringify(changes.state) };
  return mapWritten(await updateVersioned(trx, 'evidence_sources', id, expected, set), (row) => row.version);
}

export async function deleteSource(trx: Transaction<DB>, id: string, expected: number): Promise<VersionedWrite<unknown>> {
  return deleteVersioned(trx, 'evidence_sources', id, expected);
}

/**
 * A read's outcome on the source. A read is the source's own bookkeeping, not an editor's change:
 * the version stays, so an open form does not conflict with the scheduler.
 */
export async function recordRead(
  db: Kysely<DB> | Transaction<DB>,
  id: string,
  outcome:
    | { ok: true; at: Date; state: Record<string, unknown>; nextFetchAt: Date | null }
    | { ok: false; at: Date; error: SourceErrorInfo; nextFetchAt: Date | null },
): Promise<void> {
  const common = { last_fetched_at: outcome.at, next_fetch_at: outcome.nextFetchAt, lease_until: null };
  await db
    .updateTable('evidence_sources')
    .set(
      outcome.ok
        ? { ...common, last_success_at: outcome.at, failures_in_a_row: 0, last_error: null, state: JSON.stringify(outcome.state) }
        : { ...common, failures_in_a_row: sql<number>`failures_in_a_row + 1`, last_error: JSON.stringify(outcome.error) },
    )
    .where('id', '=', id)
    .execute();
}

/**
 * Claims up to `limit` enabled, fetched sources that are due (and not leased by another process,
 * nor in an archived organisation) until `leaseUntil`, in one statement: rows another process is
 * claiming are skipped, not waited for, so two API processes never read one source at once.
 */
export async function claimDueSources(db: Kysely<DB>, now: Date, leaseUntil: Date, limit: number): Promise<string[]> {
  const result = await sql<{ id: string }>`
    update evidence_sources set lease_until = ${leaseUntil}
    where id in (
      select s.id from evidence_sources s
      join organisations o on o.id = s.org_id
      where s.enabled and s.next_fetch_at <= ${now}
        and (s.lease_until is null or s.lease_until < ${now})
        and s.type = any(${sql.val([...FETCHED_SOURCE_TYPES])}::text[])
        and not ${inArchive('o.path')}
      order by s.next_fetch_at
      limit ${limit}
      for update of s skip locked
    )
    returning id`.execute(db);
  return result.rows.map((row) => row.id);
}

/** Lets a claimed source go (the process is closing before it read it). */
export async function releaseLease(db: Kysely<DB>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('evidence_sources').set({ lease_until: null }).where('id', 'in', ids).execute();
}

/** The fetched sources (enabled) of an organisation, or of its subtree, outside any archive: for `ritm evidence fetch`. */
export async function listFetchedSources(db: Kysely<DB>, orgPath: string, subtree: boolean): Promise<Array<{ id: string; orgId: string; name: string; type: EvidenceSourceType }>> {
  let query = db
    .selectFrom('evidence_sources as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select(['s.id', 's.org_id', 's.name', 's.type'])
    .where('s.enabled', '=', true)
    .where('s.type', 'in', [...FETCHED_SOURCE_TYPES])
    .where(sql<boolean>`not ${inArchive('o.path')}`);
  query = subtree ? query.where('o.path', 'like', `${orgPath}%`) : query.where('o.path', '=', orgPath);
  const rows = await query.orderBy('o.path').orderBy('s.created_at').execute();
  return rows.map((row) => ({ id: row.id, orgId: row.org_id, name: row.name, type: row.type }));
}
