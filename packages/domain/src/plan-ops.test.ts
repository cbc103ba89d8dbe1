import { describe, expect, it } from 'vitest';
import type { PlanItem } from './item.js';
import { isoWeekday } from './local-date.js';
import { copyPlanToNextPeriod, expandRecurring, sameWeekdayIn, shiftItemDate, validatePlanItem } from './plan-ops.js';
import { periodOf } from './period.js';

const MOSCOW = 'Europe/Moscow';
const item = (id: string, at: string, parts: Partial<PlanItem> = {}): PlanItem => ({ id, kind: 'post', channels: ['vk'], status: 'planned', at, ...parts });

describe('shifting item dates', () => {
  it('keeps the form of `at` and its local time', () => {
    expect(shiftItemDate('2026-11-20', 7, MOSCOW)).toBe('2026-11-27');
    expect(shiftItemDate('2026-11-20T10:00', 7, MOSCOW)).toBe('2026-11-27T10:00');
    expect(shiftItemDate('2026-11-15T23:30:00+10:00', 1, 'Asia/Vladivostok')).toBe('2026-11-16T13:30:00.000Z');
  });

  it('keeps the local time across a daylight-saving change', () => {
    // 09:00 in Berlin is 08:00Z in winter and 07:00Z in summer.
    expect(shiftItemDate('2026-03-27T08:00:00Z', 7, 'Europe/Berlin')).toBe('2026-04-03T07:00:00.000Z');
  });
});

describe('copying a plan to the next period', () => {
  it('keeps weekdays in the same week of the month, or the last one', () => {
    const nov = periodOf('2026-11-01', 'month');
    const dec = periodOf('2026-12-01', 'month');
    expect(sameWeekdayIn('2026-11-10', nov, dec)).toBe('2026-12-08');
    expect(isoWeekday('2026-11-10')).toBe(isoWeekday('2026-12-08'));
    // Monday 30 November is the fifth Monday; December 2026 has four (7 … 28).
    expect(sameWeekdayIn('2026-11-30', nov, dec)).toBe('2026-12-28');
    expect(sameWeekdayIn('2026-11-18', periodOf('2026-11-18', 'day'), periodOf('2026-11-19', 'day'))).toBe('2026-11-19');
  });

  it('copies a week’s items a week on, as planned, leaving cancelled and other weeks’ items', () => {
    const week = periodOf('2026-11-16', 'week');
    const copies = copyPlanToNextPeriod(
      [
        item('a', '2026-11-17', { status: 'published' }),
        item('b', '2026-11-22T12:00:00+03:00'),
        item('c', '2026-11-18', { status: 'cancelled' }),
        item('d', '2026-11-23'),
      ],
      week,
      { timeZone: MOSCOW },
    );
    expect(copies).toEqual([
      item('a@2026-11-24', '2026-11-24'),
      item('b@2026-11-29', '2026-11-29T09:00:00.000Z'),
    ]);
  });

  it('names copies with newId when given', () => {
    const copies = copyPlanToNextPeriod([item('a', '2026-11-17')], periodOf('2026-11-16', 'week'), { timeZone: MOSCOW, newId: (i, at) => `${i.id}-${at}` });
    expect(copies[0]?.id).toBe('a-2026-11-24');
  });
});

