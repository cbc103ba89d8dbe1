/**
 * Evidence of a publication or an event: an item may be marked done only once its date has come,
 * and a done item is *confirmed* when something other than the tick proves it — its publication
 * URL or at least one attachment (a photo of the notice board, a scan of the newspaper page, a PDF).
 */
import { childPath } from './read-json.js';
import { issue, type Issue } from './issue.js';
import { statusClass, type ItemStatus } from './item.js';
import { localDateOf, localDateOfItemDate } from './time-zone.js';

/**
 * How far an instant may lie ahead of the server's clock and still be done: a phone whose clock
 * runs a little fast must be able to record "published just now".
 */
export const DONE_CLOCK_SKEW_MS = 5 * 60_000;

/** What tells whether an item is confirmed. */
export interface EvidenceFacts {
  status: ItemStatus;
  /** The publication's address, if any. */
  url?: string | null | undefined;
  /** How many files are attached to the item. */
  attachmentCount?: number | undefined;
}

/**
 * Whether an item is confirmed: published or held, and proved by a URL or an attachment. A
 * planned item with a URL is not confirmed — nothing happened yet to confirm.
 *
 * @example isConfirmed({ status: 'published', url: 'https://vk.com/wall-1_2' }) // true
 * @example isConfirmed({ status: 'held', attachmentCount: 1 }) // true
 * @example isConfirmed({ status: 'published', url: null, attachmentCount: 0 }) // false
 */
export function isConfirmed(item: EvidenceFacts): boolean {
  if (statusClass(item.status) !== 'done') return false;
  return (item.url !== undefined && item.url !== null && item.url !== '') || (item.attachmentCount ?? 0) > 0;
}

/** Where and when a done status is checked. */
export interface DoneContext {
  /** The organisation's IANA time zone: "today" is its local day. */
  timeZone: string;
  /** The clock's reading, in milliseconds since the epoch (passed in, never read here). */
  now: number;
  /** JSON path of the item, to prefix the issue with (e.g. 'body.items[3]'). */
  path?: string;
  /**
   * The field to blame: `status` when the status was set, `at` when a done item was moved into
   * the future. Defaults to `status`.
   */
  field?: 'status' | 'at';
}

/**
 * Checks that a `published`/`held` item is not dated in the future: its local day is today or
 * earlier on the organisation's calendar and, for an instant, the instant has come (give or take
 * {@link DONE_CLOCK_SKEW_MS}). Other statuses, and dates that are not dates (another rule's
 * business), pass.
 *
 * @example
 * checkDoneNotInFuture({ status: 'published', at: '2026-11-27' }, { timeZone: 'Europe/Moscow', now: Date.parse('2026-11-26T09:00:00Z') })
 * // [{ path: 'status', code: 'done_in_future', params: { today: '2026-11-26' }, message: 'cannot be published or held yet: it is dated after today (2026-11-26)' }]
 */
export function checkDoneNotInFuture(item: { status: ItemStatus; at: string }, context: DoneContext): Issue[] {
  if (statusClass(item.status) !== 'done') return [];
  const day = localDateOfItemDate(item.at, context.timeZone);
  if (day === undefined) return [];
  const today = localDateOf(context.now, context.timeZone);
  const instant = hasOffset(item.at) ? Date.parse(item.at) : Number.NaN;
  const future = day > today || (!Number.isNaN(instant) && instant > context.now + DONE_CLOCK_SKEW_MS);
  if (!future) return [];
  return [issue(childPath(context.path ?? '', context.field ?? 'status'), 'done_in_future', { today })];
}

// A date-time with `Z` or `±hh:mm` names an instant; a date or a wall-clock time names a local day.
function hasOffset(at: string): boolean {
  return at.length > 10 && /(?:Z|[+-]\d{2}:\d{2})$/.test(at);
}
