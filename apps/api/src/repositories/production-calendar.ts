import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DateRange } from '@ritm/domain/local-date';
import { PRODUCTION_CALENDAR, type ProductionDayKind, type ProductionYear } from '@ritm/domain/production-calendar';
import type { DB } from '../db/schema.js';
import type { OrganisationContext } from './org-context.js';

/** A stored entry with where it was set (`depth`: null for the federal calendar). */
export interface StoredProductionDay {
  id: string;
  orgId: string | null;
  orgName: string | null;
  depth: number | null;
  day: string;
  kind: ProductionDayKind;
  name: string;
  source: string;
  shipped: boolean;
  version: number;
  updatedAt: string;
}

type Db = Kysely<DB> | Transaction<DB>;

function select(db: Db) {
  return db
    .selectFrom('production_calendar_days as p')
    .leftJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.org_id', 'o.name as org_name', 'o.depth', 'p.day', 'p.kind', 'p.name', 'p.source', 'p.shipped', 'p.version', 'p.updated_at'])
    .orderBy('p.day')
    .orderBy('o.depth');
}

function toDay(row: Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number]): StoredProductionDay {
  return {
    id: row.id,
    orgId: row.org_id,
    orgName: row.org_name,
    depth: row.org_id === null ? null : row.depth,
    day: row.day,
    kind: row.kind,
    name: row.name,
    source: row.source,
    shipped: row.shipped,
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The federal calendar's entries over a range. */
export async function federalProductionDays(db: Db, range: DateRange): Promise<StoredProductionDay[]> {
  const rows = await select(db).where('p.org_id', 'is', null).where('p.day', '>=', range.from).where('p.day', '<=', range.to).execute();
  return rows.map(toDay);
}

/**
 * Every entry that may bind an organisation over a range: the federal ones and those set at it
 * and above it (the domain's `effectiveProductionDays` picks one a day).
 */
export async function productionDaysOfLineage(db: Db, org: Pick<OrganisationContext, 'lineage'>, range: DateRange): Promise<StoredProductionDay[]> {
  const rows = await select(db)
    .where((eb) => eb.or([eb('p.org_id', 'is', null), eb('p.org_id', 'in', org.lineage)]))
    .where('p.day', '>=', range.from)
    .where('p.day', '<=', range.to)
    .execute();
  return rows.map(toDay);
}

/** One entry of a calendar: the federal one (`orgId` null) or an organisation's own. */
export async function findProductionDay(db: Db, orgId: string | null, id: string): Promise<StoredProductionDay | undefined> {
  const query = select(db).where('p.id', '=', id);
  const row = await (orgId === null ? query.where('p.org_id', 'is', null) : query.where('p.org_id', '=', orgId)).executeTakeFirst();
  return row && toDay(row);
}

export interface NewProductionDay {
  orgId: string | null;
  day: string;
  kind: ProductionDayKind;
  name: string;
  source: string;
}

/** Adds an entry; undefined when its calendar already has one on that day. */
export async function insertProductionDay(trx: Transaction<DB>, entry: NewProductionDay): Promise<{ id: string; version: number } | undefined> {
  return trx
    .insertInto('production_calendar_days')
    .values({ org_id: entry.orgId, day: entry.day, kind: entry.kind, name: entry.name, source: entry.source })
    .onConflict((oc) =>
      (entry.orgId === null ? oc.column('day').where('org_id', 'is', null) : oc.columns(['org_id', 'day']).where('org_id', 'is not', null)).doNothing(),
    )
    .returning(['id', 'version'])
    .executeTakeFirst();
}

/** Records that someone changed a year of the federal calendar: the shipped data no longer replaces it. */
export async function markFederalYearEdited(trx: Transaction<DB>, year: number): Promise<void> {
  await trx
    .insertInto('production_calendar_years')
    .values({ year, shipped_hash: '', edited: true })
    .onConflict((oc) => oc.column('year').doUpdateSet({ edited: true }))
    .execute();
}

const hashOf = (year: ProductionYear): string => createHash('sha256').update(JSON.stringify(year.days)).digest('hex');

/**
 * Fills the federal calendar from the shipped years (`@ritm/domain/production-calendar`), run
 * after every migration: a year never written is written; a year written from other shipped data
 * and edited by nobody since is replaced (a release that learnt the year's decree); a year
 * someone edited is left as it is. Idempotent.
 * @returns the years written.
 */
export async function syncShippedProductionCalendar(db: Kysely<DB>, shipped: readonly ProductionYear[] = PRODUCTION_CALENDAR): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const known = new Map((await trx.selectFrom('production_calendar_years').select(['year', 'shipped_hash', 'edited']).forUpdate().execute()).map((row) => [row.year, row]));
    const written: number[] = [];
    for (const year of shipped) {
      const hash = hashOf(year);
      const before = known.get(year.year);
      if (before !== undefined && (before.edited || before.shipped_hash === hash)) continue;
      if (before !== undefined) {
        await trx
          .deleteFrom('production_calendar_days')
          .where('org_id', 'is', null)
          .where('shipped', '=', true)
          .where(sql<number>`extract(year from day)::int`, '=', year.year)
          .execute();
      }
      if (year.days.length > 0) {
        await trx
          .insertInto('production_calendar_days')
          .values(year.days.map((d) => ({ org_id: null, day: d.day, kind: d.kind, name: d.name, source: d.source, shipped: true })))
          .onConflict((oc) => oc.column('day').where('org_id', 'is', null).doNothing())
          .execute();
      }
      await trx
        .insertInto('production_calendar_years')
        .values({ year: year.year, shipped_hash: hash })
        .onConflict((oc) => oc.column('year').doUpdateSet({ shipped_hash: hash }))
        .execute();
      written.push(year.year);
    }
    return written;
  });
}
