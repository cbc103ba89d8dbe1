import { sql, type Kysely, type Transaction } from 'kysely';
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
import { combineRollUp, summariseOrganisation, type OrganisationContribution } from '@ritm/domain/rollup';
import { suggestGaps, type GapSuggestion } from '@ritm/domain/suggest';
import { localDateOf } from '@ritm/domain/time-zone';
import type { DB } from '../db/schema.js';
import { checkDateRange } from '../http/date-range.js';
import { countGroups } from '../repositories/counts.js';
import { exemptionsOfLineage, exemptionsOfSubtree } from '../repositories/exemptions.js';
import { effectiveNorms, groupByOrg, normRowsOfSubtree, resolveNorms, toDomainNorm, type NormRow, type ResolvedNorm } from '../repositories/norms.js';
import { orgContextColumns, toOrgContext, type OrgContext } from '../repositories/org-context.js';
import { subtreeStamp, type SubtreeStamp } from '../repositories/subtree-stamp.js';
import type { StampedMemo } from './stamped-memo.js';
import { summaryMemosOf } from './summary-memo.js';

/** A compliance range spans at most the domain's read limit (a year's norms still see their whole year). */
export function checkRange(range: DateRange): void {
  checkDateRange(range);
}

/** Today on the organisation's calendar: the only place the clock (`now`, from the route) meets compliance. */
export function todayIn(timeZone: string, now: Date): string {
  return localDateOf(now.getTime(), timeZone);
}

const enabledNorms = (resolved: Iterable<ResolvedNorm>): Norm[] => [...resolved].filter((r) => r.row.enabled).map((r) => toDomainNorm(r.row));

const toDomainExemption = (e: { normKey: string; channelId: string | null; from: string; to: string; reason: string }): Exemption => ({
  norm: e.normKey,
  from: e.from,
  to: e.to,
  reason: e.reason,
  ...(e.channelId !== null && { channel: e.channelId }),
});

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
    db.transaction().execute((trx) => countGroups(trx, plan.map((group) => ({ orgId: org.id, today, group })))),
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
 * a fixed number of queries whatever the size of the tree (stamps, organisations, channels,
 * norms, exemptions, and one count of items per organisation, norm, channel and period from the
 * domain's counting plans), then the domain's rows from those counts per organisation and its
 * roll-up.
 *
 * What was judged is kept ({@link summaryMemosOf}) under stamps read from the database each time
 * ({@link subtreeStamp}): a summary asked again over an unchanged subtree is given back after one
 * small statement, and after edits only the organisations whose inputs or items changed are
 * counted and judged again. Everything is read in one snapshot, so a stamp always belongs to
 * what was judged under it.
 */
export async function summaryOf(
  db: Kysely<DB>,
  root: OrgContext,
  range: DateRange,
  options: { asOf?: string | undefined; now: Date },
): Promise<ComplianceSummary> {
  checkRange(range);
  const memos = summaryMemosOf(db);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const stamp = await subtreeStamp(trx, root);
      const todayOf = todaysOf(options);
      const subtreeKey = `${root.id}|${range.from}|${range.to}|${stamp.timeZones.map(todayOf).join()}`;
      const subtreeStampText = `${stamp.inputs}|${stamp.items}`;
      const again = memos.subtrees.get(subtreeKey, subtreeStampText);
      if (again !== undefined) return again;

      const summary = await judgeSubtree(trx, root, range, { stamp, todayOf, memo: memos.organisations });
      memos.subtrees.set(subtreeKey, subtreeStampText, summary);
      return summary;
    });
}

