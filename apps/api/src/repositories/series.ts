import { sql, type Kysely, type Transaction } from 'kysely';
import type { ItemStatus } from '@ritm/domain/item';
import type { DB, SeriesTemplateRow } from '../db/schema.js';
import { utcIso } from './items.js';
import { inArchive } from './orgs.js';

/** A series as stored, dates as text, instants in UTC ISO form. */
export interface SeriesRecord {
  id: string;
  orgId: string;
  rrule: string;
  /** The first occurrence's `at`: a local date, or an instant (`…Z`). */
  startsAt: string;
  startDay: string;
  skipNonWorkingDays: boolean;
  exdates: string[];
  /** The exdates that are non-working days the series skipped (not a user's deletions). */
  skippedDays: string[];
  materialisedUntil: string | null;
  lastDay: string | null;
  template: SeriesTemplateRow;
  version: number;
  createdAt: string;
  /** Occurrences that exist now. */
  occurrenceCount: number;
}

/** What a new series or a changed one stores. */
export interface SeriesValues {
  rrule: string;
  startsAtDate: string | null;
  startsAtInstant: Date | null;
  startDay: string;
  skipNonWorkingDays: boolean;
  exdates: readonly string[];
  /** Left out when unchanged; always a subset of `exdates`. */
  skippedDays?: readonly string[];
  materialisedUntil: string | null;
  lastDay: string | null;
  template: SeriesTemplateRow;
}

/** An occurrence as a series change needs it. */
export interface OccurrenceRow {
  id: string;
  seriesDay: string;
  status: ItemStatus;
  detached: boolean;
}

function selectSeries(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('item_series as s')
    .select([
      's.id',
      's.org_id',
      's.rrule',
      sql<string>`coalesce(s.starts_at_date::text, ${utcIso('s.starts_at_instant')})`.as('starts_at'),
      sql<string>`s.start_day::text`.as('start_day'),
      's.skip_non_working_days',
      sql<string[]>`array_to_json(coalesce((select array_agg(d::text order by d) from unnest(s.exdates) d), '{}'::text[]))`.as('exdates'),
      sql<string[]>`array_to_json(coalesce((select array_agg(d::text order by d) from unnest(s.skipped_days) d), '{}'::text[]))`.as('skipped_days'),
      sql<string | null>`s.materialised_until::text`.as('materialised_until'),
      sql<string | null>`s.last_day::text`.as('last_day'),
      's.template',
      's.version',
      utcIso('s.created_at').as('created_at'),
      sql<number>`(select count(*)::int from items i where i.series_id = s.id)`.as('occurrence_count'),
    ]);
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectSeries>['executeTakeFirstOrThrow']>>;

function toRecord(row: SelectedRow): SeriesRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    rrule: row.rrule,
    startsAt: row.starts_at,
    startDay: row.start_day,
    skipNonWorkingDays: row.skip_non_working_days,
    exdates: typeof row.exdates === 'string' ? (JSON.parse(row.exdates) as string[]) : row.exdates,
    skippedDays: typeof row.skipped_days === 'string' ? (JSON.parse(row.skipped_days) as string[]) : row.skipped_days,
    materialisedUntil: row.materialised_until,
    lastDay: row.last_day,
    template: (typeof row.template === 'string' ? JSON.parse(row.template) : row.template) as SeriesTemplateRow,
    version: row.version,
    createdAt: row.created_at,
    occurrenceCount: row.occurrence_count,
  };
}

/** A series of the organisation; with `lock`, held until the transaction ends (one writer per series: an extension and an edit never interleave). */
export async function findSeries(db: Kysely<DB> | Transaction<DB>, orgId: string, id: string, options: { lock?: boolean } = {}): Promise<SeriesRecord | undefined> {
  let query = selectSeries(db).where('s.id', '=', id).where('s.org_id', '=', orgId);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toRecord(row);
}

/** The organisation's series, newest first. */
export async function listSeries(db: Kysely<DB>, orgId: string): Promise<SeriesRecord[]> {
  const rows = await selectSeries(db).where('s.org_id', '=', orgId).orderBy('s.created_at', 'desc').orderBy('s.id').execute();
  return rows.map(toRecord);
}

const columns = (values: SeriesValues) => ({
  rrule: values.rrule,
  starts_at_date: values.startsAtDate,
  starts_at_instant: values.startsAtInstant,
  start_day: values.startDay,
  skip_non_working_days: values.skipNonWorkingDays,
  exdates: [...values.exdates].sort(),
  ...(values.skippedDays !== undefined && { skipped_days: [...values.skippedDays].sort() }),
  materialised_until: values.materialisedUntil,
  last_day: values.lastDay,
  template: JSON.stringify(values.template),
});

