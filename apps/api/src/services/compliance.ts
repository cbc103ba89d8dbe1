import { sql, type Kysely } from 'kysely';
import type { ComplianceSummary, OrganisationCompliance } from '@ritm/contracts/compliance';
import type { Channel } from '@ritm/domain/channel';
import type { ComplianceRow, OverdueEntry } from '@ritm/domain/compliance';
import { statusSeverity } from '@ritm/domain/compliance';
import { evaluate, evaluateCounts, evaluationSpan, type CountBucket } from '@ritm/domain/evaluate';
import type { Exemption } from '@ritm/domain/exemption';
import type { DateRange } from '@ritm/domain/local-date';
import type { Norm } from '@ritm/domain/norm';
import type { PlanItem } from '@ritm/domain/item';
import { rollUp } from '@ritm/domain/rollup';
import { suggestGaps, type GapSuggestion } from '@ritm/domain/suggest';
import { localDateOf } from '@ritm/domain/time-zone';
import type { DB } from '../db/schema.js';
import { badRequest } from '../http/errors.js';
import { exemptionsOfLineage, exemptionsOfSubtree } from '../repositories/exemptions.js';
import { effectiveNorms, groupByOrg, normRowsOfSubtree, resolveNorms, toDomainNorm, type ResolvedNorm } from '../repositories/norms.js';
import { orgContextColumns, toOrgContext, type OrgContext } from '../repositories/org-context.js';

/** A compliance range spans at most this many days (a year's norms still see their whole year). */
export const MAX_RANGE_DAYS = 400;

export function checkRange(range: DateRange): void {
  const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000;
  if (!(days >= 0)) throw badRequest('`to` is before `from`', [{ path: 'query.to', message: `before from (${range.from})` }]);
  if (days >= MAX_RANGE_DAYS) throw badRequest('The range is too long', [{ path: 'query.to', message: `at most ${MAX_RANGE_DAYS} days after from` }]);
}

/** Today on the organisation's calendar: the only place the clock (`now`, from the route) meets compliance. */
export function todayIn(timeZone: string, now: Date): string {
  return localDateOf(now.getTime(), timeZone);
}

const enabledNorms = (resolved: Iterable<ResolvedNorm>): Norm[] => [...resolved].filter((r) => r.row.enabled).map((r) => toDomainNorm(r.row));

const toDomainExemption = (e: { normKey: string; from: string; to: string; reason: string }): Exemption => ({ norm: e.normKey, from: e.from, to: e.to, reason: e.reason });

const orgOf = (org: Pick<OrgContext, 'kind' | 'members' | 'figures'>) => ({
  kind: org.kind,
  ...(org.members !== null && { members: org.members }),
  figures: org.figures,
});

interface BucketRow {
  org_id: string;
  day: string;
  kind: string;
  status: 'published' | 'planned';
  /** The item's channel ids joined by commas: one short text per row parses far faster than a uuid[]. */
  channels: string;
  count: number;
}

/**
 * Counted items of many organisations in one GROUP BY (see the domain's CountBucket). Days are
 * coarsened where the result cannot change: unless a norm counts by day, the evaluator only needs
 * to know an item's week, month (quarters and years are unions of months) and whether it lies
 * before "today", so items are grouped by the segment that starts at the latest of the Monday,
 * the 1st of the month and each organisation's today on or before its day. Statuses are grouped
 * into done (`published`) and open (`planned`); cancelled items never count; kinds that no norm
 * names are grouped as one when every frequency norm names its kinds.
 */
async function countBuckets(
  db: Kysely<DB>,
  orgIds: readonly string[] | { path: string },
  span: DateRange,
  norms: readonly Norm[],
  todays: readonly string[],
): Promise<Map<string, CountBucket[]>> {
  const frequency = norms.filter((n) => n.type === 'frequency');
  const byDay = frequency.some((n) => n.per === 'day');
  const kinds = frequency.every((n) => n.kinds !== undefined) ? [...new Set(frequency.flatMap((n) => n.kinds ?? []))] : undefined;
  const splits = [...new Set(todays)].map((today) => sql`case when local_day >= ${today}::date then ${today}::date end`);
  const segment = byDay
    ? sql`local_day`
    : sql`greatest(date_trunc('week', local_day::timestamp)::date, date_trunc('month', local_day::timestamp)::date, ${sql.join(splits)})`;
  const kind = kinds === undefined ? sql`kind` : kinds.length === 0 ? sql`''` : sql`case when kind in (${sql.join(kinds)}) then kind else '' end`;
  const scope = Array.isArray(orgIds)
    ? sql`org_id in (${sql.join(orgIds.map((id) => sql`${id}::uuid`))})`
    : sql`org_id in (select id from organisations where path like ${(orgIds as { path: string }).path} || '%')`;
  // The aggregate can have as many groups as items; give it the memory to hash them instead of spilling to disk.
  const rows = await db.transaction().execute(async (trx) => {
    await sql`set local work_mem = '64MB'`.execute(trx);
    const result = await sql<BucketRow>`
      select org_id, ${segment}::text as day, ${kind} as kind,
             case when status in ('published', 'held') then 'published' else 'planned' end as status,
             array_to_string(channel_ids, ',') as channels, count(*)::int as count
      from items
      where ${scope} and local_day between ${span.from}::date and ${span.to}::date and status <> 'cancelled'
      group by org_id, 2, 3, 4, channel_ids`.execute(trx);
    return result.rows;
  });
  const channelSets = new Map<string, string[]>([['', []]]);
  const byOrg = new Map<string, CountBucket[]>();
  for (const row of rows) {
    let channels = channelSets.get(row.channels);
    if (channels === undefined) {
      channels = row.channels.split(',');
      channelSets.set(row.channels, channels);
    }
    const bucket: CountBucket = { day: row.day, kind: row.kind, status: row.status, channels, count: row.count };
    const list = byOrg.get(row.org_id);
    if (list) list.push(bucket);
    else byOrg.set(row.org_id, [bucket]);
  }
  return byOrg;
}

