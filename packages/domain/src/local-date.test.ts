import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareLocalDates,
  daysBetween,
  eachDate,
  fromDayNumber,
  isLocalDate,
  isoWeekday,
  toDayNumber,
} from './local-date.js';

describe('local dates', () => {
  it('numbers days from 1970-01-01', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2026-11-20')).toBe(Date.UTC(2026, 10, 20) / 86_400_000);
    expect(fromDayNumber(-1)).toBe('1969-12-31');
  });

  it('accepts only real calendar dates written YYYY-MM-DD', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2100-02-29')).toBe(false);
    expect(isLocalDate('2000-02-29')).toBe(true);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-11-31')).toBe(false);
    expect(isLocalDate('2026-1-01')).toBe(false);
    expect(isLocalDate('2026-11-20T00:00')).toBe(false);
    expect(isLocalDate('20.11.2026')).toBe(false);
    expect(isLocalDate(20_777)).toBe(false);
    expect(isLocalDate('０２０２-11-20')).toBe(false);
  });

  it('adds days across month, year and leap-day ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-09', '2026-11-22')).toBe(13);
  });

  it('knows ISO weekdays', () => {
    expect(isoWeekday('2026-11-16')).toBe(1);
    expect(isoWeekday('2026-11-22')).toBe(7);
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isoWeekday('1969-12-29')).toBe(1);
  });

  it('lists the dates of a range and sorts dates', () => {
    expect(eachDate({ from: '2026-12-30', to: '2027-01-02' })).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(['2026-12-01', '2026-11-30'].sort(compareLocalDates)).toEqual(['2026-11-30', '2026-12-01']);
  });

  it('agrees with Date on every day number (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -300_000, max: 2_900_000 }), (n) => {
        const date = fromDayNumber(n);
        expect(date).toBe(new Date(n * 86_400_000).toISOString().slice(0, 10));
        expect(toDayNumber(date)).toBe(n);
      }),
    );
  });
});
