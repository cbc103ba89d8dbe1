/**
 * The «Повторять» form's model and the RRULE (RFC 5545 §3.3.10) it stands for, both ways, for
 * the rules a person picks in the item drawer: every day, every N weeks on chosen weekdays, every
 * N months on day N or on the Nth weekday, every working day. Expanding a rule into dates is
 * `recurrence.ts`'s (on the `rrule` package); this file only reads and writes the rule's text, so
 * the admin needs no library for it. A rule the form cannot show (set by the API, say
 * `FREQ=YEARLY`) is read as unsupported, never silently changed.
 */
import { addDays, datePartsOf, daysInMonth, isLocalDate, isoWeekday, toDayNumber } from './local-date.js';
import type { IsoWeekday, LocalDate } from './local-date.js';
import type { PeriodKind } from './period.js';

/** What the occurrences follow: nothing, every day, weekdays, a day of the month, the Nth weekday of the month, working days. */
export const RECURRENCE_PATTERNS = ['none', 'daily', 'weekly', 'monthlyDay', 'monthlyWeekday', 'workdays'] as const;
export type RecurrencePattern = (typeof RECURRENCE_PATTERNS)[number];

/** How a series ends: never (materialised to the horizon and extended), on a date, after N occurrences. */
export const RECURRENCE_ENDS = ['never', 'until', 'count'] as const;
export type RecurrenceEnd = (typeof RECURRENCE_ENDS)[number];

/** RFC 5545 weekday codes, Monday first: index + 1 is the ISO weekday. */
export const RRULE_WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** The largest interval and count the form offers (a person means «every 2 weeks», not «every 500»); the API's own limit (`recurrence.ts`) is wider. */
export const RECURRENCE_FORM_INTERVAL_MAX = 99;
export const RECURRENCE_FORM_COUNT_MAX = 999;

/** The drawer's «Повторять» fields. Fields a pattern does not use keep their values, so switching back loses nothing. */
export interface RecurrenceForm {
  pattern: RecurrencePattern;
  /** Every N days, weeks or months (1 = every). */
  interval: number;
  /** `weekly`: the ISO weekdays, in order. */
  weekdays: IsoWeekday[];
  /** `monthlyDay`: the day of the month, 1–31, or -1 for the last day. */
  monthDay: number;
  /** `monthlyWeekday`: which of the month's `weekday`s, 1–4 or -1 for the last; more than one from a derived rule. */
  ordinals: number[];
  weekday: IsoWeekday;
  ends: RecurrenceEnd;
  /** `until`: the last day an occurrence may fall on. */
  until: LocalDate | null;
  /** `count`: how many occurrences in all. */
  count: number | null;
}

/** What is wrong with a form, named for the field the person corrects. */
export type RecurrenceFormProblem =
  | { field: 'weekdays'; code: 'no_weekdays' }
  | { field: 'interval'; code: 'bad_interval' }
  | { field: 'until'; code: 'until_missing' | 'until_before_start' }
  | { field: 'count'; code: 'bad_count' };

/** A rule read back into the form, or the reason the form cannot show it. */
export type ReadRecurrence = { ok: true; form: RecurrenceForm } | { ok: false; reason: 'malformed' | 'unsupported' };

/** The rule a form stands for, and whether occurrences on non-working days are left out. */
export interface RecurrenceRule {
  rrule: string;
  skipNonWorkingDays: boolean;
}

const WORKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5];

/**
 * Which of its month's weekdays a date is: 1–4, or -1 when it is the fifth (a fifth Tuesday is
 * in no month for long: «the last Tuesday» keeps the series monthly).
 *
 * @example weekdayOrdinal('2026-11-24') // 4 (the fourth Tuesday of November 2026)
 * @example weekdayOrdinal('2026-12-29') // -1 (the fifth Tuesday of December 2026)
 */
export function weekdayOrdinal(date: LocalDate): number {
  const nth = Math.ceil(datePartsOf(toDayNumber(date)).day / 7);
  return nth > 4 ? -1 : nth;
}

/**
 * The form as it opens for an item on `date`: not repeating, and ready to repeat on that date's
 * weekday, day of the month or weekday of the month.
 *
 * @example recurrenceFormFor('2026-11-24').weekdays // [2]
 */
export function recurrenceFormFor(date: LocalDate): RecurrenceForm {
  const weekday = isoWeekday(date);
  return { pattern: 'none', interval: 1, weekdays: [weekday], monthDay: datePartsOf(toDayNumber(date)).day, ordinals: [weekdayOrdinal(date)], weekday, ends: 'never', until: null, count: null };
}

