/**
 * Gap suggestions: for a row that will not make its norm (`at_risk` or
 * `gap`), the dates to add items on, spread over the days left in the period,
 * preferring working days and days with nothing else on that channel.
 */
import type { ComplianceRow } from './compliance.js';
import type { EvaluateOptions, EvaluationInput } from './evaluate.js';
import { fromDayNumber, toDayNumber } from './local-date.js';
import type { DayNumber, LocalDate } from './local-date.js';
import { localDateOfItemDate } from './time-zone.js';
import type { WorkingCalendar } from './working-days.js';
import { workingDays } from './working-days.js';

/** What {@link suggestDates} needs besides the row. */
export interface SuggestOptions extends WorkingCalendar {
  today: LocalDate;
  /** Days that already have something on the row's channel (less preferred). */
  busyDays?: Iterable<LocalDate>;
}

/** The dates proposed to close one row's gap. */
export interface GapSuggestion {
  norm: string;
  channel: string | null;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  /** Items still missing: required − actual − planned. */
  missing: number;
  dates: LocalDate[];
}

type GapRow = Pick<ComplianceRow, 'periodStart' | 'periodEnd' | 'required' | 'actual' | 'planned' | 'status'>;

// k of n candidates, evenly spread: the middle of each of k equal slices.
function spread<T>(candidates: readonly T[], k: number): T[] {
  const picked: T[] = [];
  for (let i = 0; i < k; i++) picked.push(candidates[Math.floor(((i + 0.5) * candidates.length) / k)] as T);
  return picked;
}

/**
 * Dates to add items on so that a row reaches its norm: as many as are
 * missing, over the days left in the period (today included), spread evenly.
 * Working days free of other items come first, then busy working days, then
 * free weekends, then busy ones; a holiday of the calendar given (a public
 * holiday or a day off moved there) is never proposed. When there are more
 * missing items than days, days repeat. Rows that are not `at_risk` or `gap`
 * get none, and neither does a period whose days left are all holidays.
 *
 * @example
 * suggestDates(
 *   { periodStart: '2026-11-16', periodEnd: '2026-11-22', required: 2, actual: 0, planned: 0, status: 'at_risk' },
 *   { today: '2026-11-18', busyDays: ['2026-11-19'] },
 * ) // ['2026-11-18', '2026-11-20']
 */
export function suggestDates(row: GapRow, options: SuggestOptions): LocalDate[] {
  if ((row.status !== 'at_risk' && row.status !== 'gap') || row.periodStart === null || row.periodEnd === null) return [];
  const missing = row.required - row.actual - row.planned;
  const first = Math.max(toDayNumber(row.periodStart), toDayNumber(options.today));
  const last = toDayNumber(row.periodEnd);
  if (missing <= 0 || first > last) return [];
  const calendar = workingDays(options);
  // Nobody publishes for the office on 23 February: a holiday is no candidate at all.
  const holidays = new Set([...(options.holidays ?? [])].map(toDayNumber));
  const busy = new Set([...(options.busyDays ?? [])].map(toDayNumber));
  const tiers: DayNumber[][] = [[], [], [], []];
  const open: DayNumber[] = [];
  for (let day = first; day <= last; day++) {
    if (holidays.has(day)) continue;
    open.push(day);
    const tier = (calendar.isWorkingDay(day) ? 0 : 2) + (busy.has(day) ? 1 : 0);
    (tiers[tier] as DayNumber[]).push(day);
  }
  if (open.length === 0) return [];
  const picked: DayNumber[] = [];
  let left = missing;
  // Whole rounds over every open day when more items are missing than there are such days.
  for (; left > open.length; left -= open.length) picked.push(...open);
  for (const tier of tiers) {
    const take = Math.min(left, tier.length);
    picked.push(...spread(tier, take));
    left -= take;
  }
  return picked.sort((a, b) => a - b).map(fromDayNumber);
}

/**
 * Suggestions for every `at_risk` and `gap` row of an evaluation, with each
 * row's busy days taken from the items on its channel (for an across-channel
 * row, on any channel of the norm's types; any item when it has none).
 *
 * @example suggestGaps(input, evaluate(input, options).results, { ...options, holidays: ['2026-11-04'] })
 */
export function suggestGaps(
  input: EvaluationInput,
  results: readonly ComplianceRow[],
  options: EvaluateOptions & WorkingCalendar,
): GapSuggestion[] {
  const typeOf = new Map(input.channels.map((c) => [c.id, c.type]));
  const dated = input.items
    .filter((item) => item.status !== 'cancelled')
    .map((item) => ({ item, date: localDateOfItemDate(item.at, options.timeZone) }));
  const suggestions: GapSuggestion[] = [];
  for (const row of results) {
    if ((row.status !== 'at_risk' && row.status !== 'gap') || row.periodStart === null || row.periodEnd === null) continue;
    const norm = input.norms.find((n) => n.id === row.norm);
    const types = norm?.type === 'frequency' ? norm.channelTypes : undefined;
    const onRowChannel = (channels: readonly string[]): boolean =>
      row.channel !== null
        ? channels.includes(row.channel)
        : types === undefined || channels.some((id) => types.includes(typeOf.get(id) ?? ''));
    const busyDays = dated
      .filter(({ item, date }) => date !== undefined && date >= (row.periodStart as string) && date <= (row.periodEnd as string) && onRowChannel(item.channels))
      .map(({ date }) => date as LocalDate);
    const dates = suggestDates(row, { ...options, busyDays });
    suggestions.push({
      norm: row.norm,
      channel: row.channel,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      missing: row.required - row.actual - row.planned,
      dates,
    });
  }
  return suggestions;
}
