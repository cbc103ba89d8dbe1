/**
 * Calendar periods a norm counts by: day, ISO week (Monday to Sunday), month,
 * quarter and year, always on the organisation's local calendar.
 */
import { datePartsOf, dayNumberFromParts, fromDayNumber, isoWeekdayOfDay, toDayNumber } from './local-date.js';
import type { DateRange, DayNumber, LocalDate } from './local-date.js';
import { dayClock } from './time-zone.js';

export const PERIOD_KINDS = ['day', 'week', 'month', 'quarter', 'year'] as const;

/** How long a norm's counting period is. */
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** One whole period: both ends are local dates and included. */
export interface Period {
  per: PeriodKind;
  start: LocalDate;
  end: LocalDate;
}

/**
 * Whether a value names a period kind.
 *
 * @example isPeriodKind('week') // true
 * @example isPeriodKind('fortnight') // false
 */
export function isPeriodKind(value: unknown): value is PeriodKind {
  return typeof value === 'string' && (PERIOD_KINDS as readonly string[]).includes(value);
}

/**
 * First day of the period of kind `per` that holds a day.
 *
 * @example fromDayNumber(periodStartDay(toDayNumber('2027-01-01'), 'week')) // '2026-12-28'
 */
function periodStartDay(day: DayNumber, per: PeriodKind): DayNumber {
  switch (per) {
    case 'day':
      return day;
    case 'week':
      return day - isoWeekdayOfDay(day) + 1;
    case 'month': {
      const { year, month } = datePartsOf(day);
      return dayNumberFromParts(year, month, 1);
    }
    case 'quarter': {
      const { year, month } = datePartsOf(day);
      return dayNumberFromParts(year, month - ((month - 1) % 3), 1);
    }
    case 'year':
      return dayNumberFromParts(datePartsOf(day).year, 1, 1);
  }
}

/**
 * First day of the period after the one that starts on `start`.
 *
 * @example fromDayNumber(nextPeriodStartDay(toDayNumber('2026-12-01'), 'month')) // '2027-01-01'
 */
function nextPeriodStartDay(start: DayNumber, per: PeriodKind): DayNumber {
  switch (per) {
    case 'day':
      return start + 1;
    case 'week':
      return start + 7;
    case 'month':
    case 'quarter': {
      const { year, month } = datePartsOf(start);
      const next = month + (per === 'month' ? 1 : 3);
      return next > 12 ? dayNumberFromParts(year + 1, next - 12, 1) : dayNumberFromParts(year, next, 1);
    }
    case 'year':
      return dayNumberFromParts(datePartsOf(start).year + 1, 1, 1);
  }
}

/**
 * The period of kind `per` that holds a date.
 *
 * @example periodOf('2026-11-18', 'week') // { per: 'week', start: '2026-11-16', end: '2026-11-22' }
 * @example periodOf('2026-11-18', 'quarter') // { per: 'quarter', start: '2026-10-01', end: '2026-12-31' }
 */
export function periodOf(date: LocalDate, per: PeriodKind): Period {
  const start = periodStartDay(toDayNumber(date), per);
  return { per, start: fromDayNumber(start), end: fromDayNumber(nextPeriodStartDay(start, per) - 1) };
}

/**
 * The period right after a period.
 *
 * @example nextPeriod(periodOf('2026-12-30', 'week')) // { per: 'week', start: '2027-01-04', end: '2027-01-10' }
 */
export function nextPeriod(period: Period): Period {
  return periodOf(fromDayNumber(toDayNumber(period.end) + 1), period.per);
}

/** Day numbers of consecutive periods: period i is `starts[i] … starts[i + 1] - 1`. */
export interface PeriodGrid {
  per: PeriodKind;
  /** One more entry than there are periods: the last is the day after the last period. */
  starts: DayNumber[];
}

/**
 * The periods of kind `per` that overlap a range, each whole, as day numbers.
 *
 * @example periodGrid(toDayNumber('2026-11-09'), toDayNumber('2026-11-22'), 'week').starts.length // 3
 */
export function periodGrid(from: DayNumber, to: DayNumber, per: PeriodKind): PeriodGrid {
  const starts: DayNumber[] = [];
  let start = periodStartDay(from, per);
  while (start <= to) {
    starts.push(start);
    start = nextPeriodStartDay(start, per);
  }
  starts.push(start);
  return { per, starts };
}

/**
 * Every period of kind `per` that overlaps an inclusive range, each whole and
 * in order; together they tile the range without gaps or overlaps.
 *
 * @example
 * periodsOverlapping({ from: '2026-11-09', to: '2026-11-22' }, 'week')
 * // [{ per: 'week', start: '2026-11-09', end: '2026-11-15' }, { per: 'week', start: '2026-11-16', end: '2026-11-22' }]
 */
export function periodsOverlapping(range: DateRange, per: PeriodKind): Period[] {
  const { starts } = periodGrid(toDayNumber(range.from), toDayNumber(range.to), per);
  const periods: Period[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    periods.push({ per, start: fromDayNumber(starts[i] as number), end: fromDayNumber((starts[i + 1] as number) - 1) });
  }
  return periods;
}

/** Where a period lies relative to today. */
export type PeriodTiming = 'past' | 'current' | 'future';

/**
 * Whether a period ended before today, holds today, or starts after it,
 * compared as local dates or as day numbers (the evaluator's; both order the
 * same way).
 *
 * @example periodTiming({ per: 'week', start: '2026-11-16', end: '2026-11-22' }, '2026-11-22') // 'current'
 * @example periodTiming({ start: toDayNumber('2026-11-16'), end: toDayNumber('2026-11-22') }, toDayNumber('2026-11-23')) // 'past'
 */
export function periodTiming(period: { start: LocalDate; end: LocalDate }, today: LocalDate): PeriodTiming;
export function periodTiming(period: { start: DayNumber; end: DayNumber }, today: DayNumber): PeriodTiming;
export function periodTiming(period: { start: LocalDate | DayNumber; end: LocalDate | DayNumber }, today: LocalDate | DayNumber): PeriodTiming {
  if (period.end < today) return 'past';
  return period.start > today ? 'future' : 'current';
}

/**
 * The instants a period begins and ends in a zone: `[start, end)` in epoch
 * milliseconds, the end being the next period's local midnight.
 *
 * @example
 * periodInstants({ per: 'day', start: '2026-11-16', end: '2026-11-16' }, 'Asia/Kamchatka')
 * // { start: Date.parse('2026-11-15T12:00:00Z'), end: Date.parse('2026-11-16T12:00:00Z') }
 */
export function periodInstants(period: { start: LocalDate; end: LocalDate }, timeZone: string): { start: number; end: number } {
  const first = toDayNumber(period.start);
  const last = toDayNumber(period.end);
  const clock = dayClock(timeZone, first, last);
  return { start: clock.starts[0] as number, end: clock.starts[clock.days] as number };
}