/**
 * What is wrong with a form whose series starts on `start`, or nothing.
 *
 * @example recurrenceProblems({ ...recurrenceFormFor('2026-11-24'), pattern: 'weekly', weekdays: [] }, '2026-11-24') // [{ field: 'weekdays', code: 'no_weekdays' }]
 */
export function recurrenceProblems(form: RecurrenceForm, start: LocalDate): RecurrenceFormProblem[] {
  if (form.pattern === 'none') return [];
  const problems: RecurrenceFormProblem[] = [];
  if (form.pattern === 'weekly' && form.weekdays.length === 0) problems.push({ field: 'weekdays', code: 'no_weekdays' });
  if (!Number.isInteger(form.interval) || form.interval < 1 || form.interval > RECURRENCE_FORM_INTERVAL_MAX) problems.push({ field: 'interval', code: 'bad_interval' });
  if (form.ends === 'until') {
    if (!isLocalDate(form.until)) problems.push({ field: 'until', code: 'until_missing' });
    else if (form.until < start) problems.push({ field: 'until', code: 'until_before_start' });
  }
  if (form.ends === 'count' && (form.count === null || !Number.isInteger(form.count) || form.count < 1 || form.count > RECURRENCE_FORM_COUNT_MAX)) {
    problems.push({ field: 'count', code: 'bad_count' });
  }
  return problems;
}

const dayCodes = (days: readonly IsoWeekday[]) => [...new Set(days)].sort((a, b) => a - b).map((d) => RRULE_WEEKDAYS[d - 1]);

/**
 * The RRULE a form stands for (no `RRULE:` prefix, no DTSTART: the item's `at` is the start), or
 * undefined when it does not repeat. Working days are Monday to Friday with `skipNonWorkingDays`,
 * which leaves out the production calendar's holidays.
 *
 * @example toRecurrenceRule({ ...recurrenceFormFor('2026-11-24'), pattern: 'weekly', weekdays: [2, 4], ends: 'count', count: 8 })
 * // { rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', skipNonWorkingDays: false }
 */
export function toRecurrenceRule(form: RecurrenceForm): RecurrenceRule | undefined {
  const parts: string[] = [];
  const every = form.interval > 1 ? [`INTERVAL=${form.interval}`] : [];
  switch (form.pattern) {
    case 'none':
      return undefined;
    case 'daily':
      parts.push('FREQ=DAILY', ...every);
      break;
    case 'workdays':
      parts.push('FREQ=WEEKLY', `BYDAY=${dayCodes(WORKDAYS).join(',')}`);
      break;
    case 'weekly':
      parts.push('FREQ=WEEKLY', ...every, `BYDAY=${dayCodes(form.weekdays).join(',')}`);
      break;
    case 'monthlyDay':
      parts.push('FREQ=MONTHLY', ...every, `BYMONTHDAY=${form.monthDay}`);
      break;
    case 'monthlyWeekday': {
      const code = RRULE_WEEKDAYS[form.weekday - 1];
      parts.push('FREQ=MONTHLY', ...every, `BYDAY=${[...new Set(form.ordinals)].sort(byOrdinal).map((n) => `${n}${code}`).join(',')}`);
      break;
    }
  }
  if (form.ends === 'until' && form.until) parts.push(`UNTIL=${form.until.replaceAll('-', '')}`);
  if (form.ends === 'count' && form.count) parts.push(`COUNT=${form.count}`);
  return { rrule: parts.join(';'), skipNonWorkingDays: form.pattern === 'workdays' };
}

// 1st, 2nd … 4th, then the last.
const byOrdinal = (a: number, b: number) => (a < 0 ? 5 : a) - (b < 0 ? 5 : b);

/** An RRULE's parts by name, or undefined when it is not `NAME=value;…` with each name once. */
function ruleParts(rule: string): Map<string, string> | undefined {
  const parts = new Map<string, string>();
  for (const part of rule.trim().replace(/^RRULE:/i, '').split(';')) {
    const match = /^([A-Z]+)=(.+)$/i.exec(part.trim());
    if (!match) return undefined;
    const name = (match[1] as string).toUpperCase();
    if (parts.has(name)) return undefined;
    parts.set(name, (match[2] as string).toUpperCase());
  }
  return parts;
}

/** `UNTIL` as a local date: `20270630` or a date-time `20270630T235959Z` (its date). */
function untilDate(value: string): LocalDate | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(value);
  const date = match && `${match[1]}-${match[2]}-${match[3]}`;
  return date && isLocalDate(date) ? date : undefined;
}

const positiveInteger = (value: string | undefined, max: number) => (value !== undefined && /^\d{1,4}$/.test(value) && +value >= 1 && +value <= max ? +value : undefined);

