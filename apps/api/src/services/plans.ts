import type { Transaction } from 'kysely';
import type { Plan, PlanCopied } from '@ritm/contracts/plans';
import { capabilitiesOf } from '@ritm/domain/access';
import { capabilitiesInArchive } from '@ritm/domain/org-archive';
import { decidePlanTransition, planTransitionsFrom, type PlanAction, type PlanStatus } from '@ritm/domain/media-plan';
import { nextPeriod, periodOf, type Period } from '@ritm/domain/period';
import { isProductDate, PRODUCT_RANGE } from '@ritm/domain/product-range';
import { copyPlanToNextPeriod } from '@ritm/domain/plan-ops';
import { withoutCalendarDuplicates } from '@ritm/domain/plan-snapshot';
import type { Role } from '../auth/access.js';
import { recordAudit } from '../repositories/audit.js';
import type { DB, MediaPlansTable } from '../db/schema.js';
import type { HttpError } from '../http/errors.js';
import { badRequest, conflict, forbidden } from '../http/errors.js';
import { message } from '../http/messages.js';
import { insertItems, listPlanItems, writeItemLinks } from '../repositories/items.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { findPlan, insertPlan, planIdOf, type PlanRecord } from '../repositories/plans.js';
import { placeAt } from './items.js';
import { markPlansOfDaysChanged } from './plan-approval.js';

export const planConflict = (period: MediaPlansTable['period'], periodStart: string) =>
  conflict('plan_exists', message('planExists', { period: message(`period.${period}`), periodStart }));

/**
 * A plan's period must end inside the product's range (2100-12-31 at the latest): a week from
 * 2100-12-27 or the quarter after 2100's last one would hold days nothing else may store.
 * @throws 400 naming `path`.
 */
export function checkPlanPeriod(period: Period, path: string): void {
  if (!isProductDate(period.end)) {
    throw badRequest('periodOutsideRange', [{ path, message: message('fieldPeriodEndsAfter', { period: message(`period.${period.per}`), end: period.end, last: PRODUCT_RANGE.to }) }]);
  }
}

/** Turns a unique-constraint violation (SQLSTATE 23505) into the given error; anything else passes. */
export function rethrowUnique(error: () => HttpError) {
  return (cause: unknown): never => {
    if ((cause as { code?: unknown }).code === '23505') throw error();
    throw cause;
  };
}

/**
 * The audit action of a status change (the domain's `PLAN_TRANSITIONS`), after checking the
 * caller may make it: 409 when the plan has that status already or no move leads there, 403 when
 * the caller's roles do not allow it, 400 when a director returns a plan without saying why.
 */
export function transitionFor(from: PlanStatus, to: PlanStatus, roles: readonly Role[], comment: string | undefined): PlanAction {
  const decision = decidePlanTransition(from, to, capabilitiesOf(roles), comment);
  if (decision.ok) return decision.rule.action;
  switch (decision.refusal) {
    case 'same_status':
      throw conflict('same_status', message('planSameStatus', { status: message(`status.${from}`) }));
    case 'invalid_transition':
      if (to === 'submitted') throw conflict('invalid_transition', message('planCannotSubmit', { status: message(`status.${from}`) }));
      if (from === 'archived') throw conflict('invalid_transition', 'planUnarchiveFirst');
      throw conflict('invalid_transition', message('planCannotBecome', { from: message(`status.${from}`), to: message(`status.${to}`) }));
    case 'forbidden':
      throw forbidden();
    case 'comment_required':
      throw badRequest('returnReason', [{ path: 'body.comment', message: message('fieldReturnReason') }]);
  }
}

/**
 * A plan as the caller sees it: with the moves their roles let them make now — none while its
 * organisation is in an archive (`inArchive`), where every write is refused.
 */
export function presentPlan(plan: PlanRecord, roles: readonly Role[], inArchive = false): Plan {
  const transitions = planTransitionsFrom(plan.status, capabilitiesInArchive(capabilitiesOf(roles), inArchive));
  return { ...plan, transitions: transitions.map((rule) => ({ action: rule.action, status: rule.to, commentRequired: rule.commentRequired })) };
}

/**
 * Copies a plan's content (every item of its period, see `listPlanItems`) into the next period,
 * keeping weekdays and times of day (domain `copyPlanToNextPeriod`): cancelled items stay behind,
 * copies are planned, with their channels, audiences and key messages. The copies go into the next
 * period's plan, made here as a draft when there is none; an archived one refuses (409). A copy
 * the same as an item already on the calendar there (domain `isSameCalendarItem`) is skipped and
 * counted. Copies into an approved plan make it changed since approval. Runs in the caller's
 * transaction.
 */
export async function copyPlan(
  trx: Transaction<DB>,
  org: OrganisationContext,
  plan: PlanRecord,
  options: { userId: string; title?: string | undefined },
): Promise<PlanCopied> {
  const period = periodOf(plan.periodStart, plan.period);
  const next = nextPeriod(period);
  checkPlanPeriod(next, 'params.planId');
  const existingId = await planIdOf(trx, org.id, plan.period, next.start);
  // Not locked here: the plans the copies touch are locked in id order with the rest (markPlansOfDaysChanged).
  const existing = existingId === undefined ? undefined : await findPlan(trx, org.id, existingId);
  if (existing?.status === 'archived') {
    throw conflict('plan_archived', message('planCopyIntoArchived', { period: message(`period.${plan.period}`), periodStart: next.start }));
  }
  const target =
    existing ??
    (await insertPlan(trx, { orgId: org.id, period: plan.period, periodStart: next.start, title: options.title ?? plan.title, createdBy: options.userId }).catch(
      rethrowUnique(() => planConflict(plan.period, next.start)),
    ));

  const sources = await listPlanItems(trx, org.id, period);
  const byId = new Map(sources.map((item) => [item.id, item]));
  const copies = copyPlanToNextPeriod(
    sources.map((item) => ({ id: item.id, kind: item.kind, channels: item.channelIds, status: item.status, at: item.at })),
    period,
    { timeZone: org.timeZone, newId: (item) => item.id },
  ).map((copy) => {
    const source = byId.get(copy.id)!;
    const at = placeAt(copy.at, org.timeZone)!;
    return { source, at, localDay: at.localDay, title: source.title, kind: source.kind, channelIds: source.channelIds };
  });
  const { kept, skipped } = withoutCalendarDuplicates(copies, await listPlanItems(trx, org.id, next));
  const ids = await insertItems(
    trx,
    kept.map(({ source, at }) => ({
      org_id: org.id,
      plan_id: target.id,
      kind: source.kind,
      title: source.title,
      news_hook: source.newsHook,
      format: source.format,
      status: 'planned' as const,
      at_date: at.atDate,
      at_instant: at.atInstant,
      local_day: at.localDay,
      responsible_id: source.responsibleId,
      notes: source.notes,
      channel_ids: [...source.channelIds].sort(),
      created_by: options.userId,
      updated_by: options.userId,
    })),
  );
  await writeItemLinks(trx, ids, kept.map(({ source }) => source), false);
  await markPlansOfDaysChanged(trx, org.id, options.userId, kept.map((copy) => copy.localDay));
  await recordAudit(trx, {
    orgId: org.id,
    userId: options.userId,
    entity: 'media_plan',
    entityId: target.id,
    action: 'copy',
    after: { from: plan.id, period: plan.period, periodStart: next.start, items: ids, skipped, created: existing === undefined },
  });
  const version = existing === undefined ? target.version : (await findPlan(trx, org.id, target.id))!.version;
  return { id: target.id, version, periodStart: next.start, itemCount: ids.length, skipped, created: existing === undefined };
}
