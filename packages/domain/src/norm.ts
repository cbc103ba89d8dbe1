/**
 * Norms are data: how often, where and how much an organisation must publish,
 * with the paragraph of the document each comes from. One generic evaluator
 * judges them all (see `evaluate.ts`).
 */
import type { ChannelType } from './channel.js';
import type { ItemKind } from './item.js';
import type { DateRange, LocalDate } from './local-date.js';
import type { Organisation, OrganisationKind } from './organisation.js';
import { PERIOD_KINDS } from './period.js';
import type { PeriodKind } from './period.js';
import type { Issue, JsonPath } from './read-json.js';
import {
  checkUniqueIds,
  issue,
  pathText,
  pathTo,
  readArray,
  readBoolean,
  readLocalDate,
  readNonEmptyString,
  readNonNegativeInteger,
  readNonNegativeNumber,
  readObject,
  readOneOf,
  readOptional,
  readPositiveInteger,
} from './read-json.js';

/** Where a norm comes from: the document, its paragraph and the words. */
export interface NormSource {
  document: string;
  paragraph: string;
  quote?: string;
}

/** What every norm has. */
export interface NormBase {
  id: string;
  /** What the norm asks, in Russian, for people. */
  title?: string;
  source?: NormSource;
  /**
   * Only organisations of these kinds are bound (all when absent). An
   * organisation whose kind is not known is bound: better to show a possible
   * duty than to hide one.
   */
  orgKinds?: readonly OrganisationKind[];
  /**
   * Only organisations with at least this many members are bound (e.g. 501
   * for «свыше 500»). An organisation whose member count is not known is
   * bound, for the same reason as with {@link NormBase.orgKinds}.
   */
  minMembers?: number;
  /**
   * The norm judges the periods that *start* within `effectiveFrom …
   * effectiveTo` (either end open). A period starting before `effectiveFrom`
   * is not judged even if it ends after it; one starting on or before
   * `effectiveTo` is judged whole. So when a new version of a norm replaces an
   * old one (old `effectiveTo` the day before new `effectiveFrom`), every
   * period is judged by exactly one of them.
   */
  effectiveFrom?: LocalDate;
  effectiveTo?: LocalDate;
}

/**
 * At least `min` items of `kinds` on channels of `channelTypes` per `per`
 * period. `perChannel`: each matching channel must reach `min` on its own;
 * otherwise the count is across channels and an item on two matching channels
 * counts once. `kinds` or `channelTypes` absent means any (then an item on no
 * channel counts too).
 */
export interface FrequencyNorm extends NormBase {
  type: 'frequency';
  min: number;
  per: PeriodKind;
  kinds?: readonly ItemKind[];
  channelTypes?: readonly ChannelType[];
  perChannel?: boolean;
}

/**
 * A channel must exist. `channelTypes`: one of these types. `allOf`: for each
 * group, a channel of one of the group's types (e.g. a website *and* a social
 * network *and* an information zone). Exactly one of the two is given.
 */
export interface PresenceNorm extends NormBase {
  type: 'presence';
  channelTypes?: readonly ChannelType[];
  allOf?: readonly (readonly ChannelType[])[];
}

/**
 * A figure of the organisation must reach max(`atLeast`, ceil(members /
 * `perMembers`)); either part may be absent (then it does not count).
 */
export interface QuantityNorm extends NormBase {
  type: 'quantity';
  figure: string;
  atLeast?: number;
  perMembers?: number;
}

export type Norm = FrequencyNorm | PresenceNorm | QuantityNorm;

/** The kinds of norm: how often (`frequency`), that a channel exists (`presence`), how much (`quantity`). */
export const NORM_TYPES = ['frequency', 'presence', 'quantity'] as const;

/** A kind of norm (see {@link NORM_TYPES}). */
export type NormType = (typeof NORM_TYPES)[number];

/** The fields every norm may have, whatever its type (see {@link NormBase}). */
export const NORM_BASE_FIELDS = ['id', 'type', 'title', 'source', 'orgKinds', 'minMembers', 'effectiveFrom', 'effectiveTo'] as const;

/** The fields of each type of norm besides {@link NORM_BASE_FIELDS}: those {@link parseNorm} reads for it. */
export const NORM_TYPE_FIELDS = {
  frequency: ['min', 'per', 'kinds', 'channelTypes', 'perChannel'],
  presence: ['channelTypes', 'allOf'],
  quantity: ['figure', 'atLeast', 'perMembers'],
} as const satisfies Record<NormType, readonly string[]>;

/**
 * The fields a norm of `type` does not have, of those given: {@link parseNorm}
 * leaves them out (a `ritm check` file may carry notes), so whoever wants them
 * refused asks here.
 *
 * @example foreignNormFields('frequency', ['min', 'per', 'atLeast', 'figure']) // ['atLeast', 'figure']
 */
export function foreignNormFields(type: NormType, fields: Iterable<string>): string[] {
  const own: readonly string[] = [...NORM_BASE_FIELDS, ...NORM_TYPE_FIELDS[type]];
  return [...fields].filter((field) => !own.includes(field));
}