describe('expanding a recurring item', () => {
  const stand = item('stand', '2026-11-02', { kind: 'stand_update', channels: ['hall'] });

  it('repeats weekly on chosen weekdays within the range', () => {
    expect(expandRecurring(stand, { freq: 'weekly', weekdays: [1, 4] }, { from: '2026-11-01', to: '2026-11-15' }, { timeZone: MOSCOW }).map((i) => i.at)).toEqual([
      '2026-11-02',
      '2026-11-05',
      '2026-11-09',
      '2026-11-12',
    ]);
  });

  it('repeats every other day, up to a count or a date', () => {
    const every2 = (rule: object) =>
      expandRecurring(stand, { freq: 'daily', interval: 2, ...rule }, { from: '2026-11-01', to: '2026-11-30' }, { timeZone: MOSCOW }).map((i) => i.at);
    expect(every2({ count: 3 })).toEqual(['2026-11-02', '2026-11-04', '2026-11-06']);
    expect(every2({ until: '2026-11-07' })).toEqual(['2026-11-02', '2026-11-04', '2026-11-06']);
  });

  it('repeats monthly on the same day, the last day of shorter months', () => {
    const report = item('report', '2026-01-31T15:00', { kind: 'report', channels: [] });
    expect(expandRecurring(report, { freq: 'monthly' }, { from: '2026-01-01', to: '2026-04-30' }, { timeZone: MOSCOW }).map((i) => i.at)).toEqual([
      '2026-01-31T15:00',
      '2026-02-28T15:00',
      '2026-03-31T15:00',
      '2026-04-30T15:00',
    ]);
  });

  it('counts occurrences from the item’s date even when the range starts later, and stops at 1000', () => {
    expect(expandRecurring(stand, { freq: 'daily', count: 10 }, { from: '2026-11-10', to: '2026-11-30' }, { timeZone: MOSCOW }).map((i) => i.at)).toEqual([
      '2026-11-10',
      '2026-11-11',
    ]);
    expect(expandRecurring(stand, { freq: 'daily' }, { from: '2026-01-01', to: '2035-12-31' }, { timeZone: MOSCOW })).toHaveLength(1000);
  });
});

describe('validating an item against its plan', () => {
  const channels = [
    { id: 'vk', type: 'vk' },
    { id: 'hall', type: 'info_stand' },
  ];
  const context = { channels, timeZone: MOSCOW, period: periodOf('2026-11-16', 'week'), path: 'items[2]' };

  it('accepts a post on VK within the week', () => {
    expect(validatePlanItem(item('p', '2026-11-18'), context)).toEqual([]);
  });

  it('refuses a stand update on VK, a date outside the plan, an unknown channel', () => {
    expect(validatePlanItem(item('s', '2026-11-24', { kind: 'stand_update', channels: ['hall', 'vk', 'fb'] }), context)).toEqual([
      { path: 'items[2].at', code: 'outside_plan_period', params: { start: '2026-11-16', end: '2026-11-22' }, message: "outside the plan's period (2026-11-16 – 2026-11-22)" },
      { path: 'items[2].channels[1]', code: 'kind_cannot_go_on_channel', params: { kind: 'stand_update', channel: 'vk', channelType: 'vk', allowed: ['info_stand', 'info_zone'] }, message: 'a stand_update cannot go on vk (only info_stand, info_zone)' },
      { path: 'items[2].channels[2]', code: 'unknown_channel', params: { channel: 'fb' }, message: "unknown channel 'fb'" },
    ]);
  });

  it('lets an organisation’s own kind named like an object property go on any channel', () => {
    for (const kind of ['constructor', 'toString', '__proto__']) {
      expect(validatePlanItem(item('x', '2026-11-18', { kind, channels: ['vk', 'hall'] }), context)).toEqual([]);
    }
  });

  it('wants events held and materials published', () => {
    expect(validatePlanItem(item('e', '2026-11-18', { kind: 'public_event', channels: [], status: 'published' }), context)).toEqual([
      { path: 'items[2].status', code: 'kind_not_published', params: { kind: 'public_event' }, message: 'a public_event is held, not published' },
    ]);
    expect(validatePlanItem(item('p', '2026-11-18', { status: 'held' }), { channels, timeZone: MOSCOW })).toEqual([
      { path: 'status', code: 'kind_not_held', params: { kind: 'post' }, message: 'a post is published, not held' },
    ]);
    expect(validatePlanItem(item('p', 'soon'), { channels, timeZone: MOSCOW })).toEqual([{ path: 'at', code: 'not_a_date', message: 'not a date' }]);
  });
});
