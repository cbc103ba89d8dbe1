import { sql, type Transaction } from 'kysely';
import { COUNTED_STATUSES, type CountingGroup, type GroupCount } from '@ritm/domain/counting-groups';
import type { LocalDate } from '@ritm/domain/local-date';
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
    for (const kind of group.kinds ?? [null]) {
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
  forEachLine(rows.rows[0]?.lines ?? '', (key, period, actual, confirmed, planned, overdue) => {
    const { orgId, group } = byKey[key]!;
    const count: GroupCount = { group, period, actual, confirmed, planned, overdue };
    const list = result.get(orgId);
    if (list) list.push(count);
    else result.set(orgId, [count]);
  });
  return result;
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
