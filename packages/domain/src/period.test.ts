import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber } from './local-date.js';
import { isPeriodKind, nextPeriod, PERIOD_KINDS, periodInstants, periodOf, periodsOverlapping, periodTiming } from './period.js';

describe('periods', () => {
  it('runs ISO weeks from Monday to Sunday across a month end', () => {
    expect(periodOf('2026-12-02', 'week')).toEqual({ per: 'week', start: '2026-11-30', end: '2026-12-06' });
  });

  it('runs the first ISO week of 2027 from 2026-12-28', () => {
    expect(periodOf('2027-01-01', 'week')).toEqual({ per: 'week', start: '2026-12-28', end: '2027-01-03' });
    expect(periodOf('2026-12-31', 'week').start).toBe('2026-12-28');
  });

  it('has a week 53 in 2026 (28 Dec 2026 – 3 Jan 2027) and in 2020', () => {
    // 2026 starts on a Thursday, so it has 53 ISO weeks; the 53rd straddles the new year.
    const weeks = periodsOverlapping({ from: '2026-01-01', to: '2026-12-31' }, 'week');
    expect(weeks).toHaveLength(53);
    expect(weeks[0]).toEqual({ per: 'week', start: '2025-12-29', end: '2026-01-04' });
    expect(weeks[52]).toEqual({ per: 'week', start: '2026-12-28', end: '2027-01-03' });
    expect(periodOf('2021-01-03', 'week')).toEqual({ per: 'week', start: '2020-12-28', end: '2021-01-03' });
  });

  it('has quarters of January, April, July and October', () => {
    expect(periodOf('2026-02-15', 'quarter')).toEqual({ per: 'quarter', start: '2026-01-01', end: '2026-03-31' });
    expect(periodOf('2026-05-31', 'quarter')).toEqual({ per: 'quarter', start: '2026-04-01', end: '2026-06-30' });
    expect(periodOf('2026-09-30', 'quarter')).toEqual({ per: 'quarter', start: '2026-07-01', end: '2026-09-30' });
    expect(periodOf('2026-10-01', 'quarter')).toEqual({ per: 'quarter', start: '2026-10-01', end: '2026-12-31' });
    expect(nextPeriod(periodOf('2026-11-18', 'quarter'))).toEqual({ per: 'quarter', start: '2027-01-01', end: '2027-03-31' });
  });

  it('has months of their own length, February 29 in a leap year', () => {
    expect(periodOf('2028-02-10', 'month')).toEqual({ per: 'month', start: '2028-02-01', end: '2028-02-29' });
    expect(periodOf('2026-02-10', 'month').end).toBe('2026-02-28');
    expect(periodOf('2026-11-18', 'year')).toEqual({ per: 'year', start: '2026-01-01', end: '2026-12-31' });
    expect(periodOf('2026-11-18', 'day')).toEqual({ per: 'day', start: '2026-11-18', end: '2026-11-18' });
  });

  it('gives every week that overlaps a range, each whole', () => {
    expect(periodsOverlapping({ from: '2026-11-11', to: '2026-11-17' }, 'week')).toEqual([
      { per: 'week', start: '2026-11-09', end: '2026-11-15' },
      { per: 'week', start: '2026-11-16', end: '2026-11-22' },
    ]);
  });

  it('tells past, current and future periods by local date', () => {
    const week = { start: '2026-11-16', end: '2026-11-22' };
    expect(periodTiming(week, '2026-11-23')).toBe('past');
    expect(periodTiming(week, '2026-11-22')).toBe('current');
    expect(periodTiming(week, '2026-11-16')).toBe('current');
    expect(periodTiming(week, '2026-11-15')).toBe('future');
  });

  it('tells the timing of day numbers as it does of the dates they stand for (the evaluator counts in day numbers)', () => {
    const week = { start: toDayNumber('2026-11-16'), end: toDayNumber('2026-11-22') };
    for (const today of ['2026-11-23', '2026-11-22', '2026-11-16', '2026-11-15']) {
      expect(periodTiming(week, toDayNumber(today))).toBe(periodTiming({ start: '2026-11-16', end: '2026-11-22' }, today));
    }
  });

  it('gives a period’s instants in the organisation’s zone', () => {
    expect(periodInstants({ start: '2026-11-16', end: '2026-11-22' }, 'Asia/Kamchatka')).toEqual({
      start: Date.UTC(2026, 10, 15, 12),
      end: Date.UTC(2026, 10, 22, 12),
    });
  });

  it('names the period kinds', () => {
    expect(isPeriodKind('quarter')).toBe(true);
    expect(isPeriodKind('fortnight')).toBe(false);
  });

  it('tiles any range without gaps or overlaps (property)', () => {
    const day = fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2090-12-31') });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), fc.constantFrom(...PERIOD_KINDS), (first, length, per) => {
        const range = { from: fromDayNumber(first), to: fromDayNumber(first + length) };
        const periods = periodsOverlapping(range, per);
        expect((periods[0]?.start ?? '') <= range.from).toBe(true);
        expect((periods[periods.length - 1]?.end ?? '') >= range.to).toBe(true);
        periods.forEach((period, i) => {
          expect(period.start <= period.end).toBe(true);
          expect(periodOf(period.start, per)).toEqual(period);
          expect(periodOf(period.end, per)).toEqual(period);
          const next = periods[i + 1];
          if (next !== undefined) expect(next.start).toBe(addDays(period.end, 1));
        });
        // Only periods that overlap the range: the first ends in it, the last starts in it.
        expect((periods[0]?.end ?? '') >= range.from).toBe(true);
        expect((periods[periods.length - 1]?.start ?? '') <= range.to).toBe(true);
      }),
    );
  });
});