export async function insertSeries(trx: Transaction<DB>, orgId: string, values: SeriesValues, userId: string | null): Promise<string> {
  const row = await trx
    .insertInto('item_series')
    .values({ ...columns(values), org_id: orgId, created_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Rewrites a series the caller holds locked; its version goes up when `bump` (a change a client made, not an extension). */
export async function updateSeries(trx: Transaction<DB>, id: string, values: SeriesValues, bump: boolean): Promise<void> {
  await trx
    .updateTable('item_series')
    .set({ ...columns(values), ...(bump && { version: sql<number>`version + 1`, updated_at: sql<Date>`now()` }) })
    .where('id', '=', id)
    .execute();
}

export async function deleteSeriesRow(trx: Transaction<DB>, id: string): Promise<void> {
  // The occurrences that stay (done ones) become plain items: no day on a rule that is gone.
  await trx.updateTable('items').set({ series_day: null, series_detached: false }).where('series_id', '=', id).execute();
  await trx.deleteFrom('item_series').where('id', '=', id).execute();
}

/** Marks items as occurrences of a series on their days of the rule, in one statement. */
export async function attachOccurrences(trx: Transaction<DB>, seriesId: string, occurrences: ReadonlyArray<{ id: string; day: string }>): Promise<void> {
  if (occurrences.length === 0) return;
  await trx
    .updateTable('items')
    .from(sql<{ id: string; day: string }>`(select unnest(${occurrences.map((o) => o.id)}::uuid[]) as id, unnest(${occurrences.map((o) => o.day)}::date[]) as day)`.as('v'))
    .set({ series_id: seriesId, series_day: sql<string>`v.day` })
    .whereRef('items.id', '=', 'v.id')
    .execute();
}

/** A series' occurrences (from a day of the rule on, when given), in day order. */
export async function occurrencesOf(trx: Transaction<DB>, seriesId: string, from?: string): Promise<OccurrenceRow[]> {
  let query = trx
    .selectFrom('items')
    .select(['id', sql<string>`series_day::text`.as('series_day'), 'status', 'series_detached'])
    .where('series_id', '=', seriesId);
  if (from !== undefined) query = query.where('series_day', '>=', from);
  const rows = await query.orderBy('series_day').execute();
  return rows.map((row) => ({ id: row.id, seriesDay: row.series_day, status: row.status, detached: row.series_detached }));
}

/** Hands a series' occurrences from a day of the rule on to another series ("this and following"). */
export async function moveOccurrences(trx: Transaction<DB>, fromSeriesId: string, toSeriesId: string, fromDay: string): Promise<void> {
  await trx.updateTable('items').set({ series_id: toSeriesId }).where('series_id', '=', fromSeriesId).where('series_day', '>=', fromDay).execute();
}

/** An occurrence was changed alone: changes to its whole series leave it be from now on. */
export async function markDetached(trx: Transaction<DB>, itemId: string): Promise<void> {
  await trx.updateTable('items').set({ series_detached: true }).where('id', '=', itemId).where('series_detached', '=', false).execute();
}

/**
 * An occurrence deleted alone becomes an exception date of its series, so an extension never
 * makes it again. Not a change of the series itself: its version stays.
 */
export async function addExdate(trx: Transaction<DB>, seriesId: string, day: string): Promise<void> {
  await trx
    .updateTable('item_series')
    .set({ exdates: sql<string[]>`array(select distinct d from unnest(array_append(exdates, ${day}::date)) d order by d)` })
    .where('id', '=', seriesId)
    .execute();
}

/** Deletes items (occurrences of a series ending); the ids deleted. */
export async function deleteItemRows(trx: Transaction<DB>, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await trx.deleteFrom('items').where('id', 'in', ids).returning('id').execute();
  return rows.map((row) => row.id);
}

/** Series not yet made up to `horizonOf(their organisation's zone)`: candidates for the extension job, with their zone. */
export async function seriesShortOf(db: Kysely<DB>, latestHorizon: string): Promise<Array<{ id: string; orgId: string; materialisedUntil: string; timeZone: string }>> {
  const rows = await db
    .selectFrom('item_series as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select(['s.id', 's.org_id', sql<string>`s.materialised_until::text`.as('materialised_until'), 'o.timezone'])
    .where('s.materialised_until', 'is not', null)
    .where('s.materialised_until', '<', latestHorizon)
    // Archive is inherited: an organisation under an archived one is archived too.
    .where(sql<boolean>`not ${inArchive('o.path')}`)
    .orderBy('s.materialised_until')
    .execute();
  return rows.map((row) => ({ id: row.id, orgId: row.org_id, materialisedUntil: row.materialised_until, timeZone: row.timezone }));
}

/** Series by id (those of a calendar feed's items), whichever organisation: the caller has judged access to their items. */
export async function findSeriesByIds(db: Kysely<DB>, ids: readonly string[]): Promise<SeriesRecord[]> {
  if (ids.length === 0) return [];
  const rows = await selectSeries(db).where('s.id', 'in', ids).orderBy('s.id').execute();
  return rows.map(toRecord);
}
