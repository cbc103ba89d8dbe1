import type { DateRange } from '@ritm/domain/local-date';
import { badRequest } from './errors.js';
import { message } from './messages.js';

/**
 * Checks a `from … to` query: `to` not before `from`, and at most `maxDays` apart, so that one
 * request cannot read years of items.
 * @throws 400 naming `query.to`.
 */
export function checkDateRange(range: DateRange, maxDays: number): void {
  const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000;
  if (!(days >= 0)) throw badRequest('rangeReversed', [{ path: 'query.to', message: message('fieldBeforeFrom', { from: range.from }) }]);
  if (days >= maxDays) throw badRequest('rangeTooLong', [{ path: 'query.to', message: message('fieldAtMostDaysAfter', { days: maxDays }) }]);
}
