import fc from 'fast-check';
import type { FrequencyNorm } from '@ritm/domain/norm';
import type { PeriodKind } from '@ritm/domain/period';

/*
 * Random norms and items for the tests that count in the database (repositories/counts.test.ts,
 * repositories/group-counts.test.ts): an organisation with a channel of each of TYPES, items on
 * days from the Monday before RANGE to a week after it, so that periods are judged whole.
 */

export const TYPES = ['vk', 'ok', 'website'] as const;
export const KINDS = ['post', 'press_release', 'public_event'] as const;
export const STATUSES = ['planned', 'in_progress', 'published', 'held', 'cancelled'] as const;
export const RANGE = { from: '2026-10-01', to: '2026-11-30' };
export const dayOf = (n: number) => new Date(Date.parse('2026-09-28') + n * 86_400_000).toISOString().slice(0, 10);

export const normArb = (pers: readonly PeriodKind[]) =>
  fc.record({
    per: fc.constantFrom(...pers),
    min: fc.integer({ min: 1, max: 3 }),
    kinds: fc.option(fc.uniqueArray(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    channelTypes: fc.option(fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    perChannel: fc.boolean(),
  });
export type NormSpec = ReturnType<typeof normArb> extends fc.Arbitrary<infer T> ? T : never;

export const itemArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  status: fc.constantFrom(...STATUSES),
  day: fc.integer({ min: 0, max: 75 }),
  // Indexes into the organisation's channels; 3 is a channel of another organisation.
  channels: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  // Evidence: a publication link and attached files.
  url: fc.boolean(),
  attachments: fc.integer({ min: 0, max: 2 }),
});
export type ItemSpec = typeof itemArb extends fc.Arbitrary<infer T> ? T : never;

/** The frequency norms `n0`, `n1`… of random specs. */
export const toNorms = (specs: readonly NormSpec[]): FrequencyNorm[] =>
  specs.map((spec, i) => ({
    id: `n${i}`,
    type: 'frequency',
    per: spec.per,
    min: spec.min,
    ...(spec.kinds !== undefined && { kinds: spec.kinds }),
    ...(spec.channelTypes !== undefined && { channelTypes: spec.channelTypes }),
    perChannel: spec.perChannel,
  }));