interface OrgInput {
  org: OrgContext;
  channels: Channel[];
  norms: Norm[];
  exemptions: Exemption[];
}

async function loadOrgInput(db: Kysely<DB>, org: OrgContext): Promise<OrgInput> {
  const [channelRows, resolved, exemptions] = await Promise.all([
    db.selectFrom('channels').select(['id', 'type', 'since']).where('org_id', '=', org.id).where('active', '=', true).orderBy('created_at').orderBy('id').execute(),
    effectiveNorms(db, org),
    exemptionsOfLineage(db, org),
  ]);
  return {
    org,
    channels: channelRows.map((c) => ({ id: c.id, type: c.type, ...(c.since !== null && { since: c.since }) })),
    norms: enabledNorms(resolved),
    exemptions: exemptions.map(toDomainExemption),
  };
}

/**
 * One organisation's compliance as `ritm check` would print it: rows from counted buckets, and
 * the overdue entries from the few open items dated before today (named by id).
 */
export async function complianceOf(
  db: Kysely<DB>,
  org: OrgContext,
  range: DateRange,
  options: { asOf?: string | undefined; now: Date },
): Promise<{ results: ComplianceRow[]; overdue: OverdueEntry[] }> {
  checkRange(range);
  const today = options.asOf ?? todayIn(org.timeZone, options.now);
  const input = await loadOrgInput(db, org);
  const span = evaluationSpan(range, input.norms);
  const [buckets, openPast] = await Promise.all([
    countBuckets(db, [org.id], span, input.norms, [today]),
    db
      .selectFrom('items')
      .select(['id', 'kind', 'status', 'at_date', 'at_instant', sql<string[]>`channel_ids::text[]`.as('channels')])
      .where('org_id', '=', org.id)
      .where('status', 'in', ['planned', 'in_progress'])
      .where('local_day', '>=', span.from)
      .where('local_day', '<', today)
      .orderBy('local_day')
      .orderBy('id')
      .execute(),
  ]);
  const base = { org: orgOf(org), channels: input.channels, norms: input.norms, exemptions: input.exemptions, range };
  const evaluateOptions = { today, timeZone: org.timeZone };
  const { results } = evaluateCounts({ ...base, buckets: buckets.get(org.id) ?? [] }, evaluateOptions);
  // Overdue items only matter through themselves, so judging just them names every overdue entry.
  const overdueItems: PlanItem[] = openPast.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    channels: row.channels,
    at: row.at_date ?? new Date(row.at_instant!).toISOString(),
  }));
  const { overdue } = evaluate({ ...base, items: overdueItems }, evaluateOptions);
  return { results, overdue };
}

/** Gap suggestions for the organisation's `at_risk` and `gap` rows, around its other items. */
export async function suggestionsOf(
  db: Kysely<DB>,
  org: OrgContext,
  range: DateRange,
  options: { asOf?: string | undefined; now: Date },
): Promise<GapSuggestion[]> {
  checkRange(range);
  const today = options.asOf ?? todayIn(org.timeZone, options.now);
  const input = await loadOrgInput(db, org);
  const span = evaluationSpan(range, input.norms);
  const rows = await db
    .selectFrom('items')
    .select(['id', 'kind', 'status', 'at_date', 'at_instant', sql<string[]>`channel_ids::text[]`.as('channels')])
    .where('org_id', '=', org.id)
    .where('local_day', '>=', span.from)
    .where('local_day', '<=', span.to)
    .where('status', '<>', 'cancelled')
    .execute();
  const items: PlanItem[] = rows.map((row) => ({ id: row.id, kind: row.kind, status: row.status, channels: row.channels, at: row.at_date ?? new Date(row.at_instant!).toISOString() }));
  const evaluationInput = { org: orgOf(org), channels: input.channels, norms: input.norms, exemptions: input.exemptions, range, items };
  const evaluateOptions = { today, timeZone: org.timeZone };
  const { results } = evaluate(evaluationInput, evaluateOptions);
  return suggestGaps(evaluationInput, results, evaluateOptions);
}

