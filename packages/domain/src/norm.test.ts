import { describe, expect, it } from 'vitest';
import type { Norm } from './norm.js';
import { countsChannelType, foreignNormFields, isEffectiveDuring, isNormKey, NORM_BASE_FIELDS, NORM_KEY_PATTERN, NORM_TYPE_FIELDS, NORM_TYPES, judgesPeriodStarting, normAppliesTo, parseNorm, parseNorms, presenceGroups, quantityRequired } from './norm.js';
import type { Issue } from './read-json.js';

function parse(value: unknown) {
  const issues: Issue[] = [];
  return { norm: parseNorm(value, 'norms[0]', issues), issues };
}

describe('norms', () => {
  it('reads a frequency norm, type defaulting to frequency', () => {
    expect(parse({ id: 'posts', min: 2, per: 'week', kinds: ['post'], channelTypes: ['vk'], perChannel: true, title: 'Посты' })).toEqual({
      norm: { id: 'posts', type: 'frequency', min: 2, per: 'week', kinds: ['post'], channelTypes: ['vk'], perChannel: true, title: 'Посты' },
      issues: [],
    });
  });

  it('accepts any min and any period, including daily', () => {
    expect(parse({ id: 'nso', min: 10, per: 'day' }).norm).toMatchObject({ min: 10, per: 'day' });
  });

  it('names each bad field', () => {
    expect(parse({ id: '', min: 1.5, per: 'fortnight', kinds: [], perChannel: 'yes', effectiveFrom: '2026-12-01', effectiveTo: '2026-11-01' }).issues).toEqual([
      { path: 'norms[0].id', code: 'empty', message: 'empty' },
      { path: 'norms[0].effectiveTo', code: 'before_effective_from', params: { from: '2026-12-01' }, message: 'before effectiveFrom (2026-12-01)' },
      { path: 'norms[0].min', code: 'not_a_positive_integer', message: 'not a positive integer' },
      { path: 'norms[0].per', code: 'not_one_of', params: { allowed: ['day', 'week', 'month', 'quarter', 'year'] }, message: 'must be one of day, week, month, quarter, year' },
      { path: 'norms[0].kinds', code: 'empty_means_any', message: 'empty (leave it out to mean any)' },
      { path: 'norms[0].perChannel', code: 'not_a_boolean', message: 'not a boolean' },
    ]);
    expect(parse({ id: 'x', type: 'rule' }).issues).toEqual([{ path: 'norms[0].type', code: 'not_one_of', params: { allowed: ['frequency', 'presence', 'quantity'] }, message: 'must be one of frequency, presence, quantity' }]);
    expect(parse({ id: 'x', min: 0, per: 'week' }).issues).toEqual([{ path: 'norms[0].min', code: 'not_a_positive_integer', message: 'not a positive integer' }]);
    expect(parse('posts').issues).toEqual([{ path: 'norms[0]', code: 'not_an_object', message: 'not an object' }]);
  });

  it('reads presence norms with channelTypes or allOf, not both', () => {
    expect(parse({ id: 'p', type: 'presence', allOf: [['website'], ['vk', 'ok']] }).norm).toEqual({ id: 'p', type: 'presence', allOf: [['website'], ['vk', 'ok']] });
    expect(parse({ id: 'p', type: 'presence' }).issues).toEqual([{ path: 'norms[0].channelTypes', code: 'channel_types_or_all_of', message: 'give either channelTypes or allOf' }]);
    expect(parse({ id: 'p', type: 'presence', channelTypes: ['vk'], allOf: [['ok']] }).issues).toHaveLength(1);
  });

  it('reads quantity norms that say how much', () => {
    expect(parse({ id: 'q', type: 'quantity', figure: 'solidarnost_copies', perMembers: 100, atLeast: 1 }).norm).toEqual({
      id: 'q',
      type: 'quantity',
      figure: 'solidarnost_copies',
      perMembers: 100,
      atLeast: 1,
    });
    expect(parse({ id: 'q', type: 'quantity', figure: 'x' }).issues).toEqual([{ path: 'norms[0].atLeast', code: 'at_least_or_per_members', message: 'give atLeast, perMembers or both' }]);
    expect(parse({ id: 'q', type: 'quantity', figure: 'x', atLeast: -1 }).issues).toEqual([{ path: 'norms[0].atLeast', code: 'not_a_non_negative_number', message: 'not a non-negative number' }]);
  });

  it('finds duplicate ids in a list', () => {
    const issues: Issue[] = [];
    parseNorms([{ id: 'a', min: 1, per: 'day' }, { id: 'a', min: 1, per: 'day' }], 'norms', issues);
    expect(issues).toEqual([{ path: 'norms[1].id', code: 'duplicate_id', params: { id: 'a' }, message: "duplicate id 'a'" }]);
  });

  it('binds organisations by kind and by members above a threshold', () => {
    const norm: Norm = { id: 'x', type: 'presence', channelTypes: ['vk'], orgKinds: ['union_primary'], minMembers: 501 };
    expect(normAppliesTo(norm, { kind: 'union_primary', members: 501 })).toBe(true);
    expect(normAppliesTo(norm, { kind: 'union_primary', members: 500 })).toBe(false);
    expect(normAppliesTo(norm, { kind: 'union_territorial', members: 900 })).toBe(false);
    expect(normAppliesTo({ id: 'y', type: 'frequency', min: 1, per: 'week' }, {})).toBe(true);
  });

  it('binds an organisation whose kind or member count is not known', () => {
    const norm: Norm = { id: 'x', type: 'presence', channelTypes: ['vk'], orgKinds: ['union_primary'], minMembers: 501 };
    expect(normAppliesTo(norm, { kind: 'union_primary' })).toBe(true);
    expect(normAppliesTo(norm, { members: 900 })).toBe(true);
    expect(normAppliesTo(norm, {})).toBe(true);
    expect(normAppliesTo(norm, { members: 500 })).toBe(false);
    expect(normAppliesTo(norm, { kind: 'union_territorial' })).toBe(false);
  });

  it('judges the periods that start within the effectiveness', () => {
    const norm: Norm = { id: 'x', type: 'frequency', min: 1, per: 'week', effectiveFrom: '2026-11-11', effectiveTo: '2026-12-31' };
    expect(judgesPeriodStarting(norm, '2026-11-09')).toBe(false);
    expect(judgesPeriodStarting(norm, '2026-11-16')).toBe(true);
    expect(judgesPeriodStarting(norm, '2026-12-28')).toBe(true);
    expect(judgesPeriodStarting(norm, '2027-01-04')).toBe(false);
    expect(isEffectiveDuring(norm, { from: '2026-01-01', to: '2026-11-11' })).toBe(true);
    expect(isEffectiveDuring(norm, { from: '2027-01-01', to: '2027-12-31' })).toBe(false);
  });

  it('computes the groups and thresholds to meet', () => {
    expect(presenceGroups({ id: 'x', type: 'presence', channelTypes: ['vk', 'ok'] })).toEqual([['vk', 'ok']]);
    const solidarnost: Norm = { id: 's', type: 'quantity', figure: 'solidarnost_copies', perMembers: 100, atLeast: 1 };
    expect([0, 40, 100, 101, 650].map((members) => quantityRequired(solidarnost, { members }))).toEqual([1, 1, 1, 2, 7]);
    expect(quantityRequired({ id: 'b', type: 'quantity', figure: 'info_budget_percent', atLeast: 5 }, { members: 10_000 })).toBe(5);
  });
});

