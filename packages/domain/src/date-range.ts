/**
 * How long a range of dates (`from … to`) may be: the one date-range rule of the product, which
 * `ritm check`, the evaluator and the API's reads all apply. Each end must already lie in the
 * product's range (`PRODUCT_RANGE`, product-range.ts); the ten-year limit {@link MAX_RANGE_DAYS} lives there
 * too, because the issue wording reads it.
 */
import type { DateRange } from './local-date.js';
import { toDayNumber } from './local-date.js';
import { issue } from './issue.js';
import type { Issue } from './issue.js';
import { MAX_RANGE_DAYS } from './product-range.js';

/**
 * The longest range one read of the API covers (compliance, summaries, suggestions, item lists):
 * a year's norms still see their whole year, and one request cannot read years of items.
 */
export const MAX_READ_RANGE_DAYS = 400;

/**
 * Checks that a range runs forwards and spans at most `maxDays` days, both ends
 * counted ({@link MAX_RANGE_DAYS}, ten years, unless told); `path` is where `to`
 * sits.
 *
 * @example checkRange({ from: '2026-12-01', to: '2026-11-01' }, 'to', issues) // issues: to: before from
 * @example checkRange({ from: '2026-01-01', to: '2027-12-31' }, 'to', issues, MAX_READ_RANGE_DAYS) // issues: to: range longer than 400 days
 */
export function checkRange(range: DateRange, path: string, issues: Issue[], maxDays = MAX_RANGE_DAYS): boolean {
  const days = toDayNumber(range.to) - toDayNumber(range.from) + 1;
  if (days < 1) issues.push(issue(path, 'before_from', { from: range.from }));
  else if (days > maxDays) issues.push(issue(path, 'range_too_long', { days, max: maxDays }));
  else return true;
  return false;
}
