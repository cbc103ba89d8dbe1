/**
 * Who is told what (issue 14). The API gathers the candidates (roles given at an organisation and
 * above it, a plan's author and last submitter, an item's responsible person before and after);
 * these rules choose among them. The candidates are people still active and still holding a role
 * in the organisation: whoever was deactivated or left is never told anything.
 */
import { hasCapability, type Role } from './access.js';
import type { ComplianceRow } from './compliance.js';

/** A role given to a person at an organisation, with how deep that organisation lies (the root is 0). */
export interface RoleGiven {
  userId: string;
  role: Role;
  depth: number;
}

/**
 * Who is asked to approve a submitted plan: the people with `plan.approve` by a role given at the
 * plan's organisation, or, when it has none, at the nearest organisation above that has some (a
 * federal director is not told of every centre's plan, only of the plans of those with no
 * director of their own). Never the person who submitted it.
 *
 * @param roles roles given at the plan's organisation and at each organisation above it
 * @example planApprovers([{ userId: 'fed', role: 'director', depth: 0 }, { userId: 'dir', role: 'director', depth: 2 }], 'ed') // ['dir']
 * @example planApprovers([{ userId: 'fed', role: 'director', depth: 0 }, { userId: 'ed', role: 'editor', depth: 2 }], 'ed') // ['fed']
 */
export function planApprovers(roles: readonly RoleGiven[], actorId: string | null): string[] {
  return nearestHolding(roles, (given) => hasCapability([given.role], 'plan.approve'), actorId);
}

/**
 * Who hears of news proposed upwards to an organisation (issue 15): the people who can act on it
 * there — editors (who plan it) and directors (who decide what the organisation says) — by a role
 * given at that organisation, or, when it has none, at the nearest organisation above that has
 * some (as {@link planApprovers}). Never the proposer themselves.
 *
 * @param roles roles given at the asked organisation and at each organisation above it
 * @example proposalReceivers([{ userId: 'fed', role: 'editor', depth: 0 }, { userId: 'dir', role: 'director', depth: 1 }], 'p') // ['dir']
 */
export function proposalReceivers(roles: readonly RoleGiven[], actorId: string | null): string[] {
  return nearestHolding(roles, (given) => hasCapability([given.role], 'item.edit') || hasCapability([given.role], 'plan.approve'), actorId);
}

/** The people of the deepest organisation with a role that `fits`, but the actor. */
function nearestHolding(roles: readonly RoleGiven[], fits: (given: RoleGiven) => boolean, actorId: string | null): string[] {
  const fitting = roles.filter(fits);
  if (fitting.length === 0) return [];
  const nearest = Math.max(...fitting.map((given) => given.depth));
  return unique(fitting.filter((given) => given.depth === nearest).map((given) => given.userId)).filter((id) => id !== actorId);
}

/**
 * Who hears that a plan was approved or returned: its author and whoever submitted it last, not the
 * director who decided, and only those still among `members` (active, with a role in the
 * organisation).
 *
 * @example planOutcomeRecipients({ createdBy: 'a', submittedBy: 'b', actorId: 'd', members: new Set(['a', 'b']) }) // ['a', 'b']
 * @example planOutcomeRecipients({ createdBy: 'a', submittedBy: 'a', actorId: 'd', members: new Set(['a']) }) // ['a']
 */
export function planOutcomeRecipients(input: {
  createdBy: string | null;
  submittedBy: string | null;
  actorId: string | null;
  members: ReadonlySet<string>;
}): string[] {
  const candidates = [input.createdBy, input.submittedBy].filter((id): id is string => id !== null);
  return unique(candidates).filter((id) => id !== input.actorId && input.members.has(id));
}

/**
 * Who is told an item is theirs: the new responsible person, when the write made someone
 * responsible who was not before (a new item with one, or a change of person), unless they did it
 * themselves. `before` is undefined for a new item.
 *
 * @example itemAssignee({ before: 'a', after: 'b', actorId: 'a' }) // 'b'
 * @example itemAssignee({ before: 'b', after: 'b', actorId: 'a' }) // undefined (no change)
 * @example itemAssignee({ before: undefined, after: 'a', actorId: 'a' }) // undefined (their own doing)
 */
export function itemAssignee(input: { before: string | null | undefined; after: string | null; actorId: string | null }): string | undefined {
  const { before, after, actorId } = input;
  if (after === null || after === before || after === actorId) return undefined;
  return after;
}

/**
 * Who is warned that a norm of an organisation is at risk: whoever holds, by a role given at the
 * organisation itself (not inherited from above: a regional director learns of a centre's norms
 * from the digest), a role that edits items or approves plans — the people who can still act.
 *
 * @param roles roles given at the organisation itself
 * @example normAtRiskRecipients([{ userId: 'e', role: 'editor', depth: 2 }, { userId: 'v', role: 'viewer', depth: 2 }]) // ['e']
 */
export function normAtRiskRecipients(roles: readonly RoleGiven[]): string[] {
  return unique(roles.filter((given) => hasCapability([given.role], 'item.edit') || hasCapability([given.role], 'plan.approve')).map((given) => given.userId));
}

/**
 * issue 15 — who is told a material came to an organisation: whoever edits items there by a role
 * given at the organisation itself (editors and administrators of a primary, not the central
 * committee's editors inherited from above, who would hear of every target), never the sender.
 *
 * @param roles roles given at the target organisation itself
 * @example materialRecipients([{ userId: 'e', role: 'editor', depth: 2 }, { userId: 'v', role: 'viewer', depth: 2 }], 's') // ['e']
 */
export function materialRecipients(roles: readonly RoleGiven[], actorId: string | null): string[] {
  return unique(roles.filter((given) => hasCapability([given.role], 'item.edit')).map((given) => given.userId)).filter((id) => id !== actorId);
}

/** A norm at risk in its current period: what a `norm_at_risk` notification tells. */
export interface NormAtRisk {
  norm: string;
  periodStart: string;
  periodEnd: string;
  /** Counted so far and required (of the worst channel, for a per-channel norm). */
  done: number;
  required: number;
}

/**
 * The norms an organisation risks missing now: its `at_risk` rows whose period holds `today`, one
 * per norm — a per-channel norm at risk on several channels is one warning, counted on the channel
 * furthest behind. Past and future periods warn nobody (the digest speaks of those).
 *
 * @example normsAtRiskNow([{ norm: 'weekly_posts', channel: null, periodStart: '2026-11-23', periodEnd: '2026-11-29', required: 2, actual: 1, planned: 0, overdue: 0, status: 'at_risk' }], '2026-11-26')
 * // [{ norm: 'weekly_posts', periodStart: '2026-11-23', periodEnd: '2026-11-29', done: 1, required: 2 }]
 */
export function normsAtRiskNow(rows: readonly ComplianceRow[], today: string): NormAtRisk[] {
  const worst = new Map<string, NormAtRisk>();
  for (const row of rows) {
    if (row.status !== 'at_risk' || row.periodStart === null || row.periodEnd === null) continue;
    if (row.periodStart > today || row.periodEnd < today) continue;
    const found = worst.get(row.norm);
    const short = row.required - row.actual;
    if (found === undefined || short > found.required - found.done) {
      worst.set(row.norm, { norm: row.norm, periodStart: row.periodStart, periodEnd: row.periodEnd, done: row.actual, required: row.required });
    }
  }
  return [...worst.values()];
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
