import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { COUNTED_STATUSES, countingSelector, selectorKey, selects, type CountingGroup, type CountingSelector, type GroupCount } from '@ritm/domain/counting-groups';
import { GroupCounts } from '@ritm/domain/evaluate';
import { fromDayNumber, toDayNumber, type LocalDate } from '@ritm/domain/local-date';
import type { DB } from '../db/schema.js';
import { confirmedColumn } from './items.js';

/** A domain counting group of one organisation, judged with that organisation's today. */
export interface OrganisationCountingGroup {
  orgId: string;
  today: LocalDate;
  group: CountingGroup;
  /** The organisation counts only confirmed items as done (its `countOnlyConfirmed`). */
  onlyConfirmed?: boolean;
}


/**
 * Counts items for many organisations' counting groups in ONE statement, whatever their number:
 * the groups travel as parallel arrays (one element per group and kind) and meet the subtree's
 * items over the whole span in one hash join on (organisation, kind), each item read once from
 * `items (org_id, local_day)`; one line comes back per non-zero (group, period). Statuses are classed by the domain ({@link COUNTED_STATUSES}).
 * It takes a transaction because it changes the planner's settings for the rest of it.
 * @returns counts per organisation, `group` indexing that organisation's groups in input order.
 */
export async function countGroups(trx: Transaction<DB>, groups: readonly OrganisationCountingGroup[]): Promise<Map<string, GroupCount[]>> {
  const gridIndex = new Map<string, number>();
  const byKey: { orgId: string; group: number }[] = [];
  const perOrg = new Map<string, number>();
  const keys: number[] = [];
  const orgs: string[] = [];
  const grids: number[] = [];
  const todays: string[] = [];
  const onlyConfirmed: boolean[] = [];
  const kinds: (string | null)[] = [];
  const channels: (string | null)[] = [];
  for (const { orgId, today, group, onlyConfirmed: only } of groups) {
    const key = byKey.length;
    const index = perOrg.get(orgId) ?? 0;
    perOrg.set(orgId, index + 1);
    byKey.push({ orgId, group: index });
    const starts = group.periodStarts.join(',');
    let grid = gridIndex.get(starts);
    if (grid === undefined) {
      grid = gridIndex.size + 1;
      gridIndex.set(starts, grid);
    }
    // Each kind once: a norm may name one twice, and the join would count its items twice.
    for (const kind of group.kinds === null ? [null] : new Set(group.kinds)) {
      keys.push(key);
      orgs.push(orgId);
      grids.push(grid);
      todays.push(today);
      onlyConfirmed.push(only === true);
      kinds.push(kind);
      channels.push(group.channels === null ? null : `{${group.channels.join(',')}}`);
    }
  }
  const result = new Map<string, GroupCount[]>();
  if (keys.length === 0) return result;
  let first = '9999-12-31';
  let end = '0001-01-01';
  for (const { group } of groups) {
    const starts = group.periodStarts;
    if (starts[0]! < first) first = starts[0]!;
    if (starts[starts.length - 1]! > end) end = starts[starts.length - 1]!;
  }
  const orgIds = [...perOrg.keys()];
  const counts = sql`${[...COUNTED_STATUSES.done, ...COUNTED_STATUSES.open]}::text[]`;
  const confirmed = confirmedColumn('i');
  // The planner cannot see how many groups the arrays hold; a hash join of the subtree's items
  // on (organisation, kind) reads each item once, and the aggregate fits in memory.
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`set local enable_mergejoin = off`.execute(trx);
  await sql`set local enable_nestloop = off`.execute(trx);
  await sql`set local enable_sort = off`.execute(trx);
  // One text of `key,period,actual,planned,overdue;…` lines: 140,000 rows as pg row objects cost more to parse than the query.
  const rows = await sql<{ lines: string | null }>`
    with grid as materialized (
      select n::int as grid, starts::date[] as starts
      from unnest(${[...gridIndex.keys()].map((s) => `{${s}}`)}::text[]) with ordinality as t(starts, n)
    ), g as materialized (
      select t.key, t.org, t.kind, t.channels::uuid[] as channels, t.today, t.only_confirmed, grid.starts,
             grid.starts[1] as first_day, grid.starts[array_length(grid.starts, 1)] as end_day
      from unnest(${keys}::int[], ${orgs}::uuid[], ${grids}::int[], ${todays}::date[], ${kinds}::text[], ${channels}::text[], ${onlyConfirmed}::boolean[])
           as t(key, org, grid, today, kind, channels, only_confirmed)
      join grid using (grid)
    ), counted as (
      select g.key, width_bucket(i.local_day, g.starts) - 1 as period, g.today, i.local_day, i.status, ${confirmed} as confirmed, g.only_confirmed
      from items i join g on i.org_id = g.org and i.kind = g.kind
      where i.org_id = any(${orgIds}::uuid[]) and i.local_day >= ${first}::date and i.local_day < ${end}::date
        and i.local_day >= g.first_day and i.local_day < g.end_day and i.status = any(${counts})
        and (g.channels is null or i.channel_ids && g.channels)
      union all
      select g.key, width_bucket(i.local_day, g.starts) - 1 as period, g.today, i.local_day, i.status, ${confirmed} as confirmed, g.only_confirmed
      from g cross join lateral (
        select local_day, status, channel_ids, url, attachment_count from items
        where org_id = g.org and local_day >= g.first_day and local_day < g.end_day and status = any(${counts})
          and org_id = any(${orgIds}::uuid[]) and local_day >= ${first}::date and local_day < ${end}::date
      ) i
      where g.kind is null and (g.channels is null or i.channel_ids && g.channels)
    )
    select string_agg(concat_ws(',', key, period, actual, confirmed, planned, overdue), ';') as lines from (
      select key, period,
             count(*) filter (where status = any(${COUNTED_STATUSES.done}::text[]) and (confirmed or not only_confirmed)) as actual,
             count(*) filter (where confirmed) as confirmed,
             count(*) filter (where status = any(${COUNTED_STATUSES.open}::text[]) and local_day >= today) as planned,
             count(*) filter (where status = any(${COUNTED_STATUSES.open}::text[]) and local_day < today) as overdue
      from counted
      group by key, period) t`.execute(trx);
  // The settings above suit this statement only: the transaction's next statements plan as usual.
  for (const setting of ['work_mem', 'enable_mergejoin', 'enable_nestloop', 'enable_sort']) await sql`set local ${sql.raw(setting)} to default`.execute(trx);
  forEachLine(rows.rows[0]?.lines ?? '', (key, period, actual, confirmed, planned, overdue) => {
    const { orgId, group } = byKey[key]!;
    const count: GroupCount = { group, period, actual, confirmed, planned, overdue };
    const list = result.get(orgId);
    if (list) list.push(count);
    else result.set(orgId, [count]);
  });
  return result;
}