async function judgeSubtree(
  trx: Transaction<DB>,
  root: OrgContext,
  range: DateRange,
  known: { stamp: SubtreeStamp; todayOf: (timeZone: string) => string; memo: StampedMemo<OrganisationContribution> },
): Promise<ComplianceSummary> {
  const subtree = sql<string>`${root.path} || '%'`;
  const orgRows = await trx.selectFrom('organisations').select(orgContextColumns).where('path', 'like', subtree).orderBy('path').execute();
  // One row per organisation: a stamp of its active channels (rows are versioned); the channels
  // themselves are read only for the organisations judged again.
  const channelRows = await trx
    .selectFrom('channels as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
    .select(['c.org_id', sql<string>`count(*) || ':' || sum(uuid_hash_extended(c.id, c.version))`.as('stamp')])
    .where('o.path', 'like', subtree)
    .where('c.active', '=', true)
    .groupBy('c.org_id')
    .execute();
  const exemptionRows = await exemptionsOfSubtree(trx, root);

  const orgs = orgRows.map(toOrgContext);
  const normsByOrg = groupByOrg(await normRowsOfSubtree(trx, root));
  const exemptionsByOrg = groupByOrg(exemptionRows);
  const channelStamps = new Map(channelRows.map((row) => [row.org_id, row.stamp]));
  // What an organisation's own norms and exemptions add to the stamps of those below it: rows are versioned.
  const ownStamps = new Map<string, string>();
  for (const [orgId, rows] of normsByOrg) ownStamps.set(orgId, rows.map((r) => `n${r.id}/${r.version}`).join());
  for (const [orgId, rows] of exemptionsByOrg) ownStamps.set(orgId, `${ownStamps.get(orgId) ?? ''}${rows.map((e) => `e${e.id}/${e.version}`).join()}`);
  const inputs = orgs.map((org) => {
    const today = known.todayOf(org.timeZone);
    // Everything the organisation's rows depend on: its attributes, channels, the norms and exemptions along its lineage, its items.
    const stamp = [
      org.kind,
      org.members,
      JSON.stringify(org.figures),
      org.timeZone,
      channelStamps.get(org.id) ?? 'none',
      org.lineage.map((id) => ownStamps.get(id) ?? '').join('|'),
      known.stamp.itemsOf(org.id) ?? 'none',
    ].join('|');
    return { org, today, key: `${org.id}|${range.from}|${range.to}|${today}`, stamp };
  });

  const contributions = inputs.map((input) => known.memo.get(input.key, input.stamp));
  const stale = inputs.filter((_, at) => contributions[at] === undefined);
  if (stale.length > 0) {
    // One domain norm per norm row, validated once for every organisation it binds (prepareNorms).
    const normOf = new Map<NormRow, Norm>();
    const domainNorm = (row: NormRow) => {
      let norm = normOf.get(row);
      if (norm === undefined) normOf.set(row, (norm = prepareNorms([toDomainNorm(row)])[0]!));
      return norm;
    };
    const channelsOf = groupByOrg(
      (
        await trx
          .selectFrom('channels')
          .select(['id', 'org_id', 'type', 'since'])
          .where(sql<boolean>`org_id = any(${stale.map((input) => input.org.id)}::uuid[])`)
          .where('active', '=', true)
          .orderBy('created_at')
          .orderBy('id')
          .execute()
      ).map((c) => ({ orgId: c.org_id, channel: { id: c.id, type: c.type, ...(c.since !== null && { since: c.since }) } })),
    );
    const judged = stale.map((input) => {
      const { org } = input;
      const channels = (channelsOf.get(org.id) ?? []).map((c) => c.channel);
      const norms = [...resolveNorms(org.lineage, normsByOrg).values()].filter((r) => r.row.enabled).map((r) => domainNorm(r.row));
      const exemptions = org.lineage.flatMap((id) => exemptionsByOrg.get(id) ?? []).map(toDomainExemption);
      const base = { org: orgOf(org), channels, norms, exemptions, range };
      return { input, base, plan: countingPlan(base) };
    });
    const counts = await countGroups(
      trx,
      judged.flatMap(({ input, plan }) => plan.map((group) => ({ orgId: input.org.id, today: input.today, group }))),
    );
    // Each organisation's rows are judged, summed up and let go: only the summaries and worst rows stay.
    const contributionOf = new Map<string, OrganisationContribution>();
    for (const { input, base, plan } of judged) {
      const rows = rowsFromCounts(base, plan, counts.get(input.org.id) ?? [], { today: input.today, timeZone: input.org.timeZone });
      const contribution = summariseOrganisation({ org: input.org.id, rows }, { worstRows: WORST_ROWS });
      known.memo.set(input.key, input.stamp, contribution);
      contributionOf.set(input.org.id, contribution);
    }
    inputs.forEach((input, at) => (contributions[at] ??= contributionOf.get(input.org.id)));
  }

  const summary = combineRollUp(contributions as OrganisationContribution[]);
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
  return { asOf: known.todayOf(root.timeZone), organisations, norms: summary.norms, totals: summary.totals };
}

/** How many of its worst rows each organisation of a summary shows. */
const WORST_ROWS = 3;

// Today in each time zone of a summary, worked out once per zone rather than once per organisation.
function todaysOf(options: { asOf?: string | undefined; now: Date }): (timeZone: string) => string {
  const byZone = new Map<string, string>();
  return (timeZone) => {
    if (options.asOf !== undefined) return options.asOf;
    let today = byZone.get(timeZone);
    if (today === undefined) byZone.set(timeZone, (today = todayIn(timeZone, options.now)));
    return today;
  };
}
