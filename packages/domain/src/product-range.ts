/**
 * The one range of dates the whole product works in: the API accepts, the
 * database stores, and the evaluator judges dates from 2000-01-01 to
 * 2100-12-31 and nothing else. Media plans of public bodies are made for
 * weeks and quarters ahead; a year 0001 or 9999 is always a typo, and one such
 * date stored would push period arithmetic and PostgreSQL's date types past
 * their ends. Offsets of instants stay within ±14:00 ({@link MAX_UTC_OFFSET_MINUTES}).
 */
import { DAY_MS, INSTANT, MAX_UTC_OFFSET_MINUTES, MINUTE_MS, NOT_A_DATE, readItemDate, toDayNumber, type DateRange, type DayNumber, type LocalDate } from './local-date.js';

/** The first and last day of the product's range, inclusive. */
export const PRODUCT_RANGE = { from: '2000-01-01', to: '2100-12-31' } as const satisfies DateRange;

export { MAX_UTC_OFFSET_MINUTES } from './local-date.js';

const FIRST_DAY: DayNumber = toDayNumber(PRODUCT_RANGE.from);
const LAST_DAY: DayNumber = toDayNumber(PRODUCT_RANGE.to);
const scratch = new Float64Array(1);
const WIDEST_OFFSET_MS = MAX_UTC_OFFSET_MINUTES * MINUTE_MS;

/**
 * The instants whose local day lies in the range in every time zone (offsets up to ±14:00), so
 * that an organisation changing its zone never moves an item's day out of the range: from
 * 2000-01-01T14:00Z up to, not including, 2100-12-31T10:00Z.
 */
export const PRODUCT_INSTANTS = {
  from: toDayNumber(PRODUCT_RANGE.from) * DAY_MS + WIDEST_OFFSET_MS,
  until: (toDayNumber(PRODUCT_RANGE.to) + 1) * DAY_MS - WIDEST_OFFSET_MS,
} as const;

/**
 * Whether a day number lies in {@link PRODUCT_RANGE}.
 *
 * @example isProductDay(toDayNumber('2100-12-31')) // true
 */
export function isProductDay(day: DayNumber): boolean {
  return day >= FIRST_DAY && day <= LAST_DAY;
}

/**
 * Whether a value is a real local date 'YYYY-MM-DD' inside {@link PRODUCT_RANGE}.
 *
 * @example isProductDate('2026-11-20') // true
 * @example isProductDate('0001-01-01') // false
 * @example isProductDate('2101-01-01') // false
 */
export function isProductDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && isProductDay(toDayNumber(value));
}

/**
 * Whether a value is an item date (a local date, a wall-clock date-time, or an
 * instant with an offset within ±14:00) whose written day lies in
 * {@link PRODUCT_RANGE} and, for an instant, whose moment lies in
 * {@link PRODUCT_INSTANTS} (its day is in the range in every time zone).
 *
 * @example isProductItemDate('2026-11-20T10:00:00+03:00') // true
 * @example isProductItemDate('9999-12-31T23:59:59-14:00') // false
 * @example isProductItemDate('2026-11-20T10:00:00+23:59') // false
 */
export function isProductItemDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const found = readItemDate(value, scratch);
  if (found === NOT_A_DATE || !isProductDay(toDayNumber(value.slice(0, 10)))) return false;
  const at = scratch[0] as number;
  return found !== INSTANT || (at >= PRODUCT_INSTANTS.from && at < PRODUCT_INSTANTS.until);
}

/**
 * Whether a value is an instant with an offset (not a wall-clock time) that
 * {@link isProductItemDate} accepts.
 *
 * @example isProductInstant('2026-11-15T14:30:00Z') // true
 * @example isProductInstant('2026-11-15T14:30:00') // false
 */
export function isProductInstant(value: unknown): value is string {
  return isProductItemDate(value) && readItemDate(value, scratch) === INSTANT;
}

/** The longest range accepted, so that a typo in a year cannot make an evaluation hang. */
export const MAX_RANGE_DAYS = 3_653;