/*
 * Maintained counts (issue 17; migration 20261130T0000): `group_counts` holds, per organisation,
 * counting selector (the domain's `countingSelector`: period kind, kinds, channels) and period,
 * the done, confirmed and open items, kept by triggers in the transaction of every item write.
 * Compliance reads them instead of the items; which open items are overdue is worked out at read
 * time from today (the open items of the period holding today, dated before it: a handful), so a
 * new day changes nothing stored. A selector an organisation has not registered yet (norms or
 * channels changed and not synced) is counted from the items as before: never a wrong count,
 * only a slower one.
 */

/** The lock the counting triggers take shared per bucket of organisations (see the migration). */
const COUNT_LOCK = 1_953_066_349;

type Db = Kysely<DB> | Transaction<DB>;

/** Counts of items per selector and period as the triggers keep them, from the items themselves. */
const freshCounts = (selectors: RawBuilder<unknown>) => sql`
  select s.org_id, s.id as selector_id, ritm_period_start(s.per, i.local_day) as period_start,
         (count(*) filter (where i.status = any(${[...COUNTED_STATUSES.done]}::text[])))::int as done,
         (count(*) filter (where ${confirmedColumn('i')}))::int as confirmed,
         (count(*) filter (where i.status = any(${[...COUNTED_STATUSES.open]}::text[])))::int as open
  from (${selectors}) s
  join items i on i.org_id = s.org_id and (s.kinds is null or i.kind = any(s.kinds)) and (s.channel_ids is null or i.channel_ids && s.channel_ids)
  where i.status = any(${[...COUNTED_STATUSES.done, ...COUNTED_STATUSES.open]}::text[])
  group by 1, 2, 3`;

