/**
 * Exemptions: a norm waived for a date range with a reason (Mintrud rec.
 * p.72(в): public events «с учетом эпидемиологической обстановки»).
 */
import { toDayNumber } from './local-date.js';
import type { DayNumber, LocalDate } from './local-date.js';
import type { Norm } from './norm.js';
import type { Issue, JsonPath } from './read-json.js';
import { childPath, isJsonObject, issue, pathText, pathTo, readLocalDate, readNonEmptyString, readObject, readOptional } from './read-json.js';

/** A norm waived from `from` to `to` (inclusive), for one channel or all. */
export interface Exemption {
  norm: string;
  from: LocalDate;
  to: LocalDate;
  reason: string;
  /**
   * Only this channel's rows of a per-channel norm are waived; all rows when
   * absent. A channel on any other norm is an error (see {@link checkExemptionReferences}).
   */
  channel?: string;
}

/**
 * Whether exemptions for a norm (and channel) together cover a whole period.
 * Adjacent or overlapping exemptions join up: two exemptions for 1–15 and
 * 16–30 November cover a week from the 10th to the 16th.
 *
 * @example
 * coversPeriod([{ norm: 'posts', from: '2026-11-01', to: '2026-11-30', reason: 'карантин' }], 'posts', null, { start: '2026-11-09', end: '2026-11-15' }) // true
 */
export function coversPeriod(
  exemptions: readonly Exemption[],
  norm: string,
  channel: string | null,
  period: { start: LocalDate; end: LocalDate },
): boolean {
  return exemptionCoverage(exemptions, norm, channel).covers(toDayNumber(period.start), toDayNumber(period.end));
}

/** The days a norm (and channel) is exempt on, as merged intervals of day numbers. */
export interface ExemptionCoverage {
  /** Whether every day from `first` to `last` is exempt. */
  covers(first: DayNumber, last: DayNumber): boolean;
}

/**
 * The merged exempt days of a norm for a channel (`null`: the norm's
 * across-channel rows, which only exemptions without a channel waive).
 * `covers` is a binary search over the merged intervals, so a year of daily
 * rows against hundreds of exemptions stays cheap.
 *
 * @example exemptionCoverage(exemptions, 'posts', 'vk').covers(toDayNumber('2026-11-09'), toDayNumber('2026-11-15'))
 */
export function exemptionCoverage(exemptions: readonly Exemption[], norm: string, channel: string | null): ExemptionCoverage {
  const spans = exemptions
    .filter((e) => e.norm === norm && (e.channel === undefined || e.channel === channel))
    .map((e) => [toDayNumber(e.from), toDayNumber(e.to)] as const)
    .sort((a, b) => a[0] - b[0]);
  const merged: [DayNumber, DayNumber][] = [];
  for (const [from, to] of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return {
    covers(first, last) {
      // Merged intervals are disjoint and sorted: only the last one starting on or before `first` can hold it.
      let lo = 0;
      let hi = merged.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((merged[mid] as [DayNumber, DayNumber])[0] <= first) lo = mid + 1;
        else hi = mid;
      }
      const candidate = merged[lo - 1];
      return candidate !== undefined && last <= candidate[1];
    },
  };
}

/**
 * Checks what a list of exemptions (unknown JSON, read by {@link parseExemption})
 * names: the norm must exist, and a `channel` must exist and may only narrow a
 * per-channel frequency norm (an across-channel, presence or quantity norm has
 * no per-channel rows for it to waive, so it would be silently ignored).
 *
 * @example
 * checkExemptionReferences([{ norm: 'budget-5', channel: 'vk', from: '2026-01-01', to: '2026-12-31', reason: 'x' }], 'exemptions', norms, new Set(['vk']), issues)
 * // issues: exemptions[0].channel: applies only to per-channel norms
 */
export function checkExemptionReferences(
  value: unknown,
  path: string,
  norms: readonly Norm[],
  channelIds: ReadonlySet<string>,
  issues: Issue[],
): void {
  if (!Array.isArray(value)) return;
  const normsById = new Map(norms.map((n) => [n.id, n]));
  value.forEach((raw: unknown, i) => {
    if (!isJsonObject(raw)) return;
    const norm = isName(raw.norm) ? normsById.get(raw.norm) : undefined;
    if (isName(raw.norm) && norm === undefined) issues.push(issue(childPath(childPath(path, i), 'norm'), 'unknown_norm', { norm: raw.norm }));
    if (!isName(raw.channel)) return;
    if (!channelIds.has(raw.channel)) issues.push(issue(childPath(childPath(path, i), 'channel'), 'unknown_channel', { channel: raw.channel }));
    if (norm !== undefined && !exemptionMayNameChannel(norm)) {
      issues.push(issue(childPath(childPath(path, i), 'channel'), 'not_per_channel', { norm: norm.id }));
    }
  });
}

/**
 * Whether an exemption from a norm may name one channel: only for a
 * per-channel norm. An across-channel, presence or quantity norm has no
 * per-channel rows for it to waive, so the channel would be silently ignored.
 *
 * @example exemptionMayNameChannel({ id: 'posts', type: 'frequency', min: 2, per: 'week', perChannel: true }) // true
 * @example exemptionMayNameChannel({ id: 'posts', type: 'frequency', min: 2, per: 'week' }) // false
 */
export function exemptionMayNameChannel(norm: Norm): boolean {
  return norm.type === 'frequency' && norm.perChannel === true;
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * Reads an exemption `{norm, from, to, reason, channel?}` from unknown JSON.
 * Whether `norm` and `channel` exist is checked by {@link checkExemptionReferences}.
 *
 * @example parseExemption({ norm: 'posts', from: '2026-11-01', to: '2026-11-30', reason: 'карантин' }, 'exemptions[0]', issues)
 */
export function parseExemption(value: unknown, path: JsonPath, issues: Issue[]): Exemption | undefined {
  const obj = readObject(value, path, issues);
  if (obj === undefined) return undefined;
  const before = issues.length;
  const norm = readNonEmptyString(obj.norm, pathTo(path, 'norm'), issues);
  const from = readLocalDate(obj.from, pathTo(path, 'from'), issues);
  const to = readLocalDate(obj.to, pathTo(path, 'to'), issues);
  const reason = readNonEmptyString(obj.reason, pathTo(path, 'reason'), issues);
  const channel = readOptional(obj.channel, pathTo(path, 'channel'), issues, readNonEmptyString);
  if (from !== undefined && to !== undefined && to < from) issues.push(issue(pathText(pathTo(path, 'to')), 'before_from', { from }));
  if (issues.length > before || norm === undefined || from === undefined || to === undefined || reason === undefined) return undefined;
  return { norm, from, to, reason, ...(channel !== undefined && { channel }) };
}
