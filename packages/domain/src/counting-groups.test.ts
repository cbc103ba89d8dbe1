import { describe, expect, it } from 'vitest';
import { countingGroups, rowsFromCounts } from './counting-groups.js';
import { evaluate } from './evaluate.js';
import type { Norm } from './norm.js';

const channels = [
  { id: 'vk', type: 'vk' },
  { id: 'ok', type: 'ok' },
  { id: 'site', type: 'website' },
];
const norms: Norm[] = [
  { id: 'posts', type: 'frequency', min: 2, per: 'week', kinds: ['post'], channelTypes: ['vk', 'ok'], perChannel: true },
  { id: 'news', type: 'frequency', min: 1, per: 'week', channelTypes: ['vk', 'ok'] },
  { id: 'anything', type: 'frequency', min: 1, per: 'month' },
];
const input = { org: { kind: 'employment_center' as const }, channels, norms, range: { from: '2026-11-09', to: '2026-11-15' } };
const options = { today: '2026-11-12', timeZone: 'Europe/Moscow' };

describe('countingGroups', () => {
  it('counts a per-channel norm on each matching channel, an across norm once on the set, a norm without types on any item', () => {
    expect(countingGroups(input).map(({ norm, channel, kinds, channels: ids }) => ({ norm, channel, kinds, ids }))).toEqual([
      { norm: 0, channel: 'vk', kinds: ['post'], ids: ['vk'] },
      { norm: 0, channel: 'ok', kinds: ['post'], ids: ['ok'] },
      { norm: 1, channel: null, kinds: null, ids: ['vk', 'ok'] },
      { norm: 2, channel: null, kinds: null, ids: null },
    ]);
  });

  it('gives no group to a norm that does not bind the organisation', () => {
    const unions: Norm = { id: 'u', type: 'frequency', min: 1, per: 'week', orgKinds: ['union_primary'] };
    expect(countingGroups({ ...input, norms: [unions] })).toEqual([]);
  });
});

describe('rowsFromCounts', () => {
  it('judges counted items exactly as the evaluator judges the items themselves', () => {
    const items = [
      { id: 'a', kind: 'post', status: 'published' as const, channels: ['vk', 'ok'], at: '2026-11-10' },
      { id: 'b', kind: 'post', status: 'planned' as const, channels: ['vk'], at: '2026-11-14' },
      { id: 'c', kind: 'post', status: 'planned' as const, channels: ['ok'], at: '2026-11-11' },
    ];
    const plan = countingGroups(input);
    // What the database would count for these items: [group, period, actual, planned, overdue].
    const counted = [
      [0, 0, 1, 1, 0],
      [1, 0, 1, 0, 1],
      [2, 0, 1, 1, 1],
      [3, 0, 1, 1, 1],
    ].map(([group, period, actual, planned, overdue]) => ({ group: group!, period: period!, actual: actual!, planned: planned!, overdue: overdue! }));
    expect(rowsFromCounts(input, plan, counted, options)).toEqual(evaluate({ ...input, items }, options).results);
  });
});
