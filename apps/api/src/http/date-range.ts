import type { DateRange } from '@ritm/domain/local-date';
import { checkRange, MAX_READ_RANGE_DAYS } from '@ritm/domain/validate';
import { badRequest } from './errors.js';
import { message } from './messages.js';

/**
 * Checks a `from … to` query by the domain's one range rule: `to` not before `from`, and at most
 * `maxDays` days ({@link MAX_READ_RANGE_DAYS} unless told), so that one request cannot read years
 * of items. The ends themselves are already inside the product's range (the contract's format).
 * @throws 400 naming `query.to`.
 */
export function checkDateRange(range: DateRange, maxDays = MAX_READ_RANGE_DAYS): void {
  if (checkRange(range, 'query.to', [], maxDays)) return;
  if (range.to < range.from) throw badRequest('rangeReversed', [{ path: 'query.to', message: message('fieldBeforeFrom', { from: range.from }) }]);
  throw badRequest('rangeTooLong', [{ path: 'query.to', message: message('fieldAtMostDaysAfter', { days: maxDays }) }]);
}
