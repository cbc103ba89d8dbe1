import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from './access.js';
import type { FrequencyNorm, Norm, PresenceNorm, QuantityNorm } from './norm.js';
import { authorityFor, defaultEffectiveFrom, loosenings, mayAdjust, narrows, withEffectiveFrom, type NormInForce } from './norm-governance.js';
import { PERIOD_KINDS } from './period.js';
import { MINTRUD_2022, presetFits, PRESETS, SUDPROF_2023 } from './presets.js';

const on = (norm: Norm): NormInForce => ({ norm, enabled: true });
const posts: FrequencyNorm = { id: 'posts', type: 'frequency', min: 2, per: 'week', kinds: ['post', 'video'], channelTypes: ['vk', 'ok'] };
const loosened = (norm: Partial<FrequencyNorm>, enabled = true) => loosenings(on(posts), { norm: { ...posts, ...norm } as Norm, enabled });

describe('what a change to an inherited norm loosens', () => {
  it('names switching it off', () => {
    expect(loosened({}, false)).toEqual(['enabled']);
  });

  it('names a lower min, a longer period, fewer kinds or channel types', () => {
    expect(loosened({ min: 1 })).toEqual(['min']);
    expect(loosened({ per: 'month' })).toEqual(['per']);
    expect(loosened({ kinds: ['post'] })).toEqual(['kinds']);
    expect(loosened({ channelTypes: ['vk'] })).toEqual(['channelTypes']);
    expect(loosened({ min: 1, per: 'year', kinds: ['post'] })).toEqual(['min', 'per', 'kinds']);
  });

  it('counts a list added where any was allowed as narrowing', () => {
    const anyChannel: FrequencyNorm = { id: 'p', type: 'frequency', min: 1, per: 'week' };
    expect(loosenings(on(anyChannel), on({ ...anyChannel, channelTypes: ['vk'] }))).toEqual(['channelTypes']);
    expect(loosenings(on(anyChannel), on({ ...anyChannel, orgKinds: ['union_primary'] }))).toEqual(['orgKinds']);
  });

  it('names a later start, an earlier end, more members required and a switch between per channel and across', () => {
    expect(loosened({ effectiveFrom: '2026-01-01' })).toEqual(['effectiveFrom']);
    expect(loosened({ effectiveTo: '2026-12-31' })).toEqual(['effectiveTo']);
    expect(loosened({ minMembers: 100 })).toEqual(['minMembers']);
    expect(loosened({ perChannel: true })).toEqual(['perChannel']);
  });

  it('lets stricter changes through: more, more often, more kinds and channels, longer in force', () => {
    expect(loosened({ min: 3, per: 'day', kinds: ['post', 'video', 'audio'], channelTypes: ['vk', 'ok', 'telegram'] })).toEqual([]);
    expect(loosened({ kinds: undefined, channelTypes: undefined })).toEqual([]);
    const dated: FrequencyNorm = { ...posts, effectiveFrom: '2026-06-01', effectiveTo: '2026-12-31', minMembers: 100 };
    expect(loosenings(on(dated), on({ ...dated, effectiveFrom: '2026-01-01', effectiveTo: undefined, minMembers: 0 }))).toEqual([]);
    expect(loosened({ title: 'Посты чаще' })).toEqual([]);
  });

  it('treats another type as a loosening, and anything below a switched-off norm as none', () => {
    const presence: PresenceNorm = { id: 'posts', type: 'presence', channelTypes: ['vk'] };
    expect(loosenings(on(posts), on(presence))).toEqual(['type']);
    expect(loosenings({ norm: posts, enabled: false }, { norm: { ...posts, min: 1 }, enabled: false })).toEqual([]);
  });

  it('judges presence norms by the groups each channel must answer', () => {
    const mandatory: PresenceNorm = { id: 'm', type: 'presence', allOf: [['website'], ['vk', 'ok']] };
    expect(loosenings(on(mandatory), on({ ...mandatory, allOf: [['website'], ['vk']] }))).toEqual([]);
    expect(loosenings(on(mandatory), on({ ...mandatory, allOf: [['website'], ['vk', 'ok'], ['email']] }))).toEqual([]);
    expect(loosenings(on(mandatory), on({ ...mandatory, allOf: [['website']] }))).toEqual(['allOf']);
    expect(loosenings(on(mandatory), on({ ...mandatory, allOf: [['website', 'email'], ['vk']] }))).toEqual(['allOf']);
    const site: PresenceNorm = { id: 's', type: 'presence', channelTypes: ['website'] };
    expect(loosenings(on(site), on({ id: 's', type: 'presence', channelTypes: ['website', 'vk'] }))).toEqual(['channelTypes']);
    expect(loosenings(on(site), on({ id: 's', type: 'presence', allOf: [['website'], ['vk']] }))).toEqual([]);
  });

  it('judges quantity norms by the figure, atLeast and perMembers', () => {
    const copies: QuantityNorm = { id: 'q', type: 'quantity', figure: 'solidarnost_copies', atLeast: 1, perMembers: 100 };
    expect(loosenings(on(copies), on({ ...copies, atLeast: 0 }))).toEqual(['atLeast']);
    expect(loosenings(on(copies), on({ ...copies, perMembers: 200 }))).toEqual(['perMembers']);
    expect(loosenings(on(copies), on({ id: 'q', type: 'quantity', figure: 'solidarnost_copies', atLeast: 1 }))).toEqual(['perMembers']);
    expect(loosenings(on(copies), on({ ...copies, figure: 'info_budget_percent' }))).toEqual(['figure']);
    expect(loosenings(on(copies), on({ ...copies, atLeast: 2, perMembers: 50 }))).toEqual([]);
  });
});

