/**
 * Compliance from counts a database makes: the domain says what to count (a
 * {@link CountingGroup} per norm and channel), the database counts items per
 * group and period, and {@link rowsFromCounts} judges the counts with the
 * evaluator's own rows and statuses. What crosses the wire is one line per
 * non-zero (group, period), not one per item.
 */
import type { ComplianceRow } from './compliance.js';
import { frequencyStatus } from './compliance.js';
import type { CountsInput, EvaluateOptions } from './evaluate.js';
import { evaluateCounts } from './evaluate.js';
import type { ItemStatus } from './item.js';
import { ITEM_STATUSES, statusClass } from './item.js';
import type { LocalDate } from './local-date.js';
import { fromDayNumber, toDayNumber } from './local-date.js';
import { normAppliesTo } from './norm.js';
import { periodGrid, periodTiming } from './period.js';
import type { PeriodKind } from './period.js';

/**
 * Items that count towards one norm's rows on one channel (per channel) or on
 * all its channels (across). An item counts once in a group when it is not
 * cancelled, its kind is one of `kinds` (any when null), it is on one of
 * `channels` (any item, on no channel too, when null) and its local day lies
 * in `periodStarts[p] … periodStarts[p + 1] - 1` for some period `p`.
 */
export interface CountingGroup {
  /** The norm's index in the input's `norms`. */
  norm: number;
  /** The per-channel row's channel id; null across channels. */
  channel: string | null;
  kinds: readonly string[] | null;
  channels: readonly string[] | null;
  /** Starts of the norm's periods over the range, and the day after the last. */
  periodStarts: readonly LocalDate[];
}

/** What a database counts for a group and period (zero when absent). */
export interface GroupCount {
  group: number;
  period: number;
  /** Done items (published, held). */
  actual: number;
  /** Open items (planned, in progress) dated today or later. */
  planned: number;
  /** Open items dated before today. */
  overdue: number;
}

/** Statuses by how they count: done ones are `actual`, open ones `planned` or overdue; the rest never count. */
export const COUNTED_STATUSES: { done: readonly ItemStatus[]; open: readonly ItemStatus[] } = {
  done: ITEM_STATUSES.filter((s) => statusClass(s) === 'done'),
  open: ITEM_STATUSES.filter((s) => statusClass(s) === 'open'),
};

/**
 * The groups to count for an organisation's frequency norms over `input.range`
 * (norms that do not bind the organisation, and groups nothing can count in,
 * are left out).
 *
 * @example
 * countingPlan({ org: {}, channels: [{ id: 'vk', type: 'vk' }], norms: [{ id: 'posts', type: 'frequency', min: 2, per: 'week', kinds: ['post'], perChannel: true }], range: { from: '2026-11-09', to: '2026-11-15' } })
 * // [{ norm: 0, channel: 'vk', kinds: ['post'], channels: ['vk'], periodStarts: ['2026-11-09', '2026-11-16'] }]
 */
export function countingPlan(input: Omit<CountsInput, 'buckets'>): CountingGroup[] {
  const groups: CountingGroup[] = [];
  const from = toDayNumber(input.range.from);
  const to = toDayNumber(input.range.to);
  input.norms.forEach((norm, index) => {
    if (norm.type !== 'frequency' || !normAppliesTo(norm, input.org)) return;
    const kinds = norm.kinds ?? null;
    if (kinds !== null && kinds.length === 0) return;
    const periodStarts = periodStartsOf(from, to, norm.per);
    const matching = input.channels.filter((c) => norm.channelTypes === undefined || norm.channelTypes.includes(c.type));
    if (norm.perChannel === true) {
      const seen = new Set<string>();
      for (const channel of matching) {
        if (seen.has(channel.id)) continue;
        seen.add(channel.id);
        groups.push({ norm: index, channel: channel.id, kinds, channels: [channel.id], periodStarts });
      }
    } else if (norm.channelTypes === undefined) {
      groups.push({ norm: index, channel: null, kinds, channels: null, periodStarts });
    } else if (matching.length > 0) {
      groups.push({ norm: index, channel: null, kinds, channels: [...new Set(matching.map((c) => c.id))], periodStarts });
    }
  });
  return groups;
}

