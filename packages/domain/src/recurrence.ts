/**
 * Recurring items (issue 15): a recurrence rule as RFC 5545 §3.3.10 defines it (RRULE), expanded
 * by the maintained `rrule` package. Dates are floating: a local date of the organisation is
 * handed to rrule as that date at UTC midnight and read back the same way, so the machine's zone
 * never moves an occurrence to another day. Rules finer than a day (HOURLY, BYHOUR…) are refused:
 * an occurrence is a day; a timed series keeps its first occurrence's wall-clock time.
 */
import rrulePackage from 'rrule';
import { periodOf, nextPeriod } from './period.js';
import {
  addDays,
  compareLocalDates,
  datePartsOf,
  dayNumberFromParts,
  DAY_MS,
  daysInMonth,
  fromDayNumber,
  isoWeekdayOfDay,
  MINUTE_MS,
  toDayNumber,
  type DateRange,
  type LocalDate,
} from './local-date.js';
import { localDateOf, offsetMinutes } from './time-zone.js';

// rrule ships CommonJS beside its ES build; its default export works under both Node and Vite.
const { RRule } = rrulePackage;

/** What is wrong with a recurrence rule, for a message naming `body.recurrence`. */
export type RecurrenceProblem =
  /** Not `NAME=VALUE;…`, a value that is not of its part's form, or a part twice. */
  | 'syntax'
  /** A part RFC 5545 does not define for RRULE. */
  | 'unknown_part'
  /** HOURLY, MINUTELY, SECONDLY or BYHOUR/BYMINUTE/BYSECOND: an occurrence is a day. */
  | 'too_fine'
  /** DTSTART or TZID inside the rule: the start is the item's `at`. */
  | 'has_start'
  /** COUNT and UNTIL together (RFC 5545 allows one). */
  | 'count_and_until'
  /** COUNT above {@link RECURRENCE_COUNT_MAX}. */
  | 'too_many'
  /** The rule gives no day from its start. */
  | 'empty';

export type RecurrenceParse = { ok: true; rule: string } | { ok: false; problem: RecurrenceProblem; part?: string };

/** The most occurrences a counted rule may ask for: ten years of days. */
export const RECURRENCE_COUNT_MAX = 3660;

/** How far ahead of its start a rule is searched for days (an impossible rule ends here, not at year 9999). */
const SEARCH_YEARS = 100;

const WEEKDAY = '(MO|TU|WE|TH|FR|SA|SU)';
const list = (item: string) => new RegExp(`^${item}(,${item})*$`);
const signed = (max: number) => (value: string) => value.split(',').every((n) => Math.abs(Number(n)) >= 1 && Math.abs(Number(n)) <= max);

/** The parts an RRULE may have, in the order the normal form writes them, each with its value's form. */
const PARTS: ReadonlyArray<{ name: string; form: RegExp; range?: (value: string) => boolean }> = [
  { name: 'FREQ', form: /^(YEARLY|MONTHLY|WEEKLY|DAILY)$/ },
  { name: 'INTERVAL', form: /^[1-9]\d{0,3}$/ },
  { name: 'BYMONTH', form: list('([1-9]|1[0-2])') },
  { name: 'BYWEEKNO', form: list('[+-]?\\d{1,2}'), range: signed(53) },
  { name: 'BYYEARDAY', form: list('[+-]?\\d{1,3}'), range: signed(366) },
  { name: 'BYMONTHDAY', form: list('[+-]?\\d{1,2}'), range: signed(31) },
  // An ordinal, when written, is 1…53 either way: `0MO` is no Monday and rrule.js throws on it.
  { name: 'BYDAY', form: list(`([+-]?\\d{1,2})?${WEEKDAY}`), range: (v) => v.split(',').every((d) => !/\d/.test(d) || (Math.abs(Number.parseInt(d, 10)) >= 1 && Math.abs(Number.parseInt(d, 10)) <= 53)) },
  { name: 'BYSETPOS', form: list('[+-]?\\d{1,3}'), range: signed(366) },
  { name: 'WKST', form: new RegExp(`^${WEEKDAY}$`) },
  { name: 'COUNT', form: /^[1-9]\d{0,5}$/ },
  { name: 'UNTIL', form: /^\d{8}(T\d{6}Z?)?$/ },
];
const FINER = new Set(['BYHOUR', 'BYMINUTE', 'BYSECOND']);
const FINER_FREQ = /^(HOURLY|MINUTELY|SECONDLY)$/;

