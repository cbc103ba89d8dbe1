/**
 * The one range of dates the whole product works in: the API accepts, the
 * database stores, and the evaluator judges dates from 2000-01-01 to
 * 2100-12-31 and nothing else. Media plans of public bodies are made for
 * weeks and quarters ahead; a year 0001 or 9999 is always a typo, and one such
 * date stored would push period arithmetic and PostgreSQL's date types past
 * their ends. Offsets of instants stay within ±14:00 ({@link MAX_UTC_OFFSET_MINUTES}).
 */
import { DAY_MS, INSTANT, NOT_A_DATE, readItemDate, toDayNumber, type DateRange, type DayNumber, type LocalDate } from './local-date.js';

/** The first and last day of the product's range, inclusive. */
export const PRODUCT_RANGE = { from: '2000-01-01', to: '2100-12-31' } as const satisfies DateRange;

export { MAX_UTC_OFFSET_MINUTES } from './local-date.js';

const FIRST_DAY: DayNumber = toDayNumber(PRODUCT_RANGE.from);
const LAST_DAY: DayNumber = toDayNumber(PRODUCT_RANGE.to);
const scratch = new Float64Array(1);

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
 * instant with an offset within ±14:00) whose written day, and for an instant
 * its UTC day too, lie in {@link PRODUCT_RANGE}.
 *
 * @example isProductItemDate('2026-11-20T10:00:00+03:00') // true
 * @example isProductItemDate('9999-12-31T23:59:59-14:00') // false
 * @example isProductItemDate('2026-11-20T10:00:00+23:59') // false
 */
export function isProductItemDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const found = readItemDate(value, scratch);
  if (found === NOT_A_DATE || !isProductDay(toDayNumber(value.slice(0, 10)))) return false;
  return found !== INSTANT || isProductDay(Math.floor((scratch[0] as number) / DAY_MS));
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

/**
 * The issue message for a date outside the range, as the readers record it.
 */
export const OUTSIDE_PRODUCT_RANGE = `outside ${PRODUCT_RANGE.from} … ${PRODUCT_RANGE.to}`;
