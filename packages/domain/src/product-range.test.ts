import { describe, expect, it } from 'vitest';
import { parseItem } from './item.js';
import { parseInstant, toDayNumber } from './local-date.js';
import { isProductDate, isProductDay, isProductInstant, isProductItemDate, PRODUCT_RANGE } from './product-range.js';
import { readLocalDate, type Issue } from './read-json.js';

describe('the product range: 2000-01-01 … 2100-12-31', () => {
  it('takes its own ends and nothing beyond them', () => {
    expect(isProductDate(PRODUCT_RANGE.from)).toBe(true);
    expect(isProductDate(PRODUCT_RANGE.to)).toBe(true);
    expect(isProductDate('1999-12-31')).toBe(false);
    expect(isProductDate('2101-01-01')).toBe(false);
    expect(isProductDate('0001-01-01')).toBe(false);
    expect(isProductDay(toDayNumber('2026-11-20'))).toBe(true);
  });

  it('takes an instant whose day is in the range in every time zone', () => {
    expect(isProductItemDate('2026-11-20')).toBe(true);
    expect(isProductItemDate('2026-11-20T10:00')).toBe(true);
    expect(isProductItemDate('2100-12-31T23:00')).toBe(true);
    expect(isProductItemDate('2100-12-31T12:59:59+03:00')).toBe(true);
    expect(isProductItemDate('2100-12-31T13:00:00+03:00')).toBe(false);
    expect(isProductItemDate('2000-01-01T14:00:00Z')).toBe(true);
    expect(isProductItemDate('2000-01-01T13:59:59Z')).toBe(false);
    expect(isProductItemDate('2100-12-31T23:00:00-14:00')).toBe(false);
    expect(isProductItemDate('9999-12-31T23:59:59-14:00')).toBe(false);
  });

  it('refuses offsets beyond ±14:00', () => {
    expect(isProductInstant('2026-11-20T10:00:00+14:00')).toBe(true);
    expect(isProductInstant('2026-11-20T10:00:00-14:00')).toBe(true);
    expect(isProductInstant('2026-11-20T10:00:00+14:01')).toBe(false);
    expect(isProductInstant('2026-11-20T10:00:00+23:59')).toBe(false);
    expect(parseInstant('2026-11-20T10:00:00+18:00')).toBeNaN();
    expect(isProductInstant('2026-11-20T10:00')).toBe(false);
  });

  it('is what the domain readers accept', () => {
    const issues: Issue[] = [];
    expect(readLocalDate('1999-12-31', 'from', issues)).toBeUndefined();
    parseItem({ id: 'p', kind: 'post', status: 'planned', at: '9999-12-31T23:59:59-14:00' }, 'items[0]', issues);
    expect(issues).toEqual([
      { path: 'from', code: 'outside_product_range', message: 'outside 2000-01-01 … 2100-12-31' },
      { path: 'items[0].at', code: 'outside_product_range', message: 'outside 2000-01-01 … 2100-12-31' },
    ]);
  });
});