/** The bucket of each organisation among the 256 the counting triggers lock by. */
export async function countBuckets(db: Db, orgIds: readonly string[]): Promise<Map<string, number>> {
  if (orgIds.length === 0) return new Map();
  const { rows } = await sql<{ id: string; bucket: number }>`select id, hashtext(id::text) & 255 as bucket from unnest(${orgIds}::uuid[]) as id`.execute(db);
  return new Map(rows.map((r) => [r.id, r.bucket]));
}

/** Holds off the counting triggers of these organisations' item writes until the transaction ends (all of them when `orgIds` is null). */
async function lockCounts(trx: Transaction<DB>, orgIds: readonly string[] | null): Promise<void> {
  if (orgIds === null) {
    await sql`select pg_advisory_xact_lock(${COUNT_LOCK}, b) from generate_series(0, 255) b`.execute(trx);
    return;
  }
  await sql`
    select pg_advisory_xact_lock(${COUNT_LOCK}, b)
    from (select distinct hashtext(o::text) & 255 as b from unnest(${orgIds}::uuid[]) o order by 1) buckets`.execute(trx);
}

/**
 * Takes these organisations' rows FOR KEY SHARE, in id order, as the revision triggers of
 * channels, norms and exemptions do (migration 20261130T0100); those being deleted meanwhile are
 * waited for and left out.
 * @returns the ids of the organisations still there.
 */
async function lockOrganisations(trx: Transaction<DB>, orgIds: readonly string[]): Promise<Set<string>> {
  const { rows } = await sql<{ id: string }>`select id from organisations where id = any(${orgIds}::uuid[]) order by id for key share`.execute(trx);
  return new Set(rows.map((row) => row.id));
}

/**
 * Makes each organisation's registered selectors exactly `wanted`'s (organisations absent from
 * it are left alone): new selectors are registered and counted from the items, ones no longer
 * wanted dropped with their counts. An organisation deleted meanwhile is skipped.
 * @returns how many selectors were added and dropped.
 */
export async function syncSelectors(trx: Transaction<DB>, wanted: ReadonlyMap<string, readonly CountingSelector[]>): Promise<{ added: number; dropped: number }> {
  if (wanted.size === 0) return { added: 0, dropped: 0 };
  const orgIds = [...wanted.keys()].sort();
  // The organisations before the count locks, as every writer takes them: a move or a deletion
  // holds its rows FOR UPDATE before its item writes wait for a count lock, and the selectors'
  // foreign key, asked with the count locks held, would wait for that move: each for the other.
  const present = await lockOrganisations(trx, orgIds);
  const rows = [...wanted]
    .filter(([org]) => present.has(org.toLowerCase()))
    .flatMap(([org, selectors]) => selectors.map(({ key, per, kinds, channels }) => ({ org, key, per, kinds, channels })));
  await lockCounts(trx, orgIds);
  const wantedRows = sql`select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as w(org uuid, key text, per text, kinds text[], channels uuid[])`;
  const dropped = await sql`
    delete from count_selectors s where s.org_id = any(${orgIds}::uuid[])
      and not exists (select 1 from (${wantedRows}) w where w.org = s.org_id and w.key = s.key)`.execute(trx);
  const added = await sql<{ added: number }>`
    with added as (
      insert into count_selectors (org_id, per, kinds, channel_ids, key)
      select org, per, kinds, channels, key from (${wantedRows}) w order by org, key
      on conflict (org_id, key) do nothing
      returning id, org_id, per, kinds, channel_ids
    ), counted as (
      insert into group_counts (org_id, selector_id, period_start, done, confirmed, open)
      ${freshCounts(sql`select * from added`)}
      returning 1
    )
    select (select count(*) from added)::int as added, (select count(*) from counted)::int as rows`.execute(trx);
  return { added: added.rows[0]?.added ?? 0, dropped: Number(dropped.numAffectedRows ?? 0) };
}