/**
 * Reads an RRULE (with or without `RRULE:`) strictly and writes it in one normal form: parts in
 * RFC order, `INTERVAL=1` and `+` signs dropped, UNTIL as a date (occurrences are days).
 *
 * @example parseRecurrence('RRULE:byday=TU,TH;FREQ=WEEKLY;COUNT=8') // { ok: true, rule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8' }
 * @example parseRecurrence('FREQ=HOURLY') // { ok: false, problem: 'too_fine', part: 'FREQ' }
 */
export function parseRecurrence(input: string): RecurrenceParse {
  const text = input.trim().replace(/^RRULE:/i, '');
  const given = new Map<string, string>();
  for (const piece of text.split(';')) {
    const match = /^([A-Za-z]+)=(.+)$/.exec(piece);
    if (!match) return { ok: false, problem: 'syntax' };
    const name = match[1]!.toUpperCase();
    const value = match[2]!.toUpperCase();
    if (given.has(name)) return { ok: false, problem: 'syntax', part: name };
    given.set(name, value);
  }
  for (const [name, value] of given) {
    if (name === 'DTSTART' || name === 'TZID') return { ok: false, problem: 'has_start', part: name };
    if (FINER.has(name) || (name === 'FREQ' && FINER_FREQ.test(value))) return { ok: false, problem: 'too_fine', part: name };
    const part = PARTS.find((p) => p.name === name);
    if (part === undefined) return { ok: false, problem: 'unknown_part', part: name };
    if (!part.form.test(value) || (part.range && !part.range(value))) return { ok: false, problem: 'syntax', part: name };
  }
  if (!given.has('FREQ')) return { ok: false, problem: 'syntax', part: 'FREQ' };
  if (given.has('COUNT') && given.has('UNTIL')) return { ok: false, problem: 'count_and_until', part: 'UNTIL' };
  if (Number(given.get('COUNT') ?? 0) > RECURRENCE_COUNT_MAX) return { ok: false, problem: 'too_many', part: 'COUNT' };
  if (given.get('UNTIL') !== undefined && !isRealDate(given.get('UNTIL')!.slice(0, 8))) return { ok: false, problem: 'syntax', part: 'UNTIL' };
  // A rule whose BY parts no day of any year allows (BYMONTH=2;BYMONTHDAY=30) gives nothing, and
  // rrule.js would look for its first day until year 9999 (seconds of a blocked event loop).
  if (!admitsADay(given, CALENDAR_CYCLE)) return { ok: false, problem: 'empty' };
  const parts: string[] = [];
  for (const { name } of PARTS) {
    let value = given.get(name);
    if (value === undefined || (name === 'INTERVAL' && value === '1')) continue;
    if (name === 'UNTIL') value = value.slice(0, 8);
    else value = value.replace(/\+/g, '').replace(/(^|,)0+(\d)/g, '$1$2');
    parts.push(`${name}=${value}`);
  }
  return { ok: true, rule: parts.join(';') };
}

/** 28 years from a leap year: every weekday falls on every date of every month, 29 February included. */
const CALENDAR_CYCLE: DateRange = { from: '2000-01-01', to: '2027-12-31' };

const WEEKDAY_NUMBER: Readonly<Record<string, number>> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };
const numbers = (value: string | undefined) => (value === undefined ? undefined : new Set(value.split(',').map(Number)));

