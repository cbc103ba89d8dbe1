import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComplianceRow } from './compliance.js';
import type { EvaluationInput } from './evaluate.js';
import { evaluate } from './evaluate.js';
import { suggestDates, suggestGaps } from './suggest.js';

const row = (parts: Partial<ComplianceRow>): ComplianceRow => ({
  norm: 'n',
  channel: null,
  periodStart: '2026-11-16',
  periodEnd: '2026-11-22',
  required: 2,
  actual: 0,
  planned: 0,
  overdue: 0,
  status: 'at_risk',
  ...parts,
});

describe('gap suggestions', () => {
  it('proposes the missing dates from today on, spread over free working days', () => {
    expect(suggestDates(row({}), { today: '2026-11-16' })).toEqual(['2026-11-17', '2026-11-19']);
    expect(suggestDates(row({ required: 5 }), { today: '2026-11-16' })).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
  });

  it('skips days already busy on the channel and holidays while it can', () => {
    expect(suggestDates(row({}), { today: '2026-11-18', busyDays: ['2026-11-19'] })).toEqual(['2026-11-18', '2026-11-20']);
    expect(suggestDates(row({}), { today: '2026-11-18', holidays: ['2026-11-20'], busyDays: ['2026-11-19'] })).toEqual(['2026-11-18', '2026-11-19']);
  });

  it('never proposes a holiday of the calendar given, even when the working days are busy', () => {
    // The week of 23 February 2026: the Monday is Defender of the Fatherland Day.
    const week = row({ periodStart: '2026-02-23', periodEnd: '2026-03-01', required: 2 });
    const holidays = ['2026-02-23'];
    expect(suggestDates(week, { today: '2026-02-23', holidays })).toEqual(['2026-02-25', '2026-02-27']);
    const busy = ['2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27'];
    expect(suggestDates(row({ periodStart: '2026-02-23', periodEnd: '2026-03-01', required: 7 }), { today: '2026-02-23', holidays, busyDays: busy })).not.toContain('2026-02-23');
    expect(suggestDates(row({ periodStart: '2026-01-01', periodEnd: '2026-01-08', required: 1 }), { today: '2026-01-01', holidays: ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08'] })).toEqual([]);
  });

  it('proposes as many dates as are missing, never on a holiday, whatever the calendar', () => {
    const days = Array.from({ length: 7 }, (_, i) => `2026-11-${16 + i}`);
    fc.assert(
      fc.property(fc.subarray(days), fc.subarray(days), fc.integer({ min: 1, max: 12 }), (holidays, busyDays, required) => {
        const dates = suggestDates(row({ required }), { today: '2026-11-16', holidays, busyDays });
        expect(dates.some((d) => holidays.includes(d))).toBe(false);
        expect(dates.length).toBe(holidays.length === 7 ? 0 : required);
      }),
    );
  });

  it('falls back to the weekend, and repeats days when more are missing than days are left', () => {
    expect(suggestDates(row({ required: 3 }), { today: '2026-11-20' })).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    expect(suggestDates(row({ required: 4 }), { today: '2026-11-21' })).toEqual(['2026-11-21', '2026-11-21', '2026-11-22', '2026-11-22']);
  });

  it('counts what is done and planned, and uses the whole period of a future gap', () => {
    expect(suggestDates(row({ required: 3, actual: 1, planned: 1 }), { today: '2026-11-18' })).toEqual(['2026-11-19']);
    const gap = row({ periodStart: '2026-11-23', periodEnd: '2026-11-29', status: 'gap', required: 1 });
    expect(suggestDates(gap, { today: '2026-11-18' })).toEqual(['2026-11-25']);
  });

  it('proposes nothing for rows that are fine or past', () => {
    expect(suggestDates(row({ status: 'on_track', planned: 2 }), { today: '2026-11-18' })).toEqual([]);
    expect(suggestDates(row({ status: 'missed' }), { today: '2026-11-18' })).toEqual([]);
  });

  it('suggests for every row at risk, avoiding days with posts on that channel', () => {
    const input: EvaluationInput = {
      org: {},
      channels: [
        { id: 'vk', type: 'vk' },
        { id: 'tg', type: 'telegram' },
      ],
      norms: [{ id: 'posts', type: 'frequency', min: 3, per: 'week', kinds: ['post'], channelTypes: ['vk', 'telegram'], perChannel: true }],
      items: [
        { id: 'a', kind: 'post', channels: ['vk'], status: 'published', at: '2026-11-16' },
        { id: 'b', kind: 'video', channels: ['vk'], status: 'planned', at: '2026-11-19T10:00:00+10:00' },
        { id: 'c', kind: 'post', channels: ['tg'], status: 'cancelled', at: '2026-11-19' },
      ],
      range: { from: '2026-11-16', to: '2026-11-22' },
    };
    const options = { today: '2026-11-18', timeZone: 'Asia/Vladivostok' };
    expect(suggestGaps(input, evaluate(input, options).results, options)).toEqual([
      { norm: 'posts', channel: 'vk', periodStart: '2026-11-16', periodEnd: '2026-11-22', missing: 2, dates: ['2026-11-18', '2026-11-20'] },
      { norm: 'posts', channel: 'tg', periodStart: '2026-11-16', periodEnd: '2026-11-22', missing: 3, dates: ['2026-11-18', '2026-11-19', '2026-11-20'] },
    ]);
  });
});
