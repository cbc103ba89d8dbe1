import type { Transaction } from 'kysely';
import type { Plan, PlanCopied, PlanStatus } from '@ritm/contracts/plans';
import { nextPeriod, periodOf, type Period } from '@ritm/domain/period';
import { isProductDate, PRODUCT_RANGE } from '@ritm/domain/product-range';
import { copyPlanToNextPeriod } from '@ritm/domain/plan-ops';
import { can, type Role } from '../auth/access.js';
import { recordAudit } from '../audit/record.js';
import type { DB } from '../db/schema.js';
import type { HttpError } from '../http/errors.js';
import { badRequest, conflict, forbidden } from '../http/errors.js';
import { MESSAGES } from '../http/messages.js';
import { findItemsByIds, writeItemLinks } from '../repositories/items.js';
import type { OrgContext } from '../repositories/org-context.js';
import { planExists } from '../repositories/plans.js';
import { placeAt } from './items.js';

export const planConflict = (period: string, periodStart: string) =>
  conflict('plan_exists', `There is already a ${period} plan from ${periodStart}`);

/**
 * A plan's period must end inside the product's range (2100-12-31 at the latest): a week from
 * 2100-12-27 or the quarter after 2100's last one would hold days nothing else may store.
 * @throws 400 naming `path`.
 */
export function checkPlanPeriod(period: Period, path: string): void {
  if (!isProductDate(period.end)) {
    throw badRequest(MESSAGES.periodOutsideRange, [{ path, message: `the ${period.per} ends on ${period.end}, after ${PRODUCT_RANGE.to}` }]);
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
 * The audit action of a status change, after checking the caller may make it:
 * - draft → submitted (`submit`), submitted → draft (`withdraw`): edit;
 * - draft|submitted → approved (`approve`), submitted → draft with a comment (`return`),
 *   approved → draft (`reopen`), any → archived (`archive`), archived → draft (`unarchive`): approve.
 * A director (approve without edit) returning a submitted plan must say why.
 */
export function transitionFor(from: PlanStatus, to: PlanStatus, roles: readonly Role[], comment: string | undefined): string {
  const mayEdit = can(roles, 'edit');
  const mayApprove = can(roles, 'approve');
  const need = (allowed: boolean, action: string): string => {
    if (!allowed) throw forbidden();
    return action;
  };
  if (from === to) throw conflict('same_status', `The plan is ${from} already`);
  if (to === 'archived') return need(mayApprove, 'archive');
  if (to === 'approved') {
    if (from === 'archived') throw conflict('invalid_transition', 'Unarchive the plan (to draft) before approving it');
    return need(mayApprove, 'approve');
  }
  if (to === 'submitted') {
    if (from !== 'draft') throw conflict('invalid_transition', `A ${from} plan cannot be submitted`);
    return need(mayEdit, 'submit');
  }
  // to === 'draft'
  if (from === 'approved') return need(mayApprove, 'reopen');
  if (from === 'archived') return need(mayApprove, 'unarchive');
  if (mayApprove && (comment === undefined || comment.trim() === '') && !mayEdit) {
    throw badRequest(MESSAGES.returnReason, [{ path: 'body.comment', message: 'required when returning a plan' }]);
  }
  if (mayApprove && !mayEdit) return 'return';
  return need(mayEdit, comment ? 'return' : 'withdraw');
}

/**
 * Creates the next period's plan with copies of the plan's items, keeping weekdays and times of
 * day (domain `copyPlanToNextPeriod`); cancelled items stay behind, copies are planned. Channels,
 * audiences and key messages are copied with them. Runs in the caller's transaction.
 */
export async function copyPlan(
  trx: Transaction<DB>,
  org: OrgContext,
  plan: Plan,
  options: { userId: string; title?: string | undefined },
): Promise<PlanCopied> {
  const period = periodOf(plan.periodStart, plan.period);
  const next = nextPeriod(period);
  checkPlanPeriod(next, 'params.planId');
  if (await planExists(trx, org.id, plan.period, next.start)) throw planConflict(plan.period, next.start);
  const created = await trx
    .insertInto('media_plans')
    .values({ org_id: org.id, period: plan.period, period_start: next.start, title: options.title ?? plan.title, created_by: options.userId })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow()
    .catch(rethrowUnique(() => planConflict(plan.period, next.start)));

  const rows = await trx
    .selectFrom('items')
    .select(['id', 'kind', 'title', 'news_hook', 'format', 'status', 'at_date', 'at_instant', 'responsible_id', 'notes', 'channel_ids'])
    .where('plan_id', '=', plan.id)
    .execute();
  const sources = await findItemsByIds(trx, rows.map((r) => r.id));
  const byId = new Map(sources.map((item) => [item.id, item]));
  const copies = copyPlanToNextPeriod(
    sources.map((item) => ({ id: item.id, kind: item.kind, channels: item.channelIds, status: item.status, at: item.at })),
    period,
    { timeZone: org.timeZone, newId: (item) => item.id },
  );
  let ids: string[] = [];
  if (copies.length > 0) {
    const inserted = await trx
      .insertInto('items')
      .values(
        copies.map((copy) => {
          const source = byId.get(copy.id)!;
          const at = placeAt(copy.at, org.timeZone)!;
          return {
            org_id: org.id,
            plan_id: created.id,
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
          };
        }),
      )
      .returning('id')
      .execute();
    ids = inserted.map((row) => row.id);
    await writeItemLinks(trx, ids, copies.map((copy) => byId.get(copy.id)!), false);
  }
  await recordAudit(trx, {
    orgId: org.id,
    userId: options.userId,
    entity: 'media_plan',
    entityId: created.id,
    action: 'copy',
    after: { from: plan.id, period: plan.period, periodStart: next.start, items: ids },
  });
  return { id: created.id, version: created.version, periodStart: next.start, itemCount: ids.length };
}
