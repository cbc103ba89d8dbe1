/**
 * Norm governance: a norm set at an organisation binds everything below it.
 * Below, anyone who manages norms may add norms and make an inherited one
 * stricter; loosening it (switching it off, a lower `min`, a longer period,
 * fewer kinds or channels …) is an adjustment, which only a holder of
 * `norm.adjust` at the organisation that set the norm, or above it, may make,
 * with a reason (issue 11, «Norm governance»).
 */
import { hasCapability, type Capability, type Role } from './access.js';
import type { LocalDate } from './local-date.js';
import { presenceGroups, type FrequencyNorm, type Norm, type PresenceNorm, type QuantityNorm } from './norm.js';
import { periodOf, PERIOD_KINDS } from './period.js';

/** A norm as it binds: its definition, and whether it is switched on. */
export interface NormInForce {
  norm: Norm;
  enabled: boolean;
}

/** The fields of a norm a change can loosen; `enabled` is switching it off. */
export const LOOSENABLE_FIELDS = [
  'enabled',
  'type',
  'orgKinds',
  'minMembers',
  'effectiveFrom',
  'effectiveTo',
  'min',
  'per',
  'kinds',
  'channelTypes',
  'perChannel',
  'allOf',
  'figure',
  'atLeast',
  'perMembers',
] as const;

/** A field whose change can loosen a norm (see {@link LOOSENABLE_FIELDS}). */
export type LoosenableField = (typeof LOOSENABLE_FIELDS)[number];

/**
 * Whether `below` lets through something `above` does not: a list of names
 * where absent means "any". Adding a list where there was none narrows; so
 * does leaving out a name the list above has.
 *
 * @example narrows(['post', 'video'], ['post']) // true
 * @example narrows(undefined, ['post']) // true
 * @example narrows(['post'], ['post', 'video']) // false
 */
export function narrows(above: readonly string[] | undefined, below: readonly string[] | undefined): boolean {
  if (below === undefined) return false;
  if (above === undefined) return true;
  return above.some((name) => !below.includes(name));
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((name, at) => name === b[at]));

/** A later start, or an end set earlier (an open end counts as never). */
function baseLoosenings(above: Norm, below: Norm): LoosenableField[] {
  const out: LoosenableField[] = [];
  if (narrows(above.orgKinds, below.orgKinds)) out.push('orgKinds');
  if ((below.minMembers ?? 0) > (above.minMembers ?? 0)) out.push('minMembers');
  if (below.effectiveFrom !== undefined && (above.effectiveFrom === undefined || below.effectiveFrom > above.effectiveFrom)) out.push('effectiveFrom');
  if (below.effectiveTo !== undefined && (above.effectiveTo === undefined || below.effectiveTo < above.effectiveTo)) out.push('effectiveTo');
  return out;
}

function frequencyLoosenings(above: FrequencyNorm, below: FrequencyNorm): LoosenableField[] {
  const out: LoosenableField[] = [];
  if (below.min < above.min) out.push('min');
  if (PERIOD_KINDS.indexOf(below.per) > PERIOD_KINDS.indexOf(above.per)) out.push('per');
  if (narrows(above.kinds, below.kinds)) out.push('kinds');
  if (narrows(above.channelTypes, below.channelTypes)) out.push('channelTypes');
  // Either way round can ask less: across channels one busy account covers a dead one, and per
  // channel an organisation without a matching channel has no row to miss. Not provably stricter.
  if ((below.perChannel ?? false) !== (above.perChannel ?? false)) out.push('perChannel');
  return out;
}

function presenceLoosenings(above: PresenceNorm, below: PresenceNorm): LoosenableField[] {
  // At least as strict when every group asked above is answered by a group below that accepts
  // only channels the group above accepts too.
  const belowGroups = presenceGroups(below);
  const covered = presenceGroups(above).every((group) => belowGroups.some((mine) => !narrows(mine, group)));
  if (covered) return [];
  const out: LoosenableField[] = [];
  if (!sameList(above.channelTypes, below.channelTypes)) out.push('channelTypes');
  if (JSON.stringify(above.allOf) !== JSON.stringify(below.allOf)) out.push('allOf');
  return out;
}

function quantityLoosenings(above: QuantityNorm, below: QuantityNorm): LoosenableField[] {
  const out: LoosenableField[] = [];
  if (below.figure !== above.figure) out.push('figure');
  if ((below.atLeast ?? 0) < (above.atLeast ?? 0)) out.push('atLeast');
  if (above.perMembers !== undefined && (below.perMembers === undefined || below.perMembers > above.perMembers)) out.push('perMembers');
  return out;
}