/**
 * Whether a frequency norm counts items on a channel of this type: any type
 * when it names none.
 *
 * @example countsChannelType({ id: 'x', type: 'frequency', min: 1, per: 'week', channelTypes: ['vk', 'ok'] }, 'website') // false
 * @example countsChannelType({ id: 'x', type: 'frequency', min: 1, per: 'week' }, 'website') // true
 */
export function countsChannelType(norm: FrequencyNorm, type: ChannelType): boolean {
  return norm.channelTypes === undefined || norm.channelTypes.includes(type);
}

/**
 * What a norm's key (its `id`) looks like where it is stored and typed: a
 * letter or digit, then up to 63 letters, digits, `_`, `.` or `-`
 * (`social-posts`, `mintrud.72b`). A JSON Schema `pattern`.
 */
export const NORM_KEY_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';

const normKey = new RegExp(NORM_KEY_PATTERN);

/**
 * Whether a value is a well-formed norm key.
 *
 * @example isNormKey('social-posts') // true
 * @example isNormKey('-posts') // false
 */
export function isNormKey(value: unknown): value is string {
  return typeof value === 'string' && normKey.test(value);
}


/**
 * Whether an organisation is bound by a norm (its kind and member count).
 * What the organisation has not told (no `kind`, no `members`) does not
 * release it: the restriction on it is not applied.
 *
 * @example normAppliesTo({ id: 'x', type: 'presence', channelTypes: ['vk'], orgKinds: ['union_primary'], minMembers: 501 }, { kind: 'union_primary', members: 650 }) // true
 * @example normAppliesTo({ id: 'x', type: 'presence', channelTypes: ['vk'], orgKinds: ['union_primary'], minMembers: 501 }, { kind: 'union_primary', members: 500 }) // false
 * @example normAppliesTo({ id: 'x', type: 'presence', channelTypes: ['vk'], orgKinds: ['union_primary'], minMembers: 501 }, {}) // true
 */
export function normAppliesTo(norm: Norm, org: Organisation): boolean {
  if (norm.orgKinds !== undefined && org.kind !== undefined && !norm.orgKinds.includes(org.kind)) return false;
  return norm.minMembers === undefined || org.members === undefined || org.members >= norm.minMembers;
}

/**
 * Whether a norm judges the period that starts on `periodStart` (see
 * {@link NormBase.effectiveFrom}).
 *
 * @example judgesPeriodStarting({ id: 'x', type: 'frequency', min: 1, per: 'week', effectiveFrom: '2026-11-11' }, '2026-11-09') // false
 */
export function judgesPeriodStarting(norm: Norm, periodStart: LocalDate): boolean {
  return (norm.effectiveFrom === undefined || norm.effectiveFrom <= periodStart) && (norm.effectiveTo === undefined || periodStart <= norm.effectiveTo);
}

/**
 * Whether a norm is in force on any day of a range (for presence and
 * quantity norms, which have no periods).
 *
 * @example isEffectiveDuring({ id: 'x', type: 'quantity', figure: 'f', atLeast: 1, effectiveTo: '2025-12-31' }, { from: '2026-01-01', to: '2026-12-31' }) // false
 */
export function isEffectiveDuring(norm: Norm, range: DateRange): boolean {
  return (norm.effectiveFrom === undefined || norm.effectiveFrom <= range.to) && (norm.effectiveTo === undefined || range.from <= norm.effectiveTo);
}

/**
 * The groups of channel types a presence norm requires, one channel from each.
 *
 * @example presenceGroups({ id: 'x', type: 'presence', channelTypes: ['vk', 'ok'] }) // [['vk', 'ok']]
 */
export function presenceGroups(norm: PresenceNorm): readonly (readonly ChannelType[])[] {
  return norm.allOf ?? (norm.channelTypes === undefined ? [] : [norm.channelTypes]);
}

/**
 * The figure a quantity norm requires of an organisation.
 *
 * @example quantityRequired({ id: 's', type: 'quantity', figure: 'solidarnost_copies', perMembers: 100, atLeast: 1 }, { members: 650 }) // 7
 * @example quantityRequired({ id: 's', type: 'quantity', figure: 'solidarnost_copies', perMembers: 100, atLeast: 1 }, { members: 40 }) // 1
 */
export function quantityRequired(norm: QuantityNorm, org: Organisation): number {
  const byMembers = norm.perMembers === undefined ? 0 : Math.ceil((org.members ?? 0) / norm.perMembers);
  return Math.max(norm.atLeast ?? 0, byMembers);
}

const readNormType = readOneOf(NORM_TYPES);
const readPer = readOneOf(PERIOD_KINDS);

function readNames(value: unknown, path: JsonPath, issues: Issue[]): string[] | undefined {
  const names = readArray(value, path, issues, readNonEmptyString);
  if (names !== undefined && names.length === 0 && Array.isArray(value)) {
    issues.push(issue(pathText(path), 'empty_means_any'));
    return undefined;
  }
  return names;
}

function readNameGroups(value: unknown, path: JsonPath, issues: Issue[]): string[][] | undefined {
  return readArray(value, path, issues, readNames);
}