/**
 * Whether some day of `range` passes every BY filter of a rule (read leniently: an ordinal BYDAY as
 * its weekday, BYWEEKNO as the ISO week when the week starts on Monday, else ignored). Every day a
 * rule gives passes its filters, so `false` proves the rule empty there, in a bounded loop that
 * rrule.js (which only stops on a day it gives, or at year 9999) does not have. With a `start`,
 * a DAILY/MONTHLY/YEARLY rule's INTERVAL is honoured too (every 7th day never on a Tuesday…).
 */
function admitsADay(given: ReadonlyMap<string, string>, range: DateRange, start?: LocalDate): boolean {
  const months = numbers(given.get('BYMONTH'));
  const monthDays = numbers(given.get('BYMONTHDAY'));
  const yearDays = numbers(given.get('BYYEARDAY'));
  const weekNumbers = given.get('WKST') === undefined || given.get('WKST') === 'MO' ? numbers(given.get('BYWEEKNO')) : undefined;
  const weekdays = given.get('BYDAY') === undefined ? undefined : new Set(given.get('BYDAY')!.split(',').map((d) => WEEKDAY_NUMBER[d.slice(-2)]));
  const interval = Number(given.get('INTERVAL') ?? 1);
  const freq = given.get('FREQ');
  const first = toDayNumber(range.from);
  const startDay = start === undefined ? first : toDayNumber(start);
  const startParts = datePartsOf(startDay);
  for (let day = first, last = toDayNumber(range.to); day <= last; day++) {
    const { year, month, day: monthDay } = datePartsOf(day);
    if (months && !months.has(month)) continue;
    if (weekdays && !weekdays.has(isoWeekdayOfDay(day))) continue;
    const monthLength = daysInMonth(year, month);
    if (monthDays && !monthDays.has(monthDay) && !monthDays.has(monthDay - monthLength - 1)) continue;
    const yearDay = day - dayNumberFromParts(year, 1, 1) + 1;
    const yearLength = dayNumberFromParts(year + 1, 1, 1) - dayNumberFromParts(year, 1, 1);
    if (yearDays && !yearDays.has(yearDay) && !yearDays.has(yearDay - yearLength - 1)) continue;
    if (weekNumbers && !weekNumbers.has(isoWeekNumber(day)) && !weekNumbers.has(isoWeekNumber(day) - isoWeeksOfYearOf(day) - 1)) continue;
    if (start !== undefined && interval > 1) {
      if (freq === 'DAILY' && (day - startDay) % interval !== 0) continue;
      if (freq === 'MONTHLY' && ((year - startParts.year) * 12 + month - startParts.month) % interval !== 0) continue;
      if (freq === 'YEARLY' && (year - startParts.year) % interval !== 0) continue;
    }
    return true;
  }
  return false;
}

/** The ISO 8601 week-numbering year's Thursday of a day's week, which names its year. */
const thursdayOf = (day: number) => day - isoWeekdayOfDay(day) + 4;
function isoWeekNumber(day: number): number {
  const thursday = thursdayOf(day);
  return Math.floor((thursday - dayNumberFromParts(datePartsOf(thursday).year, 1, 1)) / 7) + 1;
}
function isoWeeksOfYearOf(day: number): number {
  const year = datePartsOf(thursdayOf(day)).year;
  return isoWeekNumber(dayNumberFromParts(year, 12, 28));
}

/** A normal-form rule's parts by name. */
const partsOf = (rule: string) => new Map(rule.split(';').map((part) => part.split('=') as [string, string]));

function isRealDate(compact: string): boolean {
  const date = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
  const time = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === date;
}

const asUtc = (day: LocalDate) => new Date(toDayNumber(day) * DAY_MS);
const fromUtc = (date: Date) => fromDayNumber(Math.floor(date.getTime() / DAY_MS));

/** rrule's object for a normal-form rule starting on a day. */
function rruleOf(rule: string, start: LocalDate) {
  return new RRule({ ...RRule.parseString(rule), dtstart: asUtc(start) });
}

const searchEnd = (start: LocalDate) => addDays(start, SEARCH_YEARS * 366);

