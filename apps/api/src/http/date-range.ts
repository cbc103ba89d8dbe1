import type { DateRange } from '@ritm/domain/local-date';
import type { Issue } from '@ritm/domain/issue';
import { checkRange, MAX_READ_RANGE_DAYS } from '@ritm/domain/date-range';
import { badRequest } from './errors.js';
import { domainDetail } from './messages.js';

/**
 * Checks a `from … to` query by the domain's one range rule: `to` not before `from`, and at most
 * `maxDays` days ({@link MAX_READ_RANGE_DAYS} unless told), so that one request cannot read years
 * of items. The ends themselves are already inside the product's range (the contract's format).
 * @throws 400 naming `querystring.to`.
 */
export function checkDateRange(range: DateRange, maxDays = MAX_READ_RANGE_DAYS): void {
  const issues: Issue[] = [];
  if (checkRange(range, 'querystring.to', issues, maxDays)) return;
  throw badRequest(range.to < range.from ? 'rangeReversed' : 'rangeTooLong', issues.map(domainDetail));
}
