import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractRow } from './compliance.js';
import { countItems, evaluate, judge, layOut, tallyOfCounts } from './evaluate.js';
import { checkDoneNotInFuture, DONE_CLOCK_SKEW_MS, isConfirmed } from './evidence.js';
import { ITEM_STATUSES, statusClass } from './item.js';
import { fromDayNumber, toDayNumber } from './local-date.js';
import { localDateOf } from './time-zone.js';

const MOSCOW = 'Europe/Moscow';
const VLADIVOSTOK = 'Asia/Vladivostok';
// 26 November 2026, 09:00 in Moscow, 16:00 in Vladivostok.
const NOW = Date.parse('2026-11-26T06:00:00Z');

describe('an item is done only once its date has come', () => {
  it('lets a published item dated today or earlier stand', () => {
    expect(checkDoneNotInFuture({ status: 'published', at: '2026-11-26' }, { timeZone: MOSCOW, now: NOW })).toEqual([]);
    expect(checkDoneNotInFuture({ status: 'held', at: '2026-11-01' }, { timeZone: MOSCOW, now: NOW })).toEqual([]);
  });

  it('refuses published or held for a day after today, naming the status and today', () => {
    const [found] = checkDoneNotInFuture({ status: 'published', at: '2026-11-27' }, { timeZone: MOSCOW, now: NOW, path: 'body' });
    expect(found).toMatchObject({ path: 'body.status', code: 'done_in_future', params: { today: '2026-11-26' } });
    const [moved] = checkDoneNotInFuture({ status: 'held', at: '2026-12-01' }, { timeZone: MOSCOW, now: NOW, path: 'body.items[3]', field: 'at' });
    expect(moved?.path).toBe('body.items[3].at');
  });

  it("judges the day in the organisation's time zone", () => {
    // 27 November has begun in Vladivostok (UTC+10) at 15:00Z on the 26th, not yet in Moscow.
    const now = Date.parse('2026-11-26T15:00:00Z');
    expect(checkDoneNotInFuture({ status: 'published', at: '2026-11-27' }, { timeZone: VLADIVOSTOK, now })).toEqual([]);
    expect(checkDoneNotInFuture({ status: 'published', at: '2026-11-27' }, { timeZone: MOSCOW, now })).toHaveLength(1);
  });

  it('refuses an instant later today, beyond a few minutes of clock skew', () => {
    const later = new Date(NOW + 2 * 3_600_000).toISOString();
    expect(checkDoneNotInFuture({ status: 'published', at: later }, { timeZone: MOSCOW, now: NOW })).toHaveLength(1);
    const skewed = new Date(NOW + DONE_CLOCK_SKEW_MS).toISOString();
    expect(checkDoneNotInFuture({ status: 'published', at: skewed }, { timeZone: MOSCOW, now: NOW })).toEqual([]);
  });

  it('never judges what is not done, nor what is not a date', () => {
    for (const status of ['planned', 'in_progress', 'cancelled'] as const) {
      expect(checkDoneNotInFuture({ status, at: '2099-01-01' }, { timeZone: MOSCOW, now: NOW })).toEqual([]);
    }
    expect(checkDoneNotInFuture({ status: 'published', at: 'tomorrow' }, { timeZone: MOSCOW, now: NOW })).toEqual([]);
  });

  it('holds for any day, status and clock: refused exactly when done and after today', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber('2000-01-01'), max: toDayNumber('2100-12-31') }),
        fc.constantFrom(...ITEM_STATUSES),
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-12-31T00:00:00Z') }),
        fc.constantFrom(MOSCOW, VLADIVOSTOK, 'America/Los_Angeles', 'UTC'),
        (day, status, now, timeZone) => {
          const at = fromDayNumber(day);
          const refused = checkDoneNotInFuture({ status, at }, { timeZone, now }).length > 0;
          expect(refused).toBe(statusClass(status) === 'done' && at > localDateOf(now, timeZone));
        },
      ),
    );
  });

  it('never refuses an instant that has passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2001-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), fc.nat(10 * 365 * 86_400_000), (now, ago) => {
        const at = new Date(now - ago).toISOString();
        expect(checkDoneNotInFuture({ status: 'published', at }, { timeZone: VLADIVOSTOK, now })).toEqual([]);
      }),
    );
  });
});