/**
 * The days a rule gives from `start` within `range` (both ends included), less `exdates`, in order.
 * As rrule.js reads RFC 5545, `start` itself is a day only when the rule gives it.
 *
 * @example occurrenceDays('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4', '2026-12-01', { from: '2026-12-01', to: '2026-12-31' }) // ['2026-12-01', '2026-12-03', '2026-12-08', '2026-12-10']
 */
export function occurrenceDays(rule: string, start: LocalDate, range: DateRange, exdates: Iterable<LocalDate> = []): LocalDate[] {
  if (compareLocalDates(range.to, range.from) < 0 || firstOccurrenceDay(rule, start) === undefined) return [];
  const excluded = new Set(exdates);
  return rruleOf(rule, start)
    .between(asUtc(range.from), asUtc(range.to), true)
    .map(fromUtc)
    .filter((day) => !excluded.has(day));
}

/**
 * The first day a rule gives from `start`, or undefined when it gives none.
 *
 * @example firstOccurrenceDay('FREQ=MONTHLY;BYDAY=1MO', '2026-12-08') // '2027-01-04'
 */
export function firstOccurrenceDay(rule: string, start: LocalDate): LocalDate | undefined {
  // Proven empty within the search in a bounded loop first: rrule.js alone would look to year 9999.
  if (!admitsADay(partsOf(rule), { from: start, to: searchEnd(start) }, start)) return undefined;
  const first = rruleOf(rule, start).after(asUtc(start), true);
  return first === null || compareLocalDates(fromUtc(first), searchEnd(start)) > 0 ? undefined : fromUtc(first);
}

/**
 * The last day a rule gives (its COUNT-th day, or the last on or before UNTIL), or null for a
 * rule without end; undefined when it gives no day at all.
 *
 * @example lastOccurrenceDay('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', '2026-12-01') // '2026-12-24'
 * @example lastOccurrenceDay('FREQ=WEEKLY', '2026-12-01') // null
 */
export function lastOccurrenceDay(rule: string, start: LocalDate): LocalDate | null | undefined {
  if (firstOccurrenceDay(rule, start) === undefined) return undefined;
  const options = RRule.parseString(rule);
  if (options.count == null && options.until == null) return null;
  const days = rruleOf(rule, start).between(asUtc(start), asUtc(searchEnd(start)), true, (_, i) => options.count == null || i < options.count);
  return days.length === 0 ? undefined : fromUtc(days[days.length - 1]!);
}

/**
 * The days of a rule within `range` that still need an occurrence: not excluded (deleted alone or
 * non-working) and not made already. An occurrence moved or changed alone keeps its day on the
 * rule (`series_day`), so it is never made twice; a deleted one is an EXDATE and never comes back.
 *
 * @example missingOccurrenceDays('FREQ=DAILY;COUNT=3', '2026-12-01', { from: '2026-12-01', to: '2026-12-31' }, ['2026-12-02'], ['2026-12-01']) // ['2026-12-03']
 */
export function missingOccurrenceDays(
  rule: string,
  start: LocalDate,
  range: DateRange,
  exdates: Iterable<LocalDate>,
  existing: Iterable<LocalDate>,
): LocalDate[] {
  const made = new Set(existing);
  return occurrenceDays(rule, start, range, exdates).filter((day) => !made.has(day));
}

/**
 * Whether a rule gives a day.
 *
 * @example isOccurrenceDay('FREQ=WEEKLY;BYDAY=TU', '2026-12-01', '2026-12-08') // true
 */
export function isOccurrenceDay(rule: string, start: LocalDate, day: LocalDate): boolean {
  return occurrenceDays(rule, start, { from: day, to: day }).length === 1;
}

/**
 * How far occurrences are made ahead: the end of the quarter after today's (the current and the
 * next quarter are planned; a job extends the rest as time passes).
 *
 * @example seriesHorizon('2026-11-26') // '2027-03-31'
 */