function readSource(value: unknown, path: JsonPath, issues: Issue[]): NormSource | undefined {
  const obj = readObject(value, path, issues);
  if (obj === undefined) return undefined;
  const document = readNonEmptyString(obj.document, pathTo(path, 'document'), issues);
  const paragraph = readNonEmptyString(obj.paragraph, pathTo(path, 'paragraph'), issues);
  const quote = readOptional(obj.quote, pathTo(path, 'quote'), issues, readNonEmptyString);
  if (document === undefined || paragraph === undefined) return undefined;
  return { document, paragraph, ...(quote !== undefined && { quote }) };
}

/**
 * Reads a norm from unknown JSON, checking every field and naming the JSON
 * path of each bad one. `type` defaults to `frequency`.
 *
 * @example parseNorm({ id: 'posts', min: 2, per: 'week', kinds: ['post'] }, 'norms[0]', issues)
 * // { id: 'posts', type: 'frequency', min: 2, per: 'week', kinds: ['post'] }
 * @example parseNorm({ id: 'posts', min: 0, per: 'fortnight' }, 'norms[0]', issues)
 * // undefined; issues: norms[0].min: not a positive integer, norms[0].per: must be one of day, week, month, quarter, year
 */
export function parseNorm(value: unknown, path: JsonPath, issues: Issue[]): Norm | undefined {
  const obj = readObject(value, path, issues);
  if (obj === undefined) return undefined;
  const at = (key: string): JsonPath => pathTo(path, key);
  const before = issues.length;
  const id = readNonEmptyString(obj.id, at('id'), issues);
  const type = obj.type === undefined ? 'frequency' : readNormType(obj.type, at('type'), issues);
  const base = {
    id: id ?? '',
    ...optional('title', readOptional(obj.title, at('title'), issues, readNonEmptyString)),
    ...optional('source', readOptional(obj.source, at('source'), issues, readSource)),
    ...optional('orgKinds', readOptional(obj.orgKinds, at('orgKinds'), issues, readNames)),
    ...optional('minMembers', readOptional(obj.minMembers, at('minMembers'), issues, readNonNegativeInteger)),
    ...optional('effectiveFrom', readOptional(obj.effectiveFrom, at('effectiveFrom'), issues, readLocalDate)),
    ...optional('effectiveTo', readOptional(obj.effectiveTo, at('effectiveTo'), issues, readLocalDate)),
  };
  if (base.effectiveFrom !== undefined && base.effectiveTo !== undefined && base.effectiveTo < base.effectiveFrom) {
    issues.push(issue(pathText(at('effectiveTo')), 'before_effective_from', { from: base.effectiveFrom }));
  }
  let norm: Norm | undefined;
  if (type === 'frequency') {
    const min = readPositiveInteger(obj.min, at('min'), issues);
    const per = readPer(obj.per, at('per'), issues);
    const kinds = readOptional(obj.kinds, at('kinds'), issues, readNames);
    const channelTypes = readOptional(obj.channelTypes, at('channelTypes'), issues, readNames);
    const perChannel = readOptional(obj.perChannel, at('perChannel'), issues, readBoolean);
    if (min !== undefined && per !== undefined) {
      norm = {
        ...base,
        type,
        min,
        per,
        ...optional('kinds', kinds),
        ...optional('channelTypes', channelTypes),
        ...optional('perChannel', perChannel),
      };
    }
  } else if (type === 'presence') {
    const channelTypes = readOptional(obj.channelTypes, at('channelTypes'), issues, readNames);
    const allOf = readOptional(obj.allOf, at('allOf'), issues, readNameGroups);
    if ((obj.channelTypes === undefined) === (obj.allOf === undefined)) {
      issues.push(issue(pathText(at('channelTypes')), 'channel_types_or_all_of'));
    } else if (allOf !== undefined && allOf.length === 0) {
      issues.push(issue(pathText(at('allOf')), 'empty'));
    }
    norm = { ...base, type, ...optional('channelTypes', channelTypes), ...optional('allOf', allOf) };
  } else if (type === 'quantity') {
    const figure = readNonEmptyString(obj.figure, at('figure'), issues);
    const atLeast = readOptional(obj.atLeast, at('atLeast'), issues, readNonNegativeNumber);
    const perMembers = readOptional(obj.perMembers, at('perMembers'), issues, readPositiveInteger);
    if (obj.atLeast === undefined && obj.perMembers === undefined) {
      issues.push(issue(pathText(at('atLeast')), 'at_least_or_per_members'));
    }
    if (figure !== undefined) norm = { ...base, type, figure, ...optional('atLeast', atLeast), ...optional('perMembers', perMembers) };
  }
  return issues.length > before ? undefined : norm;
}

/**
 * Reads a list of norms and checks their ids are unique.
 *
 * @example parseNorms([{ id: 'a', min: 1, per: 'day' }, { id: 'a', min: 1, per: 'day' }], 'norms', issues) // issues: norms[1].id: duplicate id 'a'
 */
export function parseNorms(value: unknown, path: string, issues: Issue[]): Norm[] | undefined {
  checkUniqueIds(value, path, issues);
  return readArray(value, path, issues, parseNorm);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
