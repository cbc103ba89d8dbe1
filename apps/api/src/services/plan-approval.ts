import type { Kysely, Transaction } from 'kysely';
import type { Item } from '@ritm/contracts/items';
import type { PlanChanges, PlanSnapshotItem } from '@ritm/contracts/plans';
import { planStatusAfterContentChange } from '@ritm/domain/media-plan';
import { periodOf } from '@ritm/domain/period';
import { diffPlanSnapshot, planDaysTouched } from '@ritm/domain/plan-snapshot';
import type { DB } from '../db/schema.js';
import { recordAudit } from '../repositories/audit.js';
import { listPlanItems } from '../repositories/items.js';
import {
  findPlan,
  insertApproval,
  listApprovals,
  lockPlansCovering,
  namesOf,
  setPlanApproved,
  setPlansStatus,
  userNameOf,
  type PlanRecord,
} from '../repositories/plans.js';

/** An item as a plan shows and a director signs it (the domain's `PlanSnapshotItem`). */
export function snapshotItem(item: Item): PlanSnapshotItem {
  return {
    id: item.id,
    kind: item.kind,
    title: item.title,
    newsHook: item.newsHook,
    format: item.format,
    status: item.status,
    at: item.at,
    localDay: item.localDay,
    channelIds: item.channelIds,
    audienceIds: item.audienceIds,
    keyMessageIds: item.keyMessageIds,
    responsibleId: item.responsibleId,
  };
}

/** Every id a snapshot's items name (channels, audiences, key messages, people), to look their names up. */
export const namedIds = (items: readonly PlanSnapshotItem[]): string[] =>
  items.flatMap((item) => [...item.channelIds, ...item.audienceIds, ...item.keyMessageIds, ...(item.responsibleId === null ? [] : [item.responsibleId])]);

/** The plan's content now: every item on a local day of its period, in day order. */
export function planContent(db: Kysely<DB> | Transaction<DB>, plan: PlanRecord): Promise<Item[]> {
  return listPlanItems(db, plan.orgId, periodOf(plan.periodStart, plan.period));
}

/**
 * Records what the director signs: the plan's content as it is now, with the names of what it
 * names and the approver's name, in the transaction that approves it. The caller holds the plan's
 * row lock, so an item write of the period either committed before (and is in the snapshot) or
 * waits and then finds the plan approved (and marks it changed, see {@link notePlanContentChanged}).
 */
export async function recordApproval(trx: Transaction<DB>, plan: PlanRecord, options: { userId: string; at: Date }): Promise<void> {
  const items = (await planContent(trx, plan)).map(snapshotItem);
  await insertApproval(trx, {
    planId: plan.id,
    approvedBy: options.userId,
    approverName: await userNameOf(trx, options.userId),
    at: options.at,
    items,
    names: await namesOf(trx, namedIds(items)),
  });
}

/** Approves a plan the system made (the demo's), with its snapshot, after its items are written. */
export async function approveLoadedPlan(trx: Transaction<DB>, orgId: string, planId: string, options: { userId: string; at: Date }): Promise<void> {
  const plan = await findPlan(trx, orgId, planId, { forUpdate: true });
  if (plan === undefined) return;
  await setPlanApproved(trx, planId, { approvedBy: options.userId, at: options.at });
  await recordApproval(trx, plan, options);
}

/** How the plan's content now differs from its last approval; nothing is compared for a plan never approved. */
export async function planChanges(db: Kysely<DB>, plan: PlanRecord): Promise<PlanChanges> {
  const [approval] = await listApprovals(db, plan.id, 1);
  if (approval === undefined) return { approval: null, added: [], removed: [], changed: [], names: {} };
  const { items: approved, names: approvedNames, ...signed } = approval;
  const current = (await planContent(db, plan)).map(snapshotItem);
  // The domain reads lists as readonly; the contract's copies are plain arrays of the same values.
  const diff = diffPlanSnapshot(approved, current) as Pick<PlanChanges, 'added' | 'removed' | 'changed'>;
  // Names at approval for what was signed, today's for what came since.
  return { approval: signed, ...diff, names: { ...(await namesOf(db, namedIds(current))), ...approvedNames } };
}

/**
 * Marks the organisation's approved plans whose period holds any of `days` as changed since
 * approval (the domain's `planStatusAfterContentChange`), with an audit entry each, in the
 * caller's transaction (the one that writes the items).
 */
export async function markPlansOfDaysChanged(trx: Transaction<DB>, orgIds: string | readonly string[], userId: string | null, days: readonly string[]): Promise<void> {
  const plans = await lockPlansCovering(trx, orgIds, days);
  const moved = plans.filter((plan) => planStatusAfterContentChange(plan.status) !== plan.status);
  for (const status of new Set(moved.map((plan) => planStatusAfterContentChange(plan.status)))) {
    await setPlansStatus(
      trx,
      moved.filter((plan) => planStatusAfterContentChange(plan.status) === status).map((plan) => plan.id),
      status,
    );
  }
  for (const plan of moved) {
    await recordAudit(trx, {
      orgId: plan.orgId,
      userId,
      entity: 'media_plan',
      entityId: plan.id,
      action: 'content_changed',
      before: { status: plan.status },
      after: { status: planStatusAfterContentChange(plan.status), days: [...new Set(days)].sort() },
    });
  }
}

/**
 * The one call every item write makes (create, bulk, edit, move, status change, delete): the plans
 * whose content the write changed (see the domain's `planDaysTouched`) stop being approved.
 */
export async function notePlanContentChanged(
  trx: Transaction<DB>,
  orgId: string,
  userId: string | null,
  writes: ReadonlyArray<{ before?: Item | undefined; after?: Item | undefined }>,
): Promise<void> {
  const days = writes.flatMap(({ before, after }) => planDaysTouched(before && snapshotItem(before), after && snapshotItem(after)));
  await markPlansOfDaysChanged(trx, orgId, userId, days);
}
