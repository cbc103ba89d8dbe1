import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Exemption } from './exemption.js';
import { checkExemptionReferences, coversPeriod, exemptionMayNameChannel, parseExemption } from './exemption.js';
import type { Norm } from './norm.js';
import { addDays } from './local-date.js';
import type { Issue } from './read-json.js';

const covid: Exemption = { norm: 'public-events', from: '2026-11-01', to: '2026-11-30', reason: 'эпидемиологическая обстановка' };

describe('exemptions', () => {
  it('cover a period wholly inside them, not one that sticks out', () => {
    expect(coversPeriod([covid], 'public-events', null, { start: '2026-11-01', end: '2026-11-30' })).toBe(true);
    expect(coversPeriod([covid], 'public-events', null, { start: '2026-11-30', end: '2026-12-06' })).toBe(false);
    expect(coversPeriod([covid], 'posts', null, { start: '2026-11-09', end: '2026-11-15' })).toBe(false);
  });

  it('join when adjacent, and keep to their channel', () => {
    const split = [
      { ...covid, to: '2026-11-12' },
      { ...covid, from: '2026-11-13' },
    ];
    expect(coversPeriod(split, 'public-events', null, { start: '2026-11-09', end: '2026-11-15' })).toBe(true);
    const vkOnly = { ...covid, channel: 'vk' };
    expect(coversPeriod([vkOnly], 'public-events', 'vk', { start: '2026-11-09', end: '2026-11-15' })).toBe(true);
    expect(coversPeriod([vkOnly], 'public-events', 'tg', { start: '2026-11-09', end: '2026-11-15' })).toBe(false);
    expect(coversPeriod([vkOnly], 'public-events', null, { start: '2026-11-09', end: '2026-11-15' })).toBe(false);
    expect(coversPeriod([covid], 'public-events', 'tg', { start: '2026-11-09', end: '2026-11-15' })).toBe(true);
  });

  it('find the one exemption that covers a period among many, and none in the gaps between them', () => {
    // An exemption on the first two days of every week of 2026, and a week-long one at the end of the year.
    const many: Exemption[] = Array.from({ length: 51 }, (_, w) => ({ ...covid, from: addDays('2026-01-05', 7 * w), to: addDays('2026-01-06', 7 * w) }));
    many.push({ ...covid, from: '2026-12-28', to: '2027-01-03' });
    expect(coversPeriod(many, 'public-events', null, { start: '2026-06-08', end: '2026-06-09' })).toBe(true);
    expect(coversPeriod(many, 'public-events', null, { start: '2026-06-09', end: '2026-06-10' })).toBe(false);
    expect(coversPeriod(many, 'public-events', null, { start: '2026-06-10', end: '2026-06-10' })).toBe(false);
    expect(coversPeriod(many, 'public-events', null, { start: '2026-01-04', end: '2026-01-04' })).toBe(false);
    expect(coversPeriod(many, 'public-events', null, { start: '2026-01-05', end: '2026-01-05' })).toBe(true);
    expect(coversPeriod(many, 'public-events', null, { start: '2026-12-28', end: '2027-01-03' })).toBe(true);
    expect(coversPeriod(many, 'public-events', null, { start: '2027-01-03', end: '2027-01-04' })).toBe(false);
  });

  it('cover a period exactly when every day of it lies in one of them (property)', () => {
    const span = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 6 }));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 12 }), span, (spans, [start, length]) => {
        const exemptions = spans.map(([from, days]): Exemption => ({ ...covid, from: addDays('2026-11-01', from), to: addDays('2026-11-01', from + days) }));
        const exempt = (day: number) => spans.some(([from, days]) => from <= day && day <= from + days);
        const every = Array.from({ length: length + 1 }, (_, k) => start + k).every(exempt);
        const period = { start: addDays('2026-11-01', start), end: addDays('2026-11-01', start + length) };
        expect(coversPeriod(exemptions, 'public-events', null, period)).toBe(every);
      }),
    );
  });

  it('need a reason and a forward range', () => {
    const issues: Issue[] = [];
    expect(parseExemption({ norm: 'x', from: '2026-11-10', to: '2026-11-01', reason: '' }, 'exemptions[0]', issues)).toBeUndefined();
    expect(issues).toEqual([
      { path: 'exemptions[0].reason', code: 'empty', message: 'empty' },
      { path: 'exemptions[0].to', code: 'before_from', params: { from: '2026-11-10' }, message: 'before from (2026-11-10)' },
    ]);
  });
});

describe('an exemption naming a channel', () => {
  const perChannel: Norm = { id: 'posts', type: 'frequency', min: 2, per: 'week', channelTypes: ['vk'], perChannel: true };
  const across: Norm = { id: 'all-posts', type: 'frequency', min: 2, per: 'week' };
  const site: Norm = { id: 'site', type: 'presence', channelTypes: ['website'] };
  const budget: Norm = { id: 'budget', type: 'quantity', figure: 'info_budget_percent', atLeast: 5 };

  it('is allowed only for a per-channel norm', () => {
    expect([perChannel, across, site, budget].map(exemptionMayNameChannel)).toEqual([true, false, false, false]);
  });

  it('is refused by the scenario check by the same rule', () => {
    const issues: Issue[] = [];
    const exemptions = [perChannel, across, site, budget].map((norm) => ({ norm: norm.id, channel: 'vk', from: '2026-11-01', to: '2026-11-30', reason: 'x' }));
    checkExemptionReferences(exemptions, 'exemptions', [perChannel, across, site, budget], new Set(['vk']), issues);
    expect(issues.map((issue) => issue.path)).toEqual(['exemptions[1].channel', 'exemptions[2].channel', 'exemptions[3].channel']);
  });
});