describe('the fields of each type of norm', () => {
  const full = {
    id: 'x', title: 'T', source: { document: 'D', paragraph: '1' }, orgKinds: ['union_primary'], minMembers: 1, effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31',
    min: 1, per: 'week', kinds: ['post'], channelTypes: ['vk'], perChannel: true, allOf: [['vk']], figure: 'f', atLeast: 1, perMembers: 10,
  };

  it('are those parseNorm keeps for it', () => {
    for (const type of NORM_TYPES) {
      const value: Record<string, unknown> = { ...full, type };
      if (type === 'presence') delete value.channelTypes;
      const norm = parseNorm(value, 'n', []);
      const expected = [...NORM_BASE_FIELDS, ...NORM_TYPE_FIELDS[type]].filter((field) => field in value);
      expect(Object.keys(norm ?? {}).sort()).toEqual(expected.sort());
    }
  });

  it('names the fields a type does not have', () => {
    expect(foreignNormFields('frequency', ['id', 'min', 'per', 'atLeast', 'figure'])).toEqual(['atLeast', 'figure']);
    expect(foreignNormFields('quantity', ['figure', 'perChannel'])).toEqual(['perChannel']);
  });
});

describe('the channels a frequency norm counts', () => {
  it('are those of its channel types, or any when it names none', () => {
    const social: Norm = { id: 's', type: 'frequency', min: 1, per: 'week', channelTypes: ['vk', 'ok'] };
    expect(countsChannelType(social, 'vk')).toBe(true);
    expect(countsChannelType(social, 'website')).toBe(false);
    expect(countsChannelType({ id: 'a', type: 'frequency', min: 1, per: 'week' }, 'website')).toBe(true);
  });
});

describe('norm vocabulary', () => {
  it('knows three types of norm, and parseNorm reads exactly them', () => {
    expect(NORM_TYPES).toEqual(['frequency', 'presence', 'quantity']);
    const issues: Issue[] = [];
    expect(parseNorm({ id: 'x', type: 'ratio' }, 'n', issues)).toBeUndefined();
    expect(issues).toEqual([{ path: 'n.type', code: 'not_one_of', params: { allowed: ['frequency', 'presence', 'quantity'] }, message: 'must be one of frequency, presence, quantity' }]);
  });

  it('writes keys as a letter or digit, then up to 63 letters, digits, _ . -', () => {
    expect(['social-posts', 'mintrud.72b', 'A1', 'x'.repeat(64)].every(isNormKey)).toBe(true);
    expect(['-posts', '', 'x'.repeat(65), 'посты', 'a b', 3].some(isNormKey)).toBe(false);
    expect(NORM_KEY_PATTERN.startsWith('^')).toBe(true);
  });
});