export function seriesHorizon(today: LocalDate): LocalDate {
  return nextPeriod(periodOf(today, 'quarter')).end;
}

/** A rule with its end replaced: a COUNT, an UNTIL, or none. */
function withEnd(rule: string, end: { count: number } | { until: LocalDate } | null): string {
  const kept = rule.split(';').filter((part) => !part.startsWith('COUNT=') && !part.startsWith('UNTIL='));
  if (end !== null) kept.push('count' in end ? `COUNT=${end.count}` : `UNTIL=${end.until.replace(/-/g, '')}`);
  return kept.join(';');
}

/**
 * "This and following" (RFC 5545's RANGE=THISANDFUTURE): the rule up to the day before `from`
 * (with UNTIL; null when no day is left before it) and the rule from `from` (a COUNT rule keeps
 * the count it has left, an UNTIL or open rule its end; null when the rule has no day left from
 * `from`, and then the first part is the rule unchanged). Together they give exactly the days the
 * rule gave, never one more.
 *
 * @example splitRule('FREQ=WEEKLY;BYDAY=TU;COUNT=4', '2026-12-01', '2026-12-15') // { before: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20261214', after: 'FREQ=WEEKLY;BYDAY=TU;COUNT=2' }
 * @example splitRule('FREQ=WEEKLY;COUNT=3', '2026-12-01', '2027-06-01') // { before: 'FREQ=WEEKLY;COUNT=3', after: null }
 */
export function splitRule(rule: string, start: LocalDate, from: LocalDate): { before: string | null; after: string | null } {
  const last = lastOccurrenceDay(rule, start);
  if (last === undefined) return { before: null, after: null };
  // Past the last day: an UNTIL of the day before (or a COUNT of at least one) would widen the rule.
  if (last !== null && compareLocalDates(last, from) < 0) return { before: rule, after: null };
  const dayBefore = addDays(from, -1);
  const earlier = compareLocalDates(dayBefore, start) < 0 ? [] : occurrenceDays(rule, start, { from: start, to: dayBefore });
  const before = earlier.length === 0 ? null : withEnd(rule, { until: dayBefore });
  const count = RRule.parseString(rule).count;
  const after = count == null ? rule : withEnd(rule, { count: count - earlier.length });
  return { before, after };
}

/**
 * An occurrence's `at` on a day: the day itself for a date-dated series; for a timed one, the
 * first occurrence's wall-clock time in the organisation's zone on that day, so a 10:00 meeting
 * stays at 10:00 across a change of UTC offset. Written in UTC (`…Z`).
 *
 * @example occurrenceAt('2026-12-01T10:00:00+03:00', '2026-12-08', 'Europe/Moscow') // '2026-12-08T07:00:00.000Z'
 * @example occurrenceAt('2026-12-01', '2026-12-08', 'Europe/Moscow') // '2026-12-08'
 */
export function occurrenceAt(startsAt: string, day: LocalDate, timeZone: string): string {
  if (startsAt.length === 10) return day;
  const instant = Date.parse(startsAt);
  const wall = instant + offsetMinutes(timeZone, instant) * MINUTE_MS;
  const timeOfDay = wall - Math.floor(wall / DAY_MS) * DAY_MS;
  const wanted = toDayNumber(day) * DAY_MS + timeOfDay;
  // The offset at the guess, then at the instant it gives: right on both sides of a change.
  let at = wanted - offsetMinutes(timeZone, wanted) * MINUTE_MS;
  at = wanted - offsetMinutes(timeZone, at) * MINUTE_MS;
  return new Date(at).toISOString();
}

/**
 * The local day a series starts on (its `at`'s day in the organisation's zone).
 *
 * @example seriesStartDay('2026-12-01T23:30:00Z', 'Asia/Vladivostok') // '2026-12-02'
 */
export function seriesStartDay(startsAt: string, timeZone: string): LocalDate {
  return startsAt.length === 10 ? startsAt : localDateOf(Date.parse(startsAt), timeZone);
}