/**
 * Compliance of an organisation and every organisation below it, for a director's dashboard:
 * five queries whatever the size of the tree (organisations, channels, norms, exemptions and one
 * GROUP BY over items), then the domain's evaluator per organisation and its roll-up.
 */
export async function summaryOf(
  db: Kysely<DB>,
  root: OrgContext,
  range: DateRange,
  options: { asOf?: string | undefined; now: Date },
): Promise<ComplianceSummary> {
  checkRange(range);
  const subtree = sql<string>`${root.path} || '%'`;
  const [orgRows, channelRows, normRows, exemptionRows] = await Promise.all([
    db
      .selectFrom('organisations')
      .select(orgContextColumns)
      .where('path', 'like', subtree)
      .orderBy('path')
      .execute(),
    db
      .selectFrom('channels as c')
      .innerJoin('organisations as o', 'o.id', 'c.org_id')
      .select(['c.id', 'c.org_id', 'c.type', 'c.since'])
      .where('o.path', 'like', subtree)
      .where('c.active', '=', true)
      .orderBy('c.created_at')
      .orderBy('c.id')
      .execute(),
    normRowsOfSubtree(db, root),
    exemptionsOfSubtree(db, root),
  ]);
  const orgs = orgRows.map(toOrgContext);
  const todays = new Map(orgs.map((org) => [org.id, options.asOf ?? todayIn(org.timeZone, options.now)]));
  const normsByOrg = groupByOrg(normRows);
  const exemptionsByOrg = groupByOrg(exemptionRows);
  const channelsByOrg = groupByOrg(channelRows.map((c) => ({ orgId: c.org_id, channel: { id: c.id, type: c.type, ...(c.since !== null && { since: c.since }) } })));

  const inputs = orgs.map((org) => ({
    org,
    norms: enabledNorms(resolveNorms(org.lineage, normsByOrg).values()),
    exemptions: org.lineage.flatMap((id) => exemptionsByOrg.get(id) ?? []).map(toDomainExemption),
    channels: (channelsByOrg.get(org.id) ?? []).map((c) => c.channel),
  }));
  let span: DateRange = range;
  for (const input of inputs) {
    const own = evaluationSpan(range, input.norms);
    span = { from: own.from < span.from ? own.from : span.from, to: own.to > span.to ? own.to : span.to };
  }
  const buckets = await countBuckets(db, { path: root.path }, span, inputs.flatMap((input) => input.norms), [...todays.values()]);

  const rowsByOrg = new Map<string, ComplianceRow[]>();
  for (const input of inputs) {
    const { results } = evaluateCounts(
      { org: orgOf(input.org), channels: input.channels, norms: input.norms, exemptions: input.exemptions, range, buckets: buckets.get(input.org.id) ?? [] },
      { today: todays.get(input.org.id)!, timeZone: input.org.timeZone },
    );
    rowsByOrg.set(input.org.id, results);
  }
  const summary = rollUp(orgs.map((org) => ({ org: org.id, rows: rowsByOrg.get(org.id)! })));
  const byId = new Map(orgs.map((org) => [org.id, org]));
  const organisations: OrganisationCompliance[] = summary.organisations.map((s) => {
    const org = byId.get(s.org)!;
    return {
      orgId: org.id,
      name: org.name,
      parentId: org.parentId,
      level: org.depth - root.depth,
      counts: s.counts,
      judged: s.judged,
      healthy: s.healthy,
      healthShare: s.healthShare,
      worst: s.worst,
      overdue: s.overdue,
      worstRows: worstRows(rowsByOrg.get(org.id)!, 3),
    };
  });
  return { asOf: options.asOf ?? todays.get(root.id)!, organisations, norms: summary.norms, totals: summary.totals };
}

/** The `count` worst failing or open rows: by severity, then the latest period first. */
function worstRows(rows: readonly ComplianceRow[], count: number) {
  return rows
    .filter((row) => statusSeverity(row.status) <= statusSeverity('gap'))
    .sort((a, b) => statusSeverity(a.status) - statusSeverity(b.status) || (b.periodStart ?? '').localeCompare(a.periodStart ?? ''))
    .slice(0, count)
    .map(contractRow);
}

/** A row with exactly the keys `ritm check` prints, in its order. */
export function contractRow(row: ComplianceRow) {
  return {
    norm: row.norm,
    channel: row.channel,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    required: row.required,
    actual: row.actual,
    planned: row.planned,
    status: row.status,
  };
}