/**
 * What a proposed norm at an organisation loosens compared with the norm it
 * inherits from above, field by field, in {@link LOOSENABLE_FIELDS} order;
 * empty when the proposal asks at least as much. Conservative: a change that
 * cannot be shown to be at least as strict counts as a loosening (a changed
 * `type`, `perChannel` or `figure`). A norm switched off above binds nothing,
 * so nothing below can loosen it. Titles and sources do not bind.
 *
 * @example
 * const above = { norm: { id: 'posts', type: 'frequency', min: 2, per: 'week' }, enabled: true };
 * loosenings(above, { norm: { id: 'posts', type: 'frequency', min: 1, per: 'month' }, enabled: true }) // ['min', 'per']
 * loosenings(above, { norm: { id: 'posts', type: 'frequency', min: 3, per: 'day' }, enabled: true }) // []
 * loosenings(above, { ...above, enabled: false }) // ['enabled']
 */
export function loosenings(above: NormInForce, proposed: NormInForce): LoosenableField[] {
  if (!above.enabled) return [];
  const out: LoosenableField[] = [];
  if (!proposed.enabled) out.push('enabled');
  const a = above.norm;
  const b = proposed.norm;
  if (a.type !== b.type) out.push('type');
  out.push(...baseLoosenings(a, b));
  if (a.type === 'frequency' && b.type === 'frequency') out.push(...frequencyLoosenings(a, b));
  else if (a.type === 'presence' && b.type === 'presence') out.push(...presenceLoosenings(a, b));
  else if (a.type === 'quantity' && b.type === 'quantity') out.push(...quantityLoosenings(a, b));
  return LOOSENABLE_FIELDS.filter((field) => out.includes(field));
}

/**
 * What a change to a norm at an organisation asks of the person making it,
 * and where: its own norms and stricter versions of inherited ones are the
 * editors' (`norm.manage` at the organisation); loosening a norm inherited
 * from the organisation `setBy` is an adjustment (`norm.adjust` at `setBy`:
 * roles given above `setBy` reach it too).
 *
 * @example authorityFor({ orgId: 'centre', setBy: 'region', loosened: ['min'] }) // { capability: 'norm.adjust', at: 'region' }
 * @example authorityFor({ orgId: 'centre', setBy: 'region', loosened: [] }) // { capability: 'norm.manage', at: 'centre' }
 * @example authorityFor({ orgId: 'centre', setBy: undefined, loosened: [] }) // { capability: 'norm.manage', at: 'centre' }
 */
export function authorityFor(change: { orgId: string; setBy: string | undefined; loosened: readonly LoosenableField[] }): { capability: Capability; at: string } {
  if (change.setBy !== undefined && change.loosened.length > 0) return { capability: 'norm.adjust', at: change.setBy };
  return { capability: 'norm.manage', at: change.orgId };
}

/**
 * Whether the roles a person holds at the organisation that set a norm
 * (those given there and above it) let them waive or loosen it below.
 *
 * @example mayAdjust(['director']) // true
 * @example mayAdjust(['editor']) // false
 */
export function mayAdjust(rolesAtSetter: readonly Role[]): boolean {
  return hasCapability(rolesAtSetter, 'norm.adjust');
}

/**
 * The day a norm added on `today` (the organisation's local date) takes
 * effect when no `effectiveFrom` is given: the first day of the period it
 * counts by, so the period in which it is added is judged whole and none
 * before it; a presence or quantity norm, which has no periods, from the day
 * itself.
 *
 * @example defaultEffectiveFrom({ id: 'p', type: 'frequency', min: 2, per: 'week' }, '2026-11-26') // '2026-11-23'
 * @example defaultEffectiveFrom({ id: 'c', type: 'presence', channelTypes: ['website'] }, '2026-11-26') // '2026-11-26'
 */
export function defaultEffectiveFrom(norm: Norm, today: LocalDate): LocalDate {
  return norm.type === 'frequency' ? periodOf(today, norm.per).start : today;
}

/**
 * A norm as it is added on `today`: with its own `effectiveFrom`, or the
 * default one ({@link defaultEffectiveFrom}).
 *
 * @example withEffectiveFrom({ id: 'p', type: 'frequency', min: 1, per: 'month' }, '2026-11-26').effectiveFrom // '2026-11-01'
 */
export function withEffectiveFrom<N extends Norm>(norm: N, today: LocalDate): N {
  return norm.effectiveFrom !== undefined ? norm : { ...norm, effectiveFrom: defaultEffectiveFrom(norm, today) };
}
