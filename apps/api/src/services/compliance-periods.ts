import type { Transaction } from 'kysely';
import type { CompliancePeriods, CompliancePeriodsHead, OrganisationPeriods, PeriodTotals, ShortNorm } from '@ritm/contracts/compliance';
import { COMPLIANCE_STATUSES, isFailing } from '@ritm/domain/compliance';
import type { DateRange } from '@ritm/domain/local-date';
import type { Period } from '@ritm/domain/period';
import { summariseByPeriod, type SummaryGranularity } from '@ritm/domain/period-summary';
import { isProfileRow, profileStatus, PROFILE_STATES } from '@ritm/domain/profile';
import { emptyStatusCounts, type StatusCounts } from '@ritm/domain/rollup';
import type { DB } from '../db/schema.js';
import { channelNames } from '../repositories/channels.js';
import type { JudgingInput } from '../repositories/judging-inputs.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { judgedInBatches } from './compliance.js';

/*
 * The dashboard's heatmap in one answer (issue 16): each organisation's rows judged once over the
 * whole range by the summary's own pipeline (judgedInBatches), then laid out by column with the
 * domain's summariseByPeriod, and its presence and quantity rows kept apart as its profile status.
 */

/** One organisation's part of the answer, kept by the compliance cache under its stamp like a summary's contribution. */
export type PeriodContribution = Omit<OrganisationPeriods, 'orgId' | 'name' | 'parentId' | 'level'>;

/**
 * Each organisation's period contribution. `span`: the columns from the first one's start to the
 * last one's end, judged at once (every row of a column's periods is judged whole either way).
 */
export async function judgePeriodContributions(
  trx: Transaction<DB>,
  inputs: readonly JudgingInput[],
  columns: readonly Period[],
  todayOf: (timeZone: string) => string,
): Promise<Map<string, PeriodContribution>> {
  const span: DateRange = { from: columns[0]!.start, to: columns.at(-1)!.end };
  const contributions = new Map<string, PeriodContribution>();
  for await (const batch of judgedInBatches(trx, inputs, span, todayOf)) {
    const parts = batch.map(({ input, rows }) => {
      const totals = emptyStatusCounts();
      for (const row of rows) if (!isProfileRow(row)) totals[row.status]++;
      const profile = profileStatus(rows, { norms: input.norms, channels: input.channels, on: span.to });
      const periods = summariseByPeriod(rows, columns);
      return { input, totals, profile, periods };
    });
    // The names of the channels short anywhere in the batch, read at once.
    const channelIds = new Set(parts.flatMap(({ periods }) => periods.flatMap((p) => p.shortfalls.flatMap((s) => (s.channel === null ? [] : [s.channel])))));
    const names = await channelNames(trx, [...channelIds]);
    for (const { input, totals, profile, periods } of parts) {
      const titles = new Map(input.norms.map((norm) => [norm.id, norm.title ?? null]));
      const normTitles: Record<string, string | null> = {};
      const channels: Record<string, string> = {};
      const shortNorms: ShortNorm[] = [];
      const placeOf = new Map<string, number>();
      for (const { norm } of profile.missing) normTitles[norm] = titles.get(norm) ?? null;
      const shown = periods.map((p) => ({
        worst: p.worst,
        counts: p.counts,
        shortfalls: p.shortfalls.map(({ norm, channel, status }) => {
          const key = `${norm}|${channel ?? ''}`;
          let at = placeOf.get(key);
          if (at === undefined) {
            placeOf.set(key, (at = shortNorms.length));
            shortNorms.push({ norm, channelId: channel });
            normTitles[norm] = titles.get(norm) ?? null;
            if (channel !== null) channels[channel] = names.get(channel) ?? channel;
          }
          return { at, status };
        }),
      }));
      contributions.set(input.org.id, { profile, periods: shown, totals, shortNorms, normTitles, channelNames: channels });
    }
  }
  return contributions;
}

function addCounts(into: StatusCounts, counts: StatusCounts): void {
  for (const status of COMPLIANCE_STATUSES) into[status] += counts[status];
}

/**
 * The answer for a subtree (organisations in path order, `root` first) from its organisations'
 * contributions, as its head (the columns' totals, summed first) and its organisations, each made
 * only as it is read, to be written one at a time (services/stamped-memo.ts `taggedList`).
 */
export function periodsParts(
  root: OrganisationContext,
  orgs: readonly OrganisationContext[],
  contributions: readonly PeriodContribution[],
  columns: readonly Period[],
  granularity: SummaryGranularity,
  asOf: string,
): { head: CompliancePeriodsHead; organisations: Iterable<OrganisationPeriods> } {
  const periods: PeriodTotals[] = columns.map(({ start, end }) => ({ start, end, counts: emptyStatusCounts(), failing: 0 }));
  const profiles = Object.fromEntries(PROFILE_STATES.map((state) => [state, 0])) as CompliancePeriods['profiles'];
  const totals = emptyStatusCounts();
  for (const contribution of contributions) {
    contribution.periods.forEach((period, p) => {
      const column = periods[p]!;
      addCounts(column.counts, period.counts);
      if (period.worst !== null && isFailing(period.worst)) column.failing++;
    });
    profiles[contribution.profile.state]++;
    addCounts(totals, contribution.totals);
  }
  function* organisations(): Generator<OrganisationPeriods> {
    for (const [at, org] of orgs.entries()) yield { orgId: org.id, name: org.name, parentId: org.parentId, level: org.depth - root.depth, ...contributions[at]! };
  }
  return { head: { asOf, granularity, periods, profiles, totals }, organisations: organisations() };
}
