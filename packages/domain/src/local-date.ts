/**
 * Local calendar dates ('YYYY-MM-DD') and their arithmetic, and the date
 * strings an item's `at` may be (a local date, a wall-clock date-time, an
 * instant with an offset).
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

/** Milliseconds in a minute, an hour and a 24-hour day (of UTC; a local day can be 23 or 25 hours). */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const scratch = new Float64Array(1);

/**
 * The two decimal digits of `s` at `at` as a number, or -1 when either is not
 * a digit.
 *
 * @example twoDigits('2026-11-20', 5) // 11
 */
function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
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
function dayNumberAt(s: string): DayNumber {
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (century < 10 || yy < 0 || month < 1 || month > 12 || day < 1) return NaN;
  const year = century * 100 + yy;
  return day > daysInMonth(year, month) ? NaN : dayNumberFromParts(year, month, day);
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

// Item dates: the strings an item's `at` may be. They are read here, beside the
// date digits, so that reading 50,000 of them makes no call across modules.

/** {@link readItemDate} found no date. */
export const NOT_A_DATE = 0;
/** {@link readItemDate} found a local date or a date-time without offset: `out[0]` is its day number. */
export const WALL_DATE = 1;
/** {@link readItemDate} found an instant: `out[0]` is its epoch milliseconds. */
export const INSTANT = 2;

/**
 * Reads an item's `at` in one pass, without allocating: a local date
 * ('2026-11-20'), a date-time without offset ('2026-11-20T10:00', wall-clock
 * time of the organisation) or an instant with an offset ('…Z', '…+10:00',
 * '…+1000', '…+10'; 'T', 't' or a space before the time, optional seconds and
 * fraction). Returns {@link WALL_DATE} with the day number in `out[0]`,
 * {@link INSTANT} with epoch milliseconds in `out[0]`, or {@link NOT_A_DATE}.
 *
 * @example
 * const out = new Float64Array(1);
 * readItemDate('2026-11-15T14:30:00Z', out) // INSTANT, out[0] === Date.UTC(2026, 10, 15, 14, 30)
 */
export function readItemDate(s: string, out: Float64Array): number {
  const day = dayNumberAt(s);
  if (day !== day) return NOT_A_DATE;
  const length = s.length;
  if (length === 10) {
    out[0] = day;
    return WALL_DATE;
  }
  const sep = s.charCodeAt(10);
  // 'T', 't' (RFC 3339 5.6) or a space.
  if ((sep !== 84 && sep !== 116 && sep !== 32) || s.charCodeAt(13) !== 58) return NOT_A_DATE;
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NOT_A_DATE;
  let i = 16;
  let millis = 0;
  if (s.charCodeAt(i) === 58) {
    const second = twoDigits(s, i + 1);
    if (second < 0 || second > 59) return NOT_A_DATE;
    millis = second * 1000;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      let scale = 100;
      const first = ++i;
      for (let c = s.charCodeAt(i) - 48; c >= 0 && c <= 9; c = s.charCodeAt(++i) - 48, scale /= 10) {
        if (scale >= 1) millis += c * scale;
      }
      if (i === first) return NOT_A_DATE;
    }
  }
  if (i === length) {
    out[0] = day;
    return WALL_DATE;
  }
  const offset = readOffset(s, i);
  if (offset !== offset) return NOT_A_DATE;
  out[0] = day * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + millis - offset * MINUTE_MS;
  return INSTANT;
}

/** The widest UTC offset a date-time may carry, in minutes: ±14:00, the widest any zone uses (Pacific/Kiritimati). */
export const MAX_UTC_OFFSET_MINUTES = 14 * 60;

// 'Z' | ±HH | ±HHMM | ±HH:MM from `at` to the end; minutes east of UTC, NaN if none.
function readOffset(s: string, at: number): number {
  const c = s.charCodeAt(at);
  const rest = s.length - at - 1;
  if (c === 90 || c === 122) return rest === 0 ? 0 : NaN;
  if (c !== 43 && c !== 45) return NaN;
  const hours = twoDigits(s, at + 1);
  let minutes = 0;
  if (rest === 4) minutes = twoDigits(s, at + 3);
  else if (rest === 5 && s.charCodeAt(at + 3) === 58) minutes = twoDigits(s, at + 4);
  else if (rest !== 2) return NaN;
  if (hours < 0 || minutes < 0 || minutes > 59 || hours * 60 + minutes > MAX_UTC_OFFSET_MINUTES) return NaN;
  return (c === 45 ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Epoch milliseconds of an instant written with a UTC offset
 * ('2026-11-15T14:30:00Z', '…+10:00'), or NaN for anything else, including a
 * date-time without offset (see {@link wallDayNumberOf}).
 *
 * @example parseInstant('2026-11-16T00:30:00+10:00') // Date.UTC(2026, 10, 15, 14, 30)
 */
export function parseInstant(s: string): number {
  return readItemDate(s, scratch) === INSTANT ? (scratch[0] as number) : NaN;
}

/**
 * Day number of a local date ('2026-11-20') or of a date-time without an
 * offset ('2026-11-20T23:30', read as wall-clock time in the organisation's
 * zone); NaN for anything else, including instants with an offset.
 *
 * @example wallDayNumberOf('2026-11-20T23:30') === wallDayNumberOf('2026-11-20') // true
 */
export function wallDayNumberOf(s: string): DayNumber {
  return readItemDate(s, scratch) === WALL_DATE ? (scratch[0] as number) : NaN;
}
