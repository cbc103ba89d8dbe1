/**
 * Media plans (Mintrud rec. p.70: made for a week, a month or a quarter and
 * corrected as needed): their periods, their statuses and who may move a plan
 * from one status to another.
 */
import type { Capability } from './access.js';
import type { PeriodKind } from './period.js';

/** The periods a media plan is made for. */
export const PLAN_PERIODS = ['week', 'month', 'quarter'] as const satisfies readonly PeriodKind[];

/** A period a media plan is made for. */
export type PlanPeriod = (typeof PLAN_PERIODS)[number];

/**
 * Where a plan is in its life: a draft is being written, a submitted plan
 * waits for a director, an approved plan is in force (who and when are
 * recorded, with a snapshot of its items), a plan `changed` since approval had
 * an item of its period added, moved, edited or deleted after the director
 * signed it (see {@link planStatusAfterContentChange}), an archived plan is
 * kept for history.
 */
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'changed', 'archived'] as const;

/** A media plan's status. */
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/**
 * The statuses in which a plan waits for a director: submitted for approval, or
 * approved once and changed since, so its signature no longer covers it.
 */
export const PLAN_STATUSES_AWAITING_DIRECTOR = ['submitted', 'changed'] as const satisfies readonly PlanStatus[];

/** The moves between statuses, named as the audit log records them. */
export const PLAN_ACTIONS = ['submit', 'withdraw', 'return', 'approve', 'reopen', 'archive', 'unarchive'] as const;

/** A move of a plan from one status to another. */
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** One move: from which statuses, to which, what it takes and whether the mover must say why. */
export interface PlanTransitionRule {
  action: PlanAction;
  from: readonly PlanStatus[];
  to: PlanStatus;
  capability: Capability;
  /** The move needs a comment (recorded in the audit log): a returned plan says what to rework. */
  commentRequired: boolean;
}

/**
 * Every move a plan can make. Editors submit a draft (or a plan changed since
 * approval, to have it signed again) and withdraw it while it waits; directors
 * approve (a draft or a changed plan directly too), return a submitted or
 * changed plan with a comment, reopen an approved or changed plan, archive any
 * plan and bring an archived one back to draft. An archived plan is unarchived
 * before it is approved again. Nobody moves a plan to `changed`: an item write
 * does (see {@link planStatusAfterContentChange}).
 */
export const PLAN_TRANSITIONS: readonly PlanTransitionRule[] = [
  { action: 'submit', from: ['draft', 'changed'], to: 'submitted', capability: 'plan.edit', commentRequired: false },
  // Before `withdraw` and `reopen`: → draft with a comment, by someone who may return it, is a return.
  { action: 'return', from: ['submitted', 'changed'], to: 'draft', capability: 'plan.approve', commentRequired: true },
  { action: 'withdraw', from: ['submitted'], to: 'draft', capability: 'plan.edit', commentRequired: false },
  { action: 'approve', from: ['draft', 'submitted', 'changed'], to: 'approved', capability: 'plan.approve', commentRequired: false },
  { action: 'reopen', from: ['approved', 'changed'], to: 'draft', capability: 'plan.approve', commentRequired: false },
  { action: 'archive', from: ['draft', 'submitted', 'approved', 'changed'], to: 'archived', capability: 'plan.approve', commentRequired: false },
  { action: 'unarchive', from: ['archived'], to: 'draft', capability: 'plan.approve', commentRequired: false },
];

/**
 * Why a move is refused: the plan has that status already, no move leads from
 * its status to that one, the caller may not make it, or it needs a comment.
 */
export type PlanTransitionRefusal = 'same_status' | 'invalid_transition' | 'forbidden' | 'comment_required';

/** The move a request makes, or why it is refused. */
export type PlanTransitionDecision = { ok: true; rule: PlanTransitionRule } | { ok: false; refusal: PlanTransitionRefusal };

function hasComment(comment: string | undefined): boolean {
  return comment !== undefined && comment.trim() !== '';
}

/**
 * Decides a request to move a plan from `from` to `to` by a caller with
 * `capabilities`: the move it makes or why it is refused. Where two moves
 * lead the same way (submitted → draft), a comment makes it a return if the
 * caller may return, otherwise a withdrawal.
 *
 * @example decidePlanTransition('submitted', 'approved', ['org.read', 'plan.approve']) // { ok: true, rule: { action: 'approve', … } }
 * @example decidePlanTransition('submitted', 'draft', ['org.read', 'plan.approve']) // { ok: false, refusal: 'comment_required' }
 * @example decidePlanTransition('archived', 'approved', ['plan.approve']) // { ok: false, refusal: 'invalid_transition' }
 * @example decidePlanTransition('draft', 'submitted', ['org.read']) // { ok: false, refusal: 'forbidden' }
 */
export function decidePlanTransition(
  from: PlanStatus,
  to: PlanStatus,
  capabilities: readonly Capability[],
  comment?: string,
): PlanTransitionDecision {
  if (from === to) return { ok: false, refusal: 'same_status' };
  const leading = PLAN_TRANSITIONS.filter((rule) => rule.to === to && rule.from.includes(from));
  if (leading.length === 0) return { ok: false, refusal: 'invalid_transition' };
  const allowed = leading.filter((rule) => capabilities.includes(rule.capability));
  if (allowed.length === 0) return { ok: false, refusal: 'forbidden' };
  const rule = allowed.find((candidate) => !candidate.commentRequired || hasComment(comment));
  return rule === undefined ? { ok: false, refusal: 'comment_required' } : { ok: true, rule };
}

/**
 * The moves a caller with `capabilities` may make now from a plan's status, in
 * the order of {@link PLAN_TRANSITIONS}.
 *
 * @example planTransitionsFrom('submitted', ['org.read', 'plan.edit']).map((r) => r.action) // ['withdraw']
 * @example planTransitionsFrom('submitted', ['org.read', 'plan.approve']).map((r) => r.action) // ['return', 'approve', 'archive']
 */
export function planTransitionsFrom(status: PlanStatus, capabilities: readonly Capability[]): PlanTransitionRule[] {
  return PLAN_TRANSITIONS.filter((rule) => rule.from.includes(status) && capabilities.includes(rule.capability));
}

/**
 * The status a plan takes when an item of its period is created, edited,
 * moved in or out, or deleted: an approved plan no longer says what the
 * director signed, so it becomes `changed` until approved again; any other
 * status stays (a draft is being written, a submitted plan is re-read when
 * approved, an archived one is history).
 *
 * @example planStatusAfterContentChange('approved') // 'changed'
 * @example planStatusAfterContentChange('draft') // 'draft'
 */
export function planStatusAfterContentChange(status: PlanStatus): PlanStatus {
  return status === 'approved' ? 'changed' : status;
}

/**
 * Whether a plan moving to `to` leaves its return comment behind: the comment
 * tells the editor what to rework and stays until the plan is submitted again
 * (or a director approves it directly).
 *
 * @example clearsReturnComment('submitted') // true
 * @example clearsReturnComment('draft') // false
 */
export function clearsReturnComment(to: PlanStatus): boolean {
  return to === 'submitted' || to === 'approved';
}

/**
 * Whether a plan in a status may be deleted: only a draft; a plan that was
 * submitted is archived instead, so its history stays.
 *
 * @example isPlanDeletable('draft') // true
 * @example isPlanDeletable('approved') // false
 */
export function isPlanDeletable(status: PlanStatus): boolean {
  return status === 'draft';
}
