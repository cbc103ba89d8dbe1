/**
 * Local calendar dates ('YYYY-MM-DD') and their arithmetic.
 *
 * A local date has no time zone: it is a day on the organisation's wall
 * calendar. Internally dates are turned into *day numbers* (days since
 * 1970-01-01 on the proleptic Gregorian calendar), which makes period maths
 * integer maths and keeps `Date` out of hot loops.
 */

/** A calendar date written 'YYYY-MM-DD' (year 1000–9999). */
export type LocalDate = string;

/** Days since 1970-01-01 on the local calendar; 1970-01-01 is 0. */
export type DayNumber = number;

/** An inclusive range of local dates. */
export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const DAY_MS = 86_400_000;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/** Reads `len` decimal digits of `s` from `at`; NaN if any is not a digit. */
export function readDigits(s: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) n = n * 10 + digit(s, i);
  return n;
}

/** Days in a month of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Day number of a civil date (H. Hinnant's `days_from_civil`); no validation.
 *
 * @example dayNumberFromParts(1970, 1, 2) // 1
 */
export function dayNumberFromParts(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Year, month (1–12) and day of a day number. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/**
 * Civil date of a day number (H. Hinnant's `civil_from_days`).
 *
 * @example datePartsOf(0) // { year: 1970, month: 1, day: 1 }
 */
export function datePartsOf(dayNumber: DayNumber): DateParts {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Day number of the date that starts `s` ('YYYY-MM-DD…'), or NaN when the
 * first ten characters are not a real calendar date. Only the first ten
 * characters are read, so a date-time's date part can be read in place.
 *
 * @example dayNumberAt('2026-11-20T10:00') // 20_777
 */
export function dayNumberAt(s: string): DayNumber {
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const year = readDigits(s, 0, 4);
  const month = readDigits(s, 5, 2);
  const day = readDigits(s, 8, 2);
  if (!(year >= 1000) || !(month >= 1 && month <= 12) || !(day >= 1 && day <= daysInMonth(year, month))) return NaN;
  return dayNumberFromParts(year, month, day);
}

/**
 * Day number of a local date, or NaN when `s` is not exactly 'YYYY-MM-DD'
 * with a real month and day.
 *
 * @example toDayNumber('1970-01-02') // 1
 * @example toDayNumber('2026-02-30') // NaN
 */
export function toDayNumber(s: string): DayNumber {
  return s.length === 10 ? dayNumberAt(s) : NaN;
}

/**
 * Whether a value is a local date 'YYYY-MM-DD' that exists on the calendar.
 *
 * @example isLocalDate('2028-02-29') // true
 * @example isLocalDate('2026-02-29') // false
 */
export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && !Number.isNaN(toDayNumber(value));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Local date of a day number.
 *
 * @example fromDayNumber(20_777) // '2026-11-20'
 */
export function fromDayNumber(dayNumber: DayNumber): LocalDate {
  const { year, month, day } = datePartsOf(dayNumber);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * The date `days` days after `date` (before, when negative).
 *
 * @example addDays('2026-12-31', 1) // '2027-01-01'
 */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * Days from `from` to `to` (negative when `to` is earlier).
 *
 * @example daysBetween('2026-11-09', '2026-11-22') // 13
 */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * ISO weekday of a day number: 1 Monday … 7 Sunday (1970-01-01 was a Thursday).
 *
 * @example isoWeekdayOfDay(0) // 4
 */
export function isoWeekdayOfDay(dayNumber: DayNumber): IsoWeekday {
  return ((((dayNumber + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

/**
 * ISO weekday of a local date: 1 Monday … 7 Sunday.
 *
 * @example isoWeekday('2026-11-22') // 7 (a Sunday)
 */
export function isoWeekday(date: LocalDate): IsoWeekday {
  return isoWeekdayOfDay(toDayNumber(date));
}

/** Milliseconds of UTC midnight that starts a day number (a wall-clock origin, not an instant of the organisation). */
export function utcMidnightOfDay(dayNumber: DayNumber): number {
  return dayNumber * DAY_MS;
}

/** Every date of an inclusive range, in order. */
export function eachDate(range: DateRange): LocalDate[] {
  const out: LocalDate[] = [];
  const last = toDayNumber(range.to);
  for (let d = toDayNumber(range.from); d <= last; d++) out.push(fromDayNumber(d));
  return out;
}

/**
 * Compares two local dates for sorting ('YYYY-MM-DD' sorts as text).
 *
 * @example ['2026-12-01', '2026-11-30'].sort(compareLocalDates) // ['2026-11-30', '2026-12-01']
 */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
