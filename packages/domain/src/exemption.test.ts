import { describe, expect, it } from 'vitest';
import type { Exemption } from './exemption.js';
import { coversPeriod, parseExemption } from './exemption.js';
import type { Issue } from './validate.js';

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

  it('need a reason and a forward range', () => {
    const issues: Issue[] = [];
    expect(parseExemption({ norm: 'x', from: '2026-11-10', to: '2026-11-01', reason: '' }, 'exemptions[0]', issues)).toBeUndefined();
    expect(issues).toEqual([
      { path: 'exemptions[0].reason', message: 'empty' },
      { path: 'exemptions[0].to', message: 'before from (2026-11-10)' },
    ]);
  });
});
