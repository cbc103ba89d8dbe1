import type { DateRange } from '@ritm/domain/local-date';
import { checkRange, MAX_READ_RANGE_DAYS, type Issue } from '@ritm/domain/validate';
import { badRequest } from './errors.js';
import { MESSAGES } from './messages.js';

/**
 * Checks a `from … to` query by the domain's one range rule: `to` not before `from`, and at most
 * `maxDays` days ({@link MAX_READ_RANGE_DAYS} unless told), so that one request cannot read years
 * of items. The ends themselves are already inside the product's range (the contract's format).
 * @throws 400 naming `query.to`.
 */
export function checkDateRange(range: DateRange, maxDays = MAX_READ_RANGE_DAYS): void {
  const issues: Issue[] = [];
  if (checkRange(range, 'query.to', issues, maxDays)) return;
  const reversed = range.to < range.from;
  throw badRequest(reversed ? MESSAGES.rangeReversed : MESSAGES.rangeTooLong, issues);
}