/**
 * The counts of these organisations' selectors (every organisation's when null) counted again
 * from the items, with item writes held off meanwhile.
 * @returns how many rows were kept wrong before (see {@link countsDrift}) and how many there are now.
 */
export async function rebuildCounts(trx: Transaction<DB>, orgIds: readonly string[] | null): Promise<{ drifted: number; rows: number }> {
  await lockCounts(trx, orgIds);
  const drifted = await countsDrift(trx, orgIds);
  const scope = orgIds === null ? sql`true` : sql`org_id = any(${orgIds}::uuid[])`;
  await sql`delete from group_counts where ${scope}`.execute(trx);
  const inserted = await sql<{ rows: number }>`
    with counted as (
      insert into group_counts (org_id, selector_id, period_start, done, confirmed, open)
      ${freshCounts(sql`select id, org_id, per, kinds, channel_ids from count_selectors where ${scope}`)}
      returning 1
    ) select count(*)::int as rows from counted`.execute(trx);
  return { drifted, rows: inserted.rows[0]?.rows ?? 0 };
}

/** How many (selector, period) rows the triggers keep differently from a count of the items (rows of zeros are none). */
export async function countsDrift(db: Db, orgIds: readonly string[] | null): Promise<number> {
  const scope = orgIds === null ? sql`true` : sql`org_id = any(${orgIds}::uuid[])`;
  const result = await sql<{ drifted: number }>`
    with fresh as (${freshCounts(sql`select id, org_id, per, kinds, channel_ids from count_selectors where ${scope}`)}),
    kept as (select org_id, selector_id, period_start, done, confirmed, open from group_counts where ${scope} and (done <> 0 or confirmed <> 0 or open <> 0))
    select count(*)::int as drifted from fresh full join kept using (org_id, selector_id, period_start)
    where fresh.done is distinct from kept.done or fresh.confirmed is distinct from kept.confirmed or fresh.open is distinct from kept.open`.execute(db);
  return result.rows[0]?.drifted ?? 0;
}

/** The keys of the selectors each organisation has registered, sorted as JavaScript sorts (not by the database's collation). */
export async function registeredSelectors(db: Db, orgIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (orgIds.length === 0) return result;
  const rows = await db.selectFrom('count_selectors').select(['org_id', 'key']).where('org_id', 'in', orgIds).execute();
  for (const { org_id, key } of rows) {
    const keys = result.get(org_id);
    if (keys) keys.push(key);
    else result.set(org_id, [key]);
  }
  for (const keys of result.values()) keys.sort();
  return result;
}

/** An organisation whose maintained counts {@link readKeptCounts} reads, before its groups are laid out. */
export interface KeptCountsRequest {
  orgId: string;
  today: LocalDate;
  /**
   * The first day of the earliest period holding today among its groups, when that is before
   * today: its open items from then to the day before today are read, which are overdue rather
   * than planned. An earlier day only reads more; null reads none.
   */
  overdueFrom: LocalDate | null;
}

/** Day numbers (days since 1970-01-01) from `first` up to, not including, `end`. */
export interface DaySpan {
  first: number;
  end: number;
}

/**
 * What is kept for some organisations over a span (read by {@link readKeptCounts}): their
 * registered selectors, each selector's counts per period, and their open items dated before
 * today in the periods holding it. {@link KeptCounts.countsOf} turns them into the counts of an
 * organisation's groups once those are laid out.
 */
export class KeptCounts {
  readonly #selectorsOf: Map<string, Map<string, number>>;
  readonly #rows: Int32Array;
  readonly #next: Int32Array;
  readonly #head: Map<number, number>;
  readonly #overdueOf: Map<string, OverdueItem[]>;
  readonly #daysOf = dayNumbersOf();
  readonly #dayOf = dayNumberOfText();

  /** @internal made by {@link readKeptCounts} */
  constructor(selectorsOf: Map<string, Map<string, number>>, rows: Int32Array, next: Int32Array, head: Map<number, number>, overdueOf: Map<string, OverdueItem[]>) {
    this.#selectorsOf = selectorsOf;
    this.#rows = rows;
    this.#next = next;
    this.#head = head;
    this.#overdueOf = overdueOf;
  }