const names = fc.uniqueArray(fc.constantFrom('post', 'video', 'audio', 'press_release', 'vk', 'ok'), { minLength: 1 });
const frequency = fc.record({
  id: fc.constant('p'),
  type: fc.constant('frequency' as const),
  min: fc.integer({ min: 1, max: 20 }),
  per: fc.constantFrom(...PERIOD_KINDS),
  kinds: fc.option(names, { nil: undefined }),
  channelTypes: fc.option(names, { nil: undefined }),
  minMembers: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
});
const clean = (norm: FrequencyNorm): FrequencyNorm => JSON.parse(JSON.stringify(norm)) as FrequencyNorm;

describe('loosenings, for any norms', () => {
  it('find nothing in the norm itself', () => {
    fc.assert(
      fc.property(frequency, (norm) => {
        expect(loosenings(on(clean(norm)), on(clean(norm)))).toEqual([]);
      }),
    );
  });

  it('find a loosening in the way back from every real tightening', () => {
    fc.assert(
      fc.property(frequency, frequency, (a, b) => {
        const above = on(clean(a));
        const below = on(clean(b));
        // What loosens one way can only be "back" the other way for min and per.
        const forth = loosenings(above, below);
        const back = loosenings(below, above);
        if (a.min !== b.min) expect(forth.includes('min') !== back.includes('min')).toBe(true);
        if (a.per !== b.per) expect(forth.includes('per') !== back.includes('per')).toBe(true);
      }),
    );
  });

  it('are transitive: a change that tightens twice does not loosen', () => {
    fc.assert(
      fc.property(frequency, frequency, frequency, (a, b, c) => {
        const [x, y, z] = [on(clean(a)), on(clean(b)), on(clean(c))];
        if (loosenings(x, y).length === 0 && loosenings(y, z).length === 0) expect(loosenings(x, z)).toEqual([]);
      }),
    );
  });

  it('always name switching off, whatever else changes', () => {
    fc.assert(
      fc.property(frequency, frequency, (a, b) => {
        expect(loosenings(on(clean(a)), { norm: clean(b), enabled: false })).toContain('enabled');
      }),
    );
  });
});

describe('who may change a norm', () => {
  it('asks norm.adjust at the setting organisation for a loosening of an inherited norm', () => {
    expect(authorityFor({ orgId: 'centre', setBy: 'region', loosened: ['enabled'] })).toEqual({ capability: 'norm.adjust', at: 'region' });
    expect(authorityFor({ orgId: 'centre', setBy: 'region', loosened: [] })).toEqual({ capability: 'norm.manage', at: 'centre' });
    expect(authorityFor({ orgId: 'centre', setBy: undefined, loosened: ['min'] })).toEqual({ capability: 'norm.manage', at: 'centre' });
  });

  it('lets directors and administrators adjust, not editors or viewers', () => {
    expect(ROLES.filter((role) => mayAdjust([role]))).toEqual(['director', 'admin']);
    expect(mayAdjust([])).toBe(false);
  });
});

describe('when a norm added without effectiveFrom takes effect', () => {
  it('from the start of its period, or the day for presence and quantity norms', () => {
    expect(defaultEffectiveFrom(posts, '2026-11-26')).toBe('2026-11-23');
    expect(defaultEffectiveFrom({ ...posts, per: 'quarter' }, '2026-11-26')).toBe('2026-10-01');
    expect(defaultEffectiveFrom({ id: 'q', type: 'quantity', figure: 'f', atLeast: 1 }, '2026-11-26')).toBe('2026-11-26');
    expect(withEffectiveFrom({ ...posts, effectiveFrom: '2020-01-01' }, '2026-11-26').effectiveFrom).toBe('2020-01-01');
  });
});

describe('presets by organisation kind', () => {
  it('fit only the kinds they are written for', () => {
    expect(presetFits(MINTRUD_2022, 'employment_authority')).toBe(true);
    expect(presetFits(MINTRUD_2022, 'union_primary')).toBe(false);
    expect(presetFits(SUDPROF_2023, 'union_territorial')).toBe(true);
    expect(presetFits(SUDPROF_2023, 'employment_center')).toBe(false);
    for (const preset of PRESETS) expect(preset.orgKinds.length).toBeGreaterThan(0);
  });
});

describe('narrows', () => {
  it('reads an absent list as any', () => {
    expect(narrows(undefined, undefined)).toBe(false);
    expect(narrows(['a'], undefined)).toBe(false);
  });
});
