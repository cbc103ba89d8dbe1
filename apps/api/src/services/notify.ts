import type { Transaction } from 'kysely';
import type { Item } from '@ritm/contracts/items';
import type { PlanAction } from '@ritm/domain/media-plan';
import { itemAssignee, planApprovers, planOutcomeRecipients } from '@ritm/domain/notification-recipients';
import type { NotificationPayload } from '@ritm/domain/notifications';
import type { DB } from '../db/schema.js';
import type { PlanRecord } from '../repositories/plans.js';
import {
  activeMembersAmong,
  insertManyNotifications,
  insertNotifications,
  lastSubmitterOf,
  rolesGivenAlong,
  userNameOf,
  type NotificationToSend,
} from '../repositories/notifications.js';

// Telling people of what was just written, in the transaction that wrote it (issue 14): a change
// rolled back tells nobody, and a change made tells exactly once (the subject carries the version
// the write produced). Who is told is the domain's rule (notification-recipients.ts); this file
// gathers the candidates and copies into the payload what the text will need.

/** The organisation a notification is about, as it is named now. */
export interface NamedOrg {
  id: string;
  name: string;
}

/**
 * After a plan moved: a submission asks its approvers; an approval or a return tells its author and
 * last submitter (a return with the director's comment). Other moves (withdraw, reopen, archive…)
 * tell nobody. `plan` is the plan after the move.
 */
export async function notifyPlanTransition(
  trx: Transaction<DB>,
  input: { org: NamedOrg; plan: PlanRecord; action: PlanAction; actor: { id: string; name: string }; comment?: string | undefined },
): Promise<void> {
  const { org, plan, action, actor } = input;
  const about = { orgId: org.id, orgName: org.name, planId: plan.id, planTitle: plan.title, actorName: actor.name };
  let userIds: string[];
  let payload: NotificationPayload;
  switch (action) {
    case 'submit':
      userIds = planApprovers(await rolesGivenAlong(trx, org.id), actor.id);
      payload = { kind: 'plan_submitted', ...about };
      break;
    case 'approve':
    case 'return': {
      const submittedBy = await lastSubmitterOf(trx, plan.id);
      const members = await activeMembersAmong(trx, org.id, [plan.createdBy, submittedBy].filter((id): id is string => id !== null));
      userIds = planOutcomeRecipients({ createdBy: plan.createdBy, submittedBy, actorId: actor.id, members });
      payload = action === 'approve' ? { kind: 'plan_approved', ...about } : { kind: 'plan_returned', ...about, comment: (input.comment ?? '').trim() };
      break;
    }
    default:
      return;
  }
  await insertNotifications(trx, { userIds, payload, subject: `plan:${plan.id}:${action}:${plan.version}` });
}

/**
 * After items were written: each person made responsible for an item by someone else is told (a
 * new item with them, or a change of person). `before` is absent for a new item. The write has
 * already checked that the person may be responsible (active, of the tree), in this transaction.
 */
export async function notifyAssignments(
  trx: Transaction<DB>,
  org: NamedOrg,
  changes: ReadonlyArray<{ before?: Item | undefined; after: Item }>,
  actorId: string | null,
): Promise<void> {
  // Occurrences of one series given to one person are one assignment: they hear of the earliest.
  const told = new Map<string, { assignee: string; item: Item }>();
  for (const { before, after } of changes) {
    const assignee = itemAssignee({ before: before?.responsibleId, after: after.responsibleId, actorId });
    if (assignee === undefined) continue;
    const key = after.seriesId === null ? `item:${after.id}` : `series:${after.seriesId}:${assignee}`;
    const first = told.get(key);
    if (first === undefined || after.localDay < first.item.localDay) told.set(key, { assignee, item: after });
  }
  const assigned = [...told.values()];
  if (assigned.length === 0) return;
  const actorName = await userNameOf(trx, actorId);
  const sends: NotificationToSend[] = assigned.map(({ assignee, item }) => ({
    userIds: [assignee],
    payload: { kind: 'item_assigned', orgId: org.id, orgName: org.name, itemId: item.id, itemTitle: item.title, day: item.localDay, actorName },
    subject: `item:${item.id}:${assignee}:${item.version}`,
  }));
  await insertManyNotifications(trx, sends);
}
