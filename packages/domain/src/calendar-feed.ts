/**
 * Calendar feeds: what a subscribed calendar (Outlook, Yandex, Google) receives.
 */
import { ITEM_STATUSES, type ItemStatus } from './item.js';
import { dayNumberFromParts, daysInMonth, fromDayNumber, toDayNumber, datePartsOf, type DateRange, type LocalDate } from './local-date.js';

/**
 * How far a feed reaches around today: clients poll the whole file every few hours, so it covers
 * what a press office looks at (the last quarter and the year ahead) and stays bounded.
 */
export const FEED_MONTHS_BACK = 3;
export const FEED_MONTHS_AHEAD = 12;

/**
 * At most this many events per feed, the earliest first: no one reads more in a calendar, and
 * writing one costs the server about half a second of CPU. A larger subtree takes narrower feeds.
 */
export const FEED_MAX_EVENTS = 2_000;

/**
 * Statuses a feed carries unless its owner chose fewer. Cancelled items stay in, as
 * `STATUS:CANCELLED`, so a client that already shows the event strikes it out instead of keeping it.
 */
export const FEED_DEFAULT_STATUSES: readonly ItemStatus[] = ITEM_STATUSES;

/**
 * The local days a feed covers on `today`: {@link FEED_MONTHS_BACK} months back to
 * {@link FEED_MONTHS_AHEAD} months ahead, the day of month kept or clamped to the month's last.
 *
 * @example feedWindow('2026-11-30') // { from: '2026-08-30', to: '2027-11-30' }
 * @example feedWindow('2026-05-31') // { from: '2026-02-28', to: '2027-05-31' }
 */
export function feedWindow(today: LocalDate): DateRange {
  return { from: addMonths(today, -FEED_MONTHS_BACK), to: addMonths(today, FEED_MONTHS_AHEAD) };
}

function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = datePartsOf(toDayNumber(date));
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return fromDayNumber(dayNumberFromParts(y, m, Math.min(day, daysInMonth(y, m))));
}
