import { sql, type Kysely } from 'kysely';
import type { ComplianceSummary, OrganisationCompliance } from '@ritm/contracts/compliance';
import type { Channel } from '@ritm/domain/channel';
import type { ComplianceRow, OverdueEntry } from '@ritm/domain/compliance';
import { contractRow } from '@ritm/domain/compliance';
import { countingPlan, rowsFromCounts } from '@ritm/domain/counting-plan';
import { evaluate, evaluationSpan, prepareNorms } from '@ritm/domain/evaluate';
import type { Exemption } from '@ritm/domain/exemption';
import type { DateRange } from '@ritm/domain/local-date';
import type { Norm } from '@ritm/domain/norm';
import type { PlanItem } from '@ritm/domain/item';
import { rollUp } from '@ritm/domain/rollup';
import { suggestGaps, type GapSuggestion } from '@ritm/domain/suggest';
import { localDateOf } from '@ritm/domain/time-zone';
import type { DB } from '../db/schema.js';
import { badRequest } from '../http/errors.js';
import { countGroups } from '../repositories/counts.js';
import { exemptionsOfLineage, exemptionsOfSubtree } from '../repositories/exemptions.js';
import { effectiveNorms, groupByOrg, normRowsOfSubtree, resolveNorms, toDomainNorm, type NormRow, type ResolvedNorm } from '../repositories/norms.js';
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
 * One organisation's compliance as `ritm check` would print it: rows from counted groups, and
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
  const base = { org: orgOf(org), channels: input.channels, norms: input.norms, exemptions: input.exemptions, range };
  const plan = countingPlan(base);
  const [counts, openPast] = await Promise.all([
    countGroups(db, plan.map((group) => ({ orgId: org.id, today, group }))),
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
  const evaluateOptions = { today, timeZone: org.timeZone };
  const results = rowsFromCounts(base, plan, counts.get(org.id) ?? [], evaluateOptions);
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
 * count of items per organisation, norm, channel and period from the domain's counting plans),
 * then the domain's rows from those counts per organisation and its roll-up.
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

  // One domain norm per norm row, validated once for every organisation it binds (prepareNorms).
  const normOf = new Map<NormRow, Norm>();
  const domainNorm = (row: NormRow) => {
    let norm = normOf.get(row);
    if (norm === undefined) normOf.set(row, (norm = toDomainNorm(row)));
    return norm;
  };
  const inputs = orgs.map((org) => ({
    org,
    norms: prepareNorms([...resolveNorms(org.lineage, normsByOrg).values()].filter((r) => r.row.enabled).map((r) => domainNorm(r.row))),
    exemptions: org.lineage.flatMap((id) => exemptionsByOrg.get(id) ?? []).map(toDomainExemption),
    channels: (channelsByOrg.get(org.id) ?? []).map((c) => c.channel),
  }));
  const judged = inputs.map((input) => {
    const base = { org: orgOf(input.org), channels: input.channels, norms: input.norms, exemptions: input.exemptions, range };
    return { input, base, plan: countingPlan(base), today: todays.get(input.org.id)! };
  });

  const counts = await countGroups(
    db,
    judged.flatMap(({ input, plan, today }) => plan.map((group) => ({ orgId: input.org.id, today, group }))),
  );

  // Each organisation's rows are judged, summed up and let go: only the summaries and worst rows stay.
  function* rowsOfEach() {
    for (const { input, base, plan, today } of judged) {
      yield { org: input.org.id, rows: rowsFromCounts(base, plan, counts.get(input.org.id) ?? [], { today, timeZone: input.org.timeZone }) };
    }
  }
  const summary = rollUp(rowsOfEach(), { worstRows: 3 });
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
      worstRows: s.worstRows.map(contractRow),
    };
  });

  return { asOf: options.asOf ?? todays.get(root.id)!, organisations, norms: summary.norms, totals: summary.totals };
}