/**
 * The form a rule stands for, with the rest of the form as it opens for `date` (the series'
 * start). Reads what {@link toRecurrenceRule} writes and the same rules spelt otherwise (any
 * order, `RRULE:`, lower case, `INTERVAL=1`, a date-time `UNTIL`); anything else is unsupported.
 *
 * @example readRecurrenceRule('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', false, '2026-11-24') // { ok: true, form: { pattern: 'weekly', weekdays: [2, 4], ends: 'count', count: 8, … } }
 * @example readRecurrenceRule('FREQ=YEARLY', false, '2026-11-24') // { ok: false, reason: 'unsupported' }
 */
export function readRecurrenceRule(rule: string, skipNonWorkingDays: boolean, date: LocalDate): ReadRecurrence {
  const parts = ruleParts(rule);
  if (!parts) return { ok: false, reason: 'malformed' };
  const form = recurrenceFormFor(date);
  const unsupported = { ok: false, reason: 'unsupported' } as const;
  const take = (name: string) => {
    const value = parts.get(name);
    parts.delete(name);
    return value;
  };
  const freq = take('FREQ');
  if (parts.has('INTERVAL')) {
    const interval = positiveInteger(take('INTERVAL'), RECURRENCE_FORM_INTERVAL_MAX);
    if (interval === undefined) return unsupported;
    form.interval = interval;
  }
  const until = take('UNTIL');
  const count = take('COUNT');
  if (until !== undefined && count !== undefined) return { ok: false, reason: 'malformed' };
  if (until !== undefined) {
    const day = untilDate(until);
    if (!day) return { ok: false, reason: 'malformed' };
    Object.assign(form, { ends: 'until', until: day });
  }
  if (count !== undefined) {
    const n = positiveInteger(count, RECURRENCE_FORM_COUNT_MAX);
    if (n === undefined) return unsupported;
    Object.assign(form, { ends: 'count', count: n });
  }
  // Monday is RFC 5545's default week start; another WKST changes only multi-week rules' weeks.
  if ((take('WKST') ?? 'MO') !== 'MO') return unsupported;
  const byday = take('BYDAY')?.split(',');
  const bymonthday = take('BYMONTHDAY');
  if (parts.size > 0) return unsupported;

  const plainDays = byday?.map((code) => RRULE_WEEKDAYS.indexOf(code as (typeof RRULE_WEEKDAYS)[number]) + 1);
  if (freq === 'DAILY' && !byday && !bymonthday) form.pattern = 'daily';
  else if (freq === 'WEEKLY' && plainDays && !bymonthday && plainDays.every((d) => d > 0)) {
    form.weekdays = [...new Set(plainDays as IsoWeekday[])].sort((a, b) => a - b);
    const workdays = form.weekdays.join() === WORKDAYS.join() && form.interval === 1;
    form.pattern = skipNonWorkingDays && workdays ? 'workdays' : 'weekly';
  } else if (freq === 'MONTHLY' && bymonthday && !byday) {
    const day = /^(-1|[1-9]|[12]\d|3[01])$/.test(bymonthday) ? +bymonthday : undefined;
    if (day === undefined) return unsupported;
    Object.assign(form, { pattern: 'monthlyDay', monthDay: day });
  } else if (freq === 'MONTHLY' && byday && !bymonthday) {
    const read = byday.map((code) => /^(-1|\+?[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(code));
    const weekdays = new Set(read.map((m) => m?.[2]));
    if (read.some((m) => !m) || weekdays.size !== 1) return unsupported;
    const weekday = (RRULE_WEEKDAYS.indexOf([...weekdays][0] as (typeof RRULE_WEEKDAYS)[number]) + 1) as IsoWeekday;
    Object.assign(form, { pattern: 'monthlyWeekday', weekday, ordinals: [...new Set(read.map((m) => +(m?.[1] as string)))].sort(byOrdinal) });
  } else return unsupported;
  // Only working days are left out: any other rule with the option is not one the form writes.
  if (skipNonWorkingDays && form.pattern !== 'workdays') return unsupported;
  return { ok: true, form };
}

/**
 * Whether a day falls on the form's pattern, leaving the interval aside (the series' start sets
 * its phase): the first such day from a date is where a derived series starts.
 */
function onPattern(form: RecurrenceForm, date: LocalDate): boolean {
  const { year, month, day } = datePartsOf(toDayNumber(date));
  const weekday = isoWeekday(date);
  switch (form.pattern) {
    case 'none':
      return false;
    case 'daily':
      return true;
    case 'workdays':
      return weekday <= 5;
    case 'weekly':
      return form.weekdays.includes(weekday);
    case 'monthlyDay':
      return form.monthDay === -1 ? day === daysInMonth(year, month) : day === form.monthDay;
    case 'monthlyWeekday': {
      const last = day + 7 > daysInMonth(year, month);
      return weekday === form.weekday && form.ordinals.some((n) => (n === -1 ? last : Math.ceil(day / 7) === n));
    }
  }
}

/**
 * The first day on or after `from` that a form's pattern gives (at most a year and a day ahead,
 * which every pattern the form writes reaches), or undefined.
 *
 * @example firstOnPattern({ ...recurrenceFormFor('2026-11-24'), pattern: 'weekly', weekdays: [4] }, '2026-11-24') // '2026-11-26'
 */
export function firstOnPattern(form: RecurrenceForm, from: LocalDate): LocalDate | undefined {
  for (let i = 0; i <= 366; i++) {
    const day = addDays(from, i);
    if (onPattern(form, day)) return day;
  }
  return undefined;
}

// Weekdays that spread n items over a week, Tuesday first (Monday is the planning meeting).
const SPREAD: Record<number, IsoWeekday[]> = { 1: [2], 2: [2, 4], 3: [1, 3, 5], 4: [1, 2, 4, 5], 5: [1, 2, 3, 4, 5], 6: [1, 2, 3, 4, 5, 6] };
// Which Tuesdays of the month spread n items over it.
const MONTH_SPREAD: Record<number, number[]> = { 1: [1], 2: [1, 3], 3: [1, 2, 4], 4: [1, 2, 3, 4] };

/** A norm's rhythm: at least `min` items per `per`. */
export interface Rhythm {
  per: PeriodKind;
  min: number;
}

/**
 * The series that keeps a frequency norm's rhythm from `from` on, for "fill the gap" as a series:
 * its form (open, or until `until`) and its first day. Every whole period after the start gets at
 * least `min` occurrences. 2 a week → Tuesdays and Thursdays; 1 a month → the first Tuesday;
 * 1 a quarter → the first Tuesday every 3 months; more a month than four Tuesdays → weekly on
 * enough weekdays (a month holds each weekday at least four times). Undefined for a rhythm a
 * daily rule cannot keep (twice a day).
 *
 * @example gapRecurrence({ per: 'week', min: 2 }, '2026-11-24')?.rule // { rrule: 'FREQ=WEEKLY;BYDAY=TU,TH', skipNonWorkingDays: false }
 * @example gapRecurrence({ per: 'month', min: 1 }, '2026-11-24', '2027-06-30')?.rule.rrule // 'FREQ=MONTHLY;BYDAY=1TU;UNTIL=20270630'
 */
export function gapRecurrence(rhythm: Rhythm, from: LocalDate, until: LocalDate | null = null): { form: RecurrenceForm; start: LocalDate; rule: RecurrenceRule } | undefined {
  const form: RecurrenceForm = { ...recurrenceFormFor(from), ...(until ? { ends: 'until' as const, until } : {}) };
  const { per, min } = rhythm;
  if (!Number.isInteger(min) || min < 1) return undefined;
  // A weekday a week at most, so 7 a week is daily and more cannot be kept; a month holds each
  // weekday at least four times, so more than 28 a month cannot either.
  const weekly = (n: number): Partial<RecurrenceForm> | undefined =>
    n > 7 ? undefined : n === 7 ? { pattern: 'daily' } : { pattern: 'weekly', weekdays: SPREAD[n] as IsoWeekday[] };
  const monthly = (n: number, interval = 1): Partial<RecurrenceForm> | undefined =>
    n <= 4 ? { pattern: 'monthlyWeekday', weekday: 2, ordinals: MONTH_SPREAD[n] as number[], interval } : weekly(Math.ceil(n / 4));
  const shape: Record<PeriodKind, () => Partial<RecurrenceForm> | undefined> = {
    day: () => (min === 1 ? { pattern: 'daily' } : undefined),
    week: () => weekly(min),
    month: () => monthly(min),
    // Every 3 months from any month meets each quarter once; 2 or 3 a quarter is monthly.
    quarter: () => (min === 1 ? monthly(1, 3) : monthly(Math.ceil(min / 3))),
    // 12 / interval divides the year evenly for every min up to 12 (12, 6, 4, 3, 2, 2, 1…).
    year: () => (min <= 12 ? monthly(1, Math.floor(12 / min)) : monthly(Math.ceil(min / 12))),
  };
  const picked = shape[per]();
  if (!picked) return undefined;
  Object.assign(form, picked);
  const start = firstOnPattern(form, from);
  const rule = toRecurrenceRule(form);
  if (!start || !rule || (until && until < start)) return undefined;
  return { form, start, rule };
}