const startsCache = new Map<string, readonly LocalDate[]>();

// Period starts of one kind over a range, shared by every organisation judged over it (never written).
function periodStartsOf(from: number, to: number, per: PeriodKind): readonly LocalDate[] {
  const key = `${per}|${from}|${to}`;
  let starts = startsCache.get(key);
  if (starts === undefined) {
    if (startsCache.size >= 64) startsCache.clear();
    starts = periodGrid(from, to, per).starts.map(fromDayNumber);
    startsCache.set(key, starts);
  }
  return starts;
}

const periodIndexes = new WeakMap<readonly LocalDate[], Map<LocalDate, number>>();

function periodIndexOf(starts: readonly LocalDate[]): Map<LocalDate, number> {
  let index = periodIndexes.get(starts);
  if (index === undefined) {
    index = new Map(starts.map((start, p) => [start, p]));
    periodIndexes.set(starts, index);
  }
  return index;
}

/**
 * The rows {@link evaluateCounts} gives for the items the counts were made
 * from: the evaluator lays out the rows (periods judged, channels' `since`,
 * exemptions, presence and quantity norms) and the counts fill them in.
 *
 * @example
 * rowsFromCounts(input, countingPlan(input), [{ group: 0, period: 0, actual: 1, planned: 0, overdue: 0 }], { today: '2026-11-18', timeZone: 'Asia/Vladivostok' })
 * // [{ norm: 'posts', channel: 'vk', …, actual: 1, planned: 0, overdue: 0, status: 'missed' }]
 */
export function rowsFromCounts(
  input: Omit<CountsInput, 'buckets'>,
  plan: readonly CountingGroup[],
  counts: readonly GroupCount[],
  options: EvaluateOptions,
): ComplianceRow[] {
  const { results } = evaluateCounts({ ...input, buckets: [] }, options);
  // Counts of each group by period; a group's rows come together in the evaluator's order.
  const byGroup: (GroupCount | undefined)[][] = plan.map(() => []);
  for (const count of counts) {
    const periods = byGroup[count.group];
    if (periods !== undefined) periods[count.period] = count;
  }
  const groupOf = new Map<string, Map<string | null, number>>();
  plan.forEach((group, g) => {
    const id = input.norms[group.norm]!.id;
    let channels = groupOf.get(id);
    if (channels === undefined) {
      channels = new Map();
      groupOf.set(id, channels);
    }
    if (!channels.has(group.channel)) channels.set(group.channel, g);
  });
  const today = toDayNumber(options.today);
  let lastNorm: string | undefined;
  let lastChannel: string | null = null;
  let group: number | undefined;
  // The evaluator's rows are this call's own: filled in place, not copied (2,500 organisations' rows in a summary).
  for (const row of results) {
    if (row.periodStart === null || row.periodEnd === null) continue;
    if (row.norm !== lastNorm || row.channel !== lastChannel) {
      lastNorm = row.norm;
      lastChannel = row.channel;
      group = groupOf.get(row.norm)?.get(row.channel);
    }
    if (group === undefined) continue;
    const period = periodIndexOf(plan[group]!.periodStarts).get(row.periodStart);
    const count = period === undefined ? undefined : byGroup[group]![period];
    if (count === undefined) continue;
    const { actual, planned, overdue } = count;
    const timing = periodTiming({ start: toDayNumber(row.periodStart), end: toDayNumber(row.periodEnd) }, today);
    // An exempt row stays exempt whatever it counts (its counts are still reported).
    if (row.status !== 'exempt') row.status = frequencyStatus({ required: row.required, actual, planned }, timing);
    row.actual = actual;
    row.planned = planned;
    row.overdue = overdue;
  }
  return results;
}
