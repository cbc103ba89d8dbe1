import { describe, expect, it } from 'vitest';
import { checkRange, MAX_READ_RANGE_DAYS } from './date-range.js';
import type { Issue } from './issue.js';
import { MAX_RANGE_DAYS } from './product-range.js';

describe('a date range', () => {
  it('runs forwards: a one-day range is fine, `to` before `from` is named at `to`', () => {
    const issues: Issue[] = [];
    expect(checkRange({ from: '2026-11-20', to: '2026-11-20' }, 'to', issues)).toBe(true);
    expect(checkRange({ from: '2026-12-01', to: '2026-11-30' }, 'query.to', issues)).toBe(false);
    expect(issues).toEqual([{ path: 'query.to', code: 'before_from', params: { from: '2026-12-01' }, message: 'before from (2026-12-01)' }]);
  });

  it('spans at most ten years, both ends counted, unless a shorter limit is given', () => {
    const issues: Issue[] = [];
    expect(checkRange({ from: '2026-01-01', to: '2035-12-31' }, 'to', issues)).toBe(true);
    expect(checkRange({ from: '2026-01-01', to: '2036-01-02' }, 'to', issues)).toBe(false);
    expect(issues[0]).toMatchObject({ code: 'range_too_long', params: { days: MAX_RANGE_DAYS + 1, max: MAX_RANGE_DAYS } });
  });

  it('lets one read of the API cover 400 days: a year of norms, not years of items', () => {
    const issues: Issue[] = [];
    expect(checkRange({ from: '2026-01-01', to: '2027-02-04' }, 'to', issues, MAX_READ_RANGE_DAYS)).toBe(true);
    expect(checkRange({ from: '2026-01-01', to: '2027-02-05' }, 'to', issues, MAX_READ_RANGE_DAYS)).toBe(false);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'range_too_long', params: { days: 401, max: 400 } });
  });
});
