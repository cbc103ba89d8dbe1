import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countingGroups, countingSelector, rowsFromCounts, selects } from './counting-groups.js';
import { evaluate, GroupCounts } from './evaluate.js';
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
    // The same counts in one flat table, as the database's reader gives them.
    expect(rowsFromCounts(input, plan, GroupCounts.of(counted), options)).toEqual(evaluate({ ...input, items }, options).results);
  });
});

describe('GroupCounts', () => {
  it('gives back every count added, past its first allocation, and says whether any was confirmed', () => {
    const counts = Array.from({ length: 40 }, (_, i) => ({ group: i % 4, period: i, actual: i, planned: 40 - i, overdue: i % 3, ...(i % 5 === 0 && { confirmed: i % 2 }) }));
    const table = GroupCounts.of(counts);
    expect(table.length).toBe(40);
    expect([...table]).toEqual(counts);
    expect(table.hasConfirmed).toBe(true);
    const unconfirmed = GroupCounts.of([{ group: 0, period: 0, actual: 1, planned: 0, overdue: 0 }]);
    expect(unconfirmed.hasConfirmed).toBe(false);
    expect([...unconfirmed]).toEqual([{ group: 0, period: 0, actual: 1, planned: 0, overdue: 0 }]);
  });

  it('refuses a count a tally cannot hold, and takes NaN for a confirmed figure not counted', () => {
    const table = new GroupCounts();
    expect(() => table.add(0, 0, 2 ** 31, undefined, 0, 0)).toThrow(RangeError);
    expect(() => table.add(0, 0, 2.5, undefined, 0, 0)).toThrow(RangeError);
    expect(() => table.add(0, 0, 1, 1.7, 0, 0)).toThrow(RangeError);
    expect(table.length).toBe(0);
    table.add(0, 0, 1, Number.NaN, 0, 0);
    expect(table.hasConfirmed).toBe(false);
    expect([...table]).toEqual([{ group: 0, period: 0, actual: 1, planned: 0, overdue: 0 }]);
    expect(table.values).toHaveLength(6);
  });

  it('judges confirmed counts as a list of them does', () => {
    const plan = countingGroups(input);
    const counted = [{ group: 0, period: 0, actual: 2, confirmed: 1, planned: 0, overdue: 0 }, { group: 3, period: 0, actual: 1, confirmed: 0, planned: 0, overdue: 0 }];
    const confirmedOptions = { ...options, onlyConfirmed: false, countConfirmed: true };
    expect(rowsFromCounts(input, plan, GroupCounts.of(counted), confirmedOptions)).toEqual(rowsFromCounts(input, plan, counted, confirmedOptions));
    expect(rowsFromCounts(input, plan, GroupCounts.of(counted), confirmedOptions).find((row) => row.channel === 'vk')?.confirmed).toBe(1);
  });
});

describe('countingSelector', () => {
  it('keys what a group counts whatever the order norms and channels were written in, and its period kind', () => {
    const a = countingSelector({ per: 'week', kinds: ['post', 'comment'], channels: ['vk', 'ok', 'vk'] });
    const b = countingSelector({ per: 'week', kinds: ['comment', 'post'], channels: ['ok', 'vk'] });
    expect(a).toEqual(b);
    expect(a.key).toBe('week|comment,post|ok,vk');
    expect(countingSelector({ per: 'month', kinds: ['post', 'comment'], channels: ['vk', 'ok'] }).key).not.toBe(a.key);
    // Any item (no kinds, no channels) and no channel at all (a type the organisation has none of) are different selections.
    expect(countingSelector({ per: 'week', kinds: null, channels: null }).key).toBe('week|*|*');
    expect(countingSelector({ per: 'week', kinds: null, channels: [] }).key).toBe('week|*|');
  });

  it('gives groups of two norms that count the same items one key', () => {
    const twice: Norm[] = [
      { id: 'a', type: 'frequency', min: 2, per: 'week', kinds: ['post'], channelTypes: ['vk'], perChannel: true },
      { id: 'b', type: 'frequency', min: 5, per: 'week', kinds: ['post'], channelTypes: ['vk'], perChannel: true },
    ];
    const keys = countingGroups({ ...input, norms: twice }).map((g) => countingSelector(g).key);
    expect(keys).toEqual(['week|post|vk', 'week|post|vk']);
  });
});

describe('selector keys', () => {
  it('are one for two selectors exactly when they select the same items, whatever their kinds and channels are spelt with (property)', () => {
    // Kinds are free text: the key's own signs (`,` `|` `*` `%`) among them.
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ',', '|', '*', '%', '2', 'C'), maxLength: 4 });
    const list = fc.option(fc.array(text, { maxLength: 3 }), { nil: null });
    const selector = fc.record({ per: fc.constantFrom('week' as const, 'month' as const), kinds: list, channels: list });
    const same = (a: readonly string[] | null, b: readonly string[] | null) =>
      a === null || b === null ? a === b : [...new Set(a)].sort().join('\u0000') === [...new Set(b)].sort().join('\u0000') && new Set(a).size === new Set(b).size;
    fc.assert(
      fc.property(selector, selector, (a, b) => {
        const selectsAlike = a.per === b.per && same(a.kinds, b.kinds) && same(a.channels, b.channels);
        expect(countingSelector(a).key === countingSelector(b).key).toBe(selectsAlike);
      }),
      { numRuns: 2000 },
    );
  });

  it('write a kind `*` and a kind with a comma apart from any kind and from two kinds', () => {
    expect(countingSelector({ per: 'week', kinds: ['*'], channels: null }).key).toBe('week|%2A|*');
    expect(countingSelector({ per: 'week', kinds: ['post,video'], channels: null }).key).toBe('week|post%2Cvideo|*');
    expect(countingSelector({ per: 'week', kinds: ['post', 'video'], channels: null }).key).toBe('week|post,video|*');
    expect(countingSelector({ per: 'week', kinds: ['50%|'], channels: null }).key).toBe('week|50%25%7C|*');
  });
});

describe('selects', () => {
  it('takes an item of one of the kinds on any of the channels; null takes any, and an item on no channel only then', () => {
    expect(selects({ kinds: ['post'], channels: ['vk'] }, 'post', ['ok', 'vk'])).toBe(true);
    expect(selects({ kinds: ['post'], channels: ['vk'] }, 'comment', ['vk'])).toBe(false);
    expect(selects({ kinds: null, channels: ['vk'] }, 'comment', [])).toBe(false);
    expect(selects({ kinds: null, channels: null }, 'comment', [])).toBe(true);
    expect(selects({ kinds: null, channels: [] }, 'comment', ['vk'])).toBe(false);
  });
});