describe('a done item is confirmed by a URL or an attachment', () => {
  it('is confirmed when published or held with either', () => {
    expect(isConfirmed({ status: 'published', url: 'https://vk.com/wall-1_2' })).toBe(true);
    expect(isConfirmed({ status: 'held', url: null, attachmentCount: 2 })).toBe(true);
  });

  it('is only claimed when ticked without either', () => {
    expect(isConfirmed({ status: 'published', url: null, attachmentCount: 0 })).toBe(false);
    expect(isConfirmed({ status: 'published' })).toBe(false);
  });

  it('is never confirmed before it is done, whatever it carries', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ITEM_STATUSES), fc.option(fc.webUrl()), fc.nat(5), (status, url, attachmentCount) => {
        const confirmed = isConfirmed({ status, url, attachmentCount });
        expect(confirmed).toBe(statusClass(status) === 'done' && (url !== null || attachmentCount > 0));
      }),
    );
  });
});

describe('compliance rows count how much of actual is confirmed', () => {
  const base = {
    org: { kind: 'union_primary', members: 650 },
    channels: [{ id: 'stand', type: 'info_stand' }],
    norms: [{ id: 'stand', type: 'frequency' as const, min: 2, per: 'week' as const, kinds: ['stand_update'] }],
    range: { from: '2026-11-09', to: '2026-11-15' },
  };
  const item = (id: string, status: 'published' | 'planned', confirmed?: boolean) => ({
    id,
    kind: 'stand_update',
    channels: ['stand'],
    status,
    at: '2026-11-10',
    ...(confirmed !== undefined && { confirmed }),
  });
  const options = { today: '2026-11-18', timeZone: MOSCOW };

  it('says nothing of confirmation when the items say nothing of it (ritm check)', () => {
    const [row] = evaluate({ ...base, items: [item('a', 'published'), item('b', 'published')] }, options).results;
    expect(row).toMatchObject({ actual: 2, status: 'met' });
    expect(row).not.toHaveProperty('confirmed');
    expect(Object.keys(contractRow(row!))).toEqual(['norm', 'channel', 'periodStart', 'periodEnd', 'required', 'actual', 'planned', 'status']);
  });

  it('counts confirmed done items beside actual, and only done ones', () => {
    const items = [item('a', 'published', true), item('b', 'published', false), item('c', 'planned', true)];
    const [row] = evaluate({ ...base, items }, options).results;
    expect(row).toMatchObject({ actual: 2, confirmed: 1, planned: 0, status: 'met' });
    expect(Object.keys(contractRow(row!))).toEqual(['norm', 'channel', 'periodStart', 'periodEnd', 'required', 'actual', 'confirmed', 'planned', 'status']);
  });

  it('counts only confirmed items when the organisation asks so', () => {
    const items = [item('a', 'published', true), item('b', 'published', false)];
    const [row] = evaluate({ ...base, items }, { ...options, onlyConfirmed: true }).results;
    expect(row).toMatchObject({ actual: 1, confirmed: 1, status: 'missed' });
  });

  it('never counts more confirmed than actual, and a database count judges the same', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('published', 'planned') as fc.Arbitrary<'published' | 'planned'>, fc.boolean(), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 30 }), fc.boolean(), (specs, onlyConfirmed) => {
        const items = specs.map(([status, confirmed, day], i) => ({ ...item(`i${i}`, status, confirmed), at: fromDayNumber(toDayNumber('2026-11-02') + day) }));
        const input = { ...base, range: { from: '2026-11-02', to: '2026-11-22' }, items };
        const rows = evaluate(input, { ...options, onlyConfirmed }).results;
        for (const row of rows) expect(row.confirmed!).toBeLessThanOrEqual(row.actual);
        const layout = layOut(input, { ...options, onlyConfirmed });
        const tally = countItems(layout, items);
        const counts = layout.groups.flatMap((_, group) =>
          layout.norms[0]!.table.startDates.map((__, period) => ({
            group,
            period,
            actual: tally.counts[0]![period * 3]!,
            confirmed: tally.confirmed![0]![period]!,
            planned: tally.counts[0]![period * 3 + 1]!,
            overdue: tally.counts[0]![period * 3 + 2]!,
          })),
        );
        expect(judge(layout, tallyOfCounts(layout, counts))).toEqual(rows);
      }),
    );
  });
});