  /**
   * The counts of one organisation's `groups` (its today and whether it counts only confirmed
   * items as done), `group` indexing them; and the indexes of the groups whose selector it has
   * not registered, which only the items can count ({@link countGroups}).
   */
  countsOf(orgId: string, today: LocalDate, groups: readonly CountingGroup[], onlyConfirmed: boolean): { counts: GroupCounts; unregistered: number[] } {
    const counts = new GroupCounts();
    const unregistered: number[] = [];
    // By the id as the database spells it, which is how it names the selectors' organisation.
    const org = orgId.toLowerCase();
    const selectors = this.#selectorsOf.get(org);
    const rows = this.#rows;
    const next = this.#next;
    groups.forEach((group, g) => {
      const selector = selectors?.get(selectorKeyOf(group));
      if (selector === undefined) {
        unregistered.push(g);
        return;
      }
      const starts = group.periodStarts;
      const days = this.#daysOf(starts);
      const current = dayPeriod(days, this.#dayOf(today));
      for (let row = this.#head.get(selector) ?? -1; row >= 0; row = next[row]!) {
        const at = row * 4;
        const period = dayPeriod(days, rows[at]!);
        if (period < 0) continue;
        const open = rows[at + 3]!;
        let overdue = 0;
        if (starts[period + 1]! <= today) overdue = open;
        else if (period === current) {
          for (const item of this.#overdueOf.get(org) ?? []) if (item.day >= starts[period]! && selects(group, item.kind, item.channels)) overdue++;
        }
        const confirmed = rows[at + 2]!;
        counts.add(g, period, onlyConfirmed ? confirmed : rows[at + 1]!, confirmed, open - overdue, overdue);
      }
    });
    return { counts, unregistered };
  }
}

interface OverdueItem {
  kind: string;
  day: string;
  channels: string[];
}

/**
 * The maintained counts of organisations over `span`, in ONE statement, read before their
 * groups are laid out (so a batch of organisations is read while the one before is judged, and
 * its layouts are made and let go a few organisations at a time): every selector each has
 * registered (sent as JSON: keys hold commas), their counts as lines of
 * `selector,day,done,confirmed,open,0` (the period's first day as days since 1970-01-01, read
 * without a string per number), and the open items from each `overdueFrom` to the day before
 * its today. Cost grows with organisations, selectors and periods, not with items or history.
 */
export async function readKeptCounts(trx: Transaction<DB>, orgs: readonly KeptCountsRequest[], span: DaySpan): Promise<KeptCounts> {
  const orgIds = orgs.map(({ orgId }) => orgId.toLowerCase());
  // One overdue read per organisation however its id is spelled: each of its items is met once.
  const overdueFrom = new Map<string, { from: LocalDate; today: LocalDate }>();
  for (const { orgId, today, overdueFrom: from } of orgs) {
    const org = orgId.toLowerCase();
    const known = overdueFrom.get(org);
    if (from !== null && (known === undefined || from < known.from)) overdueFrom.set(org, { from, today });
  }
  const read = await sql<{ selectors: string | null; lines: string | null; overdue: string | null }>`
    select
      (select json_agg(json_build_array(org_id, ids, keys))::text
       from (select org_id, array_agg(id) as ids, array_agg(key) as keys from count_selectors where org_id = any(${orgIds}::uuid[]) group by org_id) s) as selectors,
      (select string_agg(concat_ws(',', selector_id, period_start - date '1970-01-01', done, confirmed, open, 0), ';')
       from group_counts
       where org_id = any(${orgIds}::uuid[]) and period_start >= date '1970-01-01' + ${span.first}::int and period_start < date '1970-01-01' + ${span.end}::int
         and (done <> 0 or open <> 0)) as lines,
      (select json_agg(json_build_array(t.org, i.kind, i.local_day, i.channel_ids))::text
       from unnest(${[...overdueFrom.keys()]}::uuid[], ${[...overdueFrom.values()].map((o) => o.from)}::date[], ${[...overdueFrom.values()].map((o) => o.today)}::date[]) as t(org, from_day, today)
       join items i on i.org_id = t.org and i.local_day >= t.from_day and i.local_day < t.today
       where i.status = any(${[...COUNTED_STATUSES.open]}::text[])) as overdue`.execute(trx);
  const { selectors, lines, overdue: overdueJson } = read.rows[0]!;
  const selectorsOf = new Map<string, Map<string, number>>();
  for (const [org, ids, keys] of JSON.parse(selectors ?? '[]') as [string, number[], string[]][]) {
    const byKey = new Map<string, number>();
    keys.forEach((key, at) => byKey.set(key, ids[at]!));
    selectorsOf.set(org, byKey);
  }
  // Each selector's rows as (day, done, confirmed, open) quadruples, chained through `next` from
  // its `head` (the last read first): no array per selector.
  let rows = new Int32Array(4 * 1024);
  let next = new Int32Array(1024);
  const head = new Map<number, number>();
  let count = 0;
  forEachLine(lines ?? '', (selector, day, done, confirmed, open) => {
    if (count === next.length) {
      const grown = new Int32Array(rows.length * 2);
      grown.set(rows);
      rows = grown;
      const grownNext = new Int32Array(next.length * 2);
      grownNext.set(next);
      next = grownNext;
    }
    const at = count * 4;
    rows[at] = day;
    rows[at + 1] = done;
    rows[at + 2] = confirmed;
    rows[at + 3] = open;
    next[count] = head.get(selector) ?? -1;
    head.set(selector, count++);
  });
  const overdueOf = new Map<string, OverdueItem[]>();
  for (const [org, kind, day, channels] of JSON.parse(overdueJson ?? '[]') as [string, string, string, string[]][]) {
    const list = overdueOf.get(org);
    if (list) list.push({ kind, day, channels });
    else overdueOf.set(org, [{ kind, day, channels }]);
  }
  return new KeptCounts(selectorsOf, rows, next, head, overdueOf);
}

/** Organisations' groups whose selectors are not registered, counted from the items ({@link countGroups}) into their counts. */
export async function countUnregistered(
  trx: Transaction<DB>,
  unregistered: ReadonlyArray<{ orgId: string; today: LocalDate; onlyConfirmed: boolean; groups: readonly CountingGroup[]; indexes: readonly number[]; counts: GroupCounts }>,
): Promise<void> {
  const requests = unregistered.flatMap(({ orgId, today, onlyConfirmed, groups, indexes }) => indexes.map((g) => ({ orgId, today, group: groups[g]!, onlyConfirmed })));
  if (requests.length === 0) return;
  const counted = await countGroups(trx, requests);
  // countGroups numbers an organisation's groups in the order given, across every entry of it
  // (one organisation may come twice): each entry takes the numbers of its own groups.
  const taken = new Map<string, number>();
  for (const { orgId, indexes, counts } of unregistered) {
    const first = taken.get(orgId) ?? 0;
    taken.set(orgId, first + indexes.length);
    for (const count of counted.get(orgId) ?? []) {
      const g = count.group - first;
      if (g >= 0 && g < indexes.length) counts.add(indexes[g]!, count.period, count.actual, count.confirmed, count.planned, count.overdue);
    }
  }
}

/**
 * The counts of many organisations' counting groups, the same as {@link countGroups} gives them
 * but in one flat table per organisation (the domain's `GroupCounts`), from the maintained
 * counts ({@link readKeptCounts}); the groups whose selector is not registered are counted from
 * the items. Each organisation's groups are numbered in the order given.
 */
export async function readCounts(trx: Transaction<DB>, groups: readonly OrganisationCountingGroup[]): Promise<Map<string, GroupCounts>> {
  const result = new Map<string, GroupCounts>();
  if (groups.length === 0) return result;
  const orgs = new Map<string, { today: LocalDate; overdueFrom: number; onlyConfirmed: boolean; groups: CountingGroup[] }>();
  const span = { first: Infinity, end: -Infinity };
  const daysOf = dayNumbersOf();
  for (const { orgId, today, group, onlyConfirmed } of groups) {
    let org = orgs.get(orgId);
    if (org === undefined) orgs.set(orgId, (org = { today, overdueFrom: -1, onlyConfirmed: onlyConfirmed === true, groups: [] }));
    org.groups.push(group);
    const days = daysOf(group.periodStarts);
    span.first = Math.min(span.first, days[0]!);
    span.end = Math.max(span.end, days[days.length - 1]!);
    const from = overdueFromDay(days, toDayNumber(today));
    if (from >= 0 && (org.overdueFrom < 0 || from < org.overdueFrom)) org.overdueFrom = from;
  }
  const requests = [...orgs].map(([orgId, { today, overdueFrom }]) => ({ orgId, today, overdueFrom: overdueFrom < 0 ? null : fromDayNumber(overdueFrom) }));
  const kept = await readKeptCounts(trx, requests, span);
  const unregistered = [];
  for (const [orgId, { today, onlyConfirmed, groups: its }] of orgs) {
    const { counts, unregistered: indexes } = kept.countsOf(orgId, today, its, onlyConfirmed);
    result.set(orgId, counts);
    if (indexes.length > 0) unregistered.push({ orgId, today, onlyConfirmed, groups: its, indexes, counts });
  }
  await countUnregistered(trx, unregistered);
  return result;
}

// Kinds lists are the norms' own arrays, shared by every organisation a norm binds: sorted once.
const sortedKinds = new WeakMap<readonly string[], readonly string[]>();

// countingSelector(group).key, without sorting a norm's kinds again for each organisation.
function selectorKeyOf(group: CountingGroup): string {
  if (group.kinds === null || (group.channels !== null && group.channels.length > 1)) return countingSelector(group).key;
  let kinds = sortedKinds.get(group.kinds);
  if (kinds === undefined) sortedKinds.set(group.kinds, (kinds = countingSelector({ per: group.per, kinds: group.kinds, channels: null }).kinds!));
  return selectorKey(group.per, kinds, group.channels);
}

// Day numbers of a layout's period starts, worked out once per grid (layouts of one range share their grids' arrays).
function dayNumbersOf(): (starts: readonly string[]) => Int32Array {
  const known = new WeakMap<readonly string[], Int32Array>();
  return (starts) => {
    let days = known.get(starts);
    if (days === undefined) known.set(starts, (days = Int32Array.from(starts, toDayNumber)));
    return days;
  };
}

// Day numbers of local dates (an organisation's today, met once per group), each worked out once.
function dayNumberOfText(): (day: LocalDate) => number {
  const known = new Map<string, number>();
  return (day) => {
    let number = known.get(day);
    if (number === undefined) known.set(day, (number = toDayNumber(day)));
    return number;
  };
}

/**
 * The first day of the period of `days` (period starts, then the day after the last) that holds
 * `today`, when that is before today; -1 otherwise. Open items dated from then to the day before
 * today are overdue rather than planned, and are read item by item ({@link KeptCountsRequest}).
 */
function overdueFromDay(days: ArrayLike<number>, today: number): number {
  const p = dayPeriod(days, today);
  return p >= 0 && days[p]! < today ? days[p]! : -1;
}

// The period of `days` (starts, and the day after the last) that holds `day`, -1 outside them all.
function dayPeriod(days: ArrayLike<number>, day: number): number {
  if (day < days[0]! || day >= days[days.length - 1]!) return -1;
  let lo = 0;
  let hi = days.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= day) lo = mid;
    else hi = mid;
  }
  return lo;
}

const COMMA = 44;
const SEMICOLON = 59;
const MINUS = 45;
const ZERO = 48;

// Reads `a,b,c,d,e,f;…` lines of integers without a string per number.
function forEachLine(text: string, line: (key: number, period: number, actual: number, confirmed: number, planned: number, overdue: number) => void): void {
  if (text === '') return;
  const fields = [0, 0, 0, 0, 0, 0];
  let field = 0;
  let value = 0;
  let sign = 1;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? SEMICOLON : text.charCodeAt(i);
    if (c === COMMA || c === SEMICOLON) {
      fields[field++] = sign * value;
      value = 0;
      sign = 1;
      if (c === SEMICOLON) {
        if (field !== 6) throw new Error(`a count line of ${field} fields`);
        line(fields[0]!, fields[1]!, fields[2]!, fields[3]!, fields[4]!, fields[5]!);
        field = 0;
      }
    } else if (c === MINUS) sign = -1;
    else value = value * 10 + (c - ZERO);
  }
}
