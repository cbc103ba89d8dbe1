/**
 * An organisation's profile status: the norms that are facts about the
 * organisation (a channel exists, a figure such as «Солидарность» copies or
 * the information budget share is reached) rather than about a week or a
 * month. They are judged once over a range, not per period, so a director's
 * view shows them beside the organisation, never painted across every period
 * (a missing website is not a missed week, let alone a future one).
 */
import type { Channel, ChannelType } from './channel.js';
import { isChannelLive } from './channel.js';
import type { ComplianceRow } from './compliance.js';
import type { LocalDate } from './local-date.js';
import type { Norm, NormType } from './norm.js';
import { presenceGroups } from './norm.js';
import type { StatusCounts } from './rollup.js';
import { emptyStatusCounts } from './rollup.js';

/**
 * The kinds of norm judged of the organisation itself, with no period: that a
 * channel exists (`presence`, Mintrud rec. p.73; Sudprof VII social pages
 * above 500 members) and that a figure is reached (`quantity`: «Солидарность»
 * copies, the 5% budget).
 */
export const PROFILE_NORM_TYPES = ['presence', 'quantity'] as const satisfies readonly NormType[];

/**
 * Whether a norm is a profile norm (see {@link PROFILE_NORM_TYPES}).
 *
 * @example isProfileNorm({ id: 'mandatory-channels', type: 'presence', allOf: [['website']] }) // true
 * @example isProfileNorm({ id: 'social-posts', type: 'frequency', min: 2, per: 'week' }) // false
 */
export function isProfileNorm(norm: Pick<Norm, 'type'>): boolean {
  return (PROFILE_NORM_TYPES as readonly string[]).includes(norm.type);
}

/**
 * Whether a compliance row judges a profile norm: the evaluator gives those
 * one row with no period (see evaluate.ts), every other row has one.
 *
 * @example isProfileRow({ norm: 'budget-5', channel: null, periodStart: null, periodEnd: null, required: 5, actual: 3, planned: 0, overdue: 0, status: 'missed' }) // true
 */
export function isProfileRow(row: Pick<ComplianceRow, 'periodStart'>): boolean {
  return row.periodStart === null;
}

/**
 * The profile as a whole: `met` when every profile norm that binds the
 * organisation is met (or waived), `not_met` when one is missed, `none` when
 * no profile norm binds it.
 */
export const PROFILE_STATES = ['met', 'not_met', 'none'] as const;
export type ProfileState = (typeof PROFILE_STATES)[number];

/** A profile norm the organisation does not meet, and what is missing. */
export interface ProfileGap {
  norm: string;
  /** Presence: groups of channel types required; quantity: the figure required. */
  required: number;
  /** Presence: groups present; quantity: the figure reported. */
  actual: number;
  /**
   * Presence norms only: each required group of channel types with no live
   * channel (one channel of any type in a group would do).
   */
  missingChannelTypes?: ChannelType[][];
}

export interface ProfileStatus {
  state: ProfileState;
  /** The profile rows by status. */
  counts: StatusCounts;
  /** The profile norms missed, in the order of the rows. */
  missing: ProfileGap[];
}

/** What tells which channels a missed presence norm lacks: the norms and channels judged, and the day channels must exist by. */
export interface ProfileContext {
  norms: readonly Norm[];
  channels: readonly Channel[];
  /** The last day of the range judged (a channel counts when it exists by then, as in the evaluator). */
  on: LocalDate;
}

/**
 * The groups of a presence norm's channel types with no channel live on `on`.
 *
 * @example missingChannelTypes({ id: 'm', type: 'presence', allOf: [['website'], ['vk', 'ok']] }, [{ id: 'c1', type: 'vk' }], '2026-11-30') // [['website']]
 */
export function missingChannelTypes(norm: Norm, channels: readonly Channel[], on: LocalDate): ChannelType[][] {
  if (norm.type !== 'presence') return [];
  const live = channels.filter((c) => isChannelLive(c, on));
  return presenceGroups(norm)
    .filter((types) => !live.some((c) => types.includes(c.type)))
    .map((types) => [...types]);
}

/**
 * The profile status from an organisation's rows (the rows of other norms are
 * left out), naming each missed profile norm and, with `context`, the channel
 * types a presence norm lacks.
 *
 * @example
 * profileStatus([{ norm: 'mandatory-channels', status: 'missed', required: 4, actual: 3, periodStart: null, … }, { norm: 'social-posts', status: 'missed', periodStart: '2026-11-16', … }])
 * // { state: 'not_met', counts: { missed: 1, … }, missing: [{ norm: 'mandatory-channels', required: 4, actual: 3 }] }
 */
export function profileStatus(rows: Iterable<ComplianceRow>, context?: ProfileContext): ProfileStatus {
  const counts = emptyStatusCounts();
  const missing: ProfileGap[] = [];
  let binding = 0;
  for (const row of rows) {
    if (!isProfileRow(row)) continue;
    counts[row.status]++;
    if (row.status !== 'not_applicable') binding++;
    if (row.status !== 'missed') continue;
    const norm = context?.norms.find((n) => n.id === row.norm);
    const lacking = context !== undefined && norm?.type === 'presence' ? missingChannelTypes(norm, context.channels, context.on) : undefined;
    missing.push({ norm: row.norm, required: row.required, actual: row.actual, ...(lacking !== undefined && { missingChannelTypes: lacking }) });
  }
  const state: ProfileState = missing.length > 0 ? 'not_met' : binding > 0 ? 'met' : 'none';
  return { state, counts, missing };
}
