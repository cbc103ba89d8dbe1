import type { Kysely, Transaction } from 'kysely';
import type { Item } from '@ritm/contracts/items';
import type { Material, MaterialCreate, PlacementAdapt, PlacementPlace, ReceivedMaterial } from '@ritm/contracts/materials';
import { isEventKind, statusClass } from '@ritm/domain/item';
import { checkMaterialDates, resolveMaterialTargets, type MaterialTarget, type TargetProblem } from '@ritm/domain/materials';
import { allowedChannelTypes } from '@ritm/domain/plan-ops';
import { materialRecipients } from '@ritm/domain/notification-recipients';
import { localDateOf } from '@ritm/domain/time-zone';
import type { DB } from '../db/schema.js';
import { badRequest, conflict, HttpError, notFound } from '../http/errors.js';
import { message, type Detail } from '../http/messages.js';
import { recordAudit } from '../repositories/audit.js';
import { findItem } from '../repositories/items.js';
import {
  activeChannelsOfTypes,
  answerPlacement,
  cancelOpenTasks,
  findVisibleMaterial,
  insertMaterial,
  insertPlacementTasks,
  listMaterialAttachments,
  listMaterials,
  listPlacementsJson,
  lockPlacement,
  ownPlacements,
  targetCandidatesBelow,
  timeZonesIn,
  type MaterialRecord,
  type Todays,
} from '../repositories/materials.js';
import { activeMembersAmong, insertManyNotifications, insertNotifications, rolesGivenAt } from '../repositories/notifications.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { patchItem } from './items.js';
import { markPlansOfDaysChanged } from './plan-approval.js';

// Materials cascading down the tree (issue 15). The placement tasks are ordinary items, but a
// material to 2,500 organisations cannot go through `createItems` one organisation at a time
// (2,500 × its checks and inserts): it is written set-based (repositories/materials.ts) after the
// same checks `createItems` makes, done once for all targets — every target is below the sender
// and live, the kind fits each chosen channel type (so each target's channels of those types fit
// it), the day is a local date in the product's range (the contract), no plan, no responsible
// person, audiences or key messages to check, status planned (no "done in the future" rule). The
// plans whose period holds the day are marked changed as for any item write, for all targets in
// one statement. One audit entry is written for the material, not one per task item.

type Db = Kysely<DB> | Transaction<DB>;

/** Today in each zone of the subtree at `path`, from the injected clock (see repositories/materials.ts). */
export async function todaysIn(db: Db, path: string, now: Date): Promise<Todays> {
  const zones = await timeZonesIn(db, path);
  return Object.fromEntries(zones.map((zone) => [zone, localDateOf(now.getTime(), zone)]));
}

const TARGET_PROBLEM_MESSAGES: Record<TargetProblem, 'materialTargetNotBelow' | 'materialTargetArchived'> = {
  not_below_sender: 'materialTargetNotBelow',
  archived: 'materialTargetArchived',
};

/** The material's target choice from the request, or 400 naming what is wrong with it. */
function targetOf(input: MaterialCreate): MaterialTarget {
  if (input.targetOrgIds !== undefined && input.targetSubtree === undefined) {
    if (input.targetKinds !== undefined) throw badRequest('materialInvalid', [{ path: 'body.targetKinds', message: message('materialTargetKindsAlone') }]);
    return { orgIds: input.targetOrgIds };
  }
  if (input.targetSubtree === true && input.targetOrgIds === undefined) return { subtree: true, kinds: input.targetKinds ?? [] };
  throw badRequest('materialInvalid', [{ path: input.targetOrgIds === undefined ? 'body.targetOrgIds' : 'body.targetSubtree', message: message('materialTargetChoice') }]);
}

/**
 * Sends a material: checks it, writes it, puts a placement task on every target's calendar, marks
 * their plans of that day changed, tells each target's editors. All in the caller's transaction.
 */
export async function sendMaterial(
  trx: Transaction<DB>,
  sender: OrganisationContext,
  input: MaterialCreate,
  options: { userId: string; now: Date },
): Promise<MaterialRecord> {
  const target = targetOf(input);
  const kind = input.kind ?? 'post';
  const placeOn = input.placeOn ?? input.deadline;
  const channelTypes = input.channelTypes ?? [];
  const issues: Detail[] = [];
  if (checkMaterialDates({ placeOn, deadline: input.deadline })) issues.push({ path: 'body.placeOn', message: message('materialPlaceOnAfterDeadline', { deadline: input.deadline }) });
  const allowed = allowedChannelTypes(kind);
  channelTypes.forEach((type, i) => {
    if (allowed !== undefined && !allowed.includes(type)) issues.push({ path: `body.channelTypes[${i}]`, message: message('materialChannelTypeNotForKind', { kind }) });
  });
  const candidates = await targetCandidatesBelow(trx, sender);
  const resolved = resolveMaterialTargets(candidates, target);
  for (const { index, problem } of resolved.problems) issues.push({ path: `body.targetOrgIds[${index}]`, message: message(TARGET_PROBLEM_MESSAGES[problem]) });
  if (resolved.orgIds.length === 0 && resolved.problems.length === 0) issues.push({ path: 'body.targetSubtree', message: message('materialTargetsNone') });
  if (issues.length > 0) throw badRequest('materialInvalid', issues);

  const materialId = await insertMaterial(trx, {
    orgId: sender.id,
    title: input.title,
    text: input.text,
    kind,
    channelTypes,
    placeOn,
    deadline: input.deadline,
    target: 'orgIds' in target ? { orgIds: target.orgIds } : target,
    createdBy: options.userId,
    createdAt: options.now,
  });
  const channels = await activeChannelsOfTypes(trx, resolved.orgIds, channelTypes);
  const channelsOf = new Map<string, string[]>();
  for (const channel of channels) channelsOf.set(channel.orgId, [...(channelsOf.get(channel.orgId) ?? []), channel.id]);
  await insertPlacementTasks(
    trx,
    { materialId, kind, title: input.title, notes: input.text, day: placeOn, userId: options.userId },
    resolved.orgIds.map((orgId) => ({ orgId, channelIds: channelsOf.get(orgId) ?? [] })),
  );
  await markPlansOfDaysChanged(trx, resolved.orgIds, options.userId, [placeOn]);
  const material = (await findVisibleMaterial(trx, materialId, sender.path))!;
  await notifyReceived(trx, material, new Map(candidates.map((c) => [c.id, c.name])), resolved.orgIds, options.userId);
  await recordAudit(trx, {
    orgId: sender.id,
    userId: options.userId,
    entity: 'material',
    entityId: materialId,
    action: 'create',
    after: { title: material.title, kind, channelTypes, placeOn, deadline: input.deadline, target: material.target, targets: resolved.orgIds.length },
  });
  return material;
}

/** Tells the editors of each target that a material came (the domain's `materialRecipients`). */
async function notifyReceived(trx: Transaction<DB>, material: MaterialRecord, names: ReadonlyMap<string, string>, orgIds: readonly string[], actorId: string): Promise<void> {
  const roles = await rolesGivenAt(trx, orgIds);
  const sends = orgIds.flatMap((orgId) => {
    const userIds = materialRecipients(roles.get(orgId) ?? [], actorId);
    if (userIds.length === 0) return [];
    return [
      {
        userIds,
        subject: `material:${material.id}:received`,
        payload: {
          kind: 'material_received' as const,
          orgId,
          orgName: names.get(orgId) ?? '',
          materialId: material.id,
          materialTitle: material.title,
          fromOrgName: material.orgName,
          day: material.placeOn,
          deadline: material.deadline,
        },
      },
    ];
  });
  await insertManyNotifications(trx, sends);
}

/** A material as the API answers it, with the tally of the placements the viewer may see. */
function toMaterial(record: MaterialRecord, tally: Material['tally'], attachments: Material['attachments']): Material {
  const { orgPath: _path, target, ...rest } = record;
  return { ...rest, target: target as Material['target'], tally, attachments };
}

/**
 * A material with the placements of the viewer's subtree (every one for the sender's readers), as
 * the JSON text of a `MaterialDetail`: the placements come written by the database (2,500 of them
 * on a rate screen) and are not parsed and serialised again.
 */
export async function materialDetailJson(db: Db, viewer: OrganisationContext, materialId: string, now: Date): Promise<string | undefined> {
  const record = await findVisibleMaterial(db, materialId, viewer.path);
  if (record === undefined) return undefined;
  const todays = await todaysIn(db, viewer.path, now);
  const [{ placements, tally }, attachments] = await Promise.all([listPlacementsJson(db, materialId, viewer.path, todays), listMaterialAttachments(db, [materialId])]);
  const material = JSON.stringify(toMaterial(record, tally, attachments.get(materialId) ?? []));
  return `${material.slice(0, -1)},"placements":${placements}}`;
}

/** One material the organisation sent, with its tally (what a send answers, without 2,500 placements). */
export async function sentMaterial(db: Db, sender: OrganisationContext, materialId: string, now: Date): Promise<Material | undefined> {
  const todays = await todaysIn(db, sender.path, now);
  const [record] = await listMaterials(db, { orgId: sender.id, orgPath: sender.path, direction: 'sent', open: false, todays, materialId });
  if (record === undefined) return undefined;
  const attachments = await listMaterialAttachments(db, [materialId]);
  return toMaterial(record, record.tally, attachments.get(materialId) ?? []);
}

/** Materials sent by the organisation or below it, each with the tally of the viewer's subtree. */
export async function materialList(db: Db, viewer: OrganisationContext, query: { direction: 'sent' | 'below'; open: boolean }, now: Date): Promise<Material[]> {
  const todays = await todaysIn(db, viewer.path, now);
  const records = await listMaterials(db, { orgId: viewer.id, orgPath: viewer.path, direction: query.direction, open: query.open, todays });
  const attachments = await listMaterialAttachments(db, records.map((r) => r.id));
  return records.map((r) => toMaterial(r, r.tally, attachments.get(r.id) ?? []));
}

/** What was sent to the organisation, each with its own placement, newest first. */
export async function receivedMaterials(db: Db, viewer: OrganisationContext, now: Date, materialId?: string): Promise<ReceivedMaterial[]> {
  const todays = await todaysIn(db, viewer.path, now);
  const records = await listMaterials(db, { orgId: viewer.id, orgPath: viewer.path, direction: 'received', open: false, todays, ...(materialId !== undefined && { materialId }) });
  const attachments = await listMaterialAttachments(db, records.map((r) => r.id));
  const placements = await ownPlacements(db, records.map((r) => r.id), viewer.path, todays, viewer.id);
  const received: ReceivedMaterial[] = [];
  for (const record of records) {
    const placement = placements.get(record.id);
    if (placement) received.push({ material: toMaterial(record, record.tally, attachments.get(record.id) ?? []), placement });
  }
  return received;
}

/** One material sent to the organisation, with its own placement (what an answer returns). */
export async function receivedMaterial(db: Db, viewer: OrganisationContext, materialId: string, now: Date): Promise<ReceivedMaterial | undefined> {
  return (await receivedMaterials(db, viewer, now, materialId))[0];
}

/** The target's own placement task, locked with its placement; 404/409 when there is none to answer. */
async function openTask(trx: Transaction<DB>, target: OrganisationContext, materialId: string) {
  const material = await findVisibleMaterial(trx, materialId, target.path);
  const placement = material && (await lockPlacement(trx, materialId, target.id));
  if (!material || !placement) throw notFound('material');
  if (placement.declineReason !== null) throw conflict('placement_declined', 'placementDeclined');
  const item = placement.itemId === null ? undefined : await findItem(trx, target.id, placement.itemId);
  if (!item) throw conflict('placement_task_missing', 'placementTaskMissing');
  return { material, item };
}

export type AnswerResult = { item: Item; before: Item; material: MaterialRecord };

/**
 * The target places the material: its task item is published (held, for an event) through the
 * items' own writing code, with the URL given or the photos already attached to it; without
 * either, 400 `placement_needs_evidence`. A task planned for a later day is placed today.
 */
export async function placeMaterial(trx: Transaction<DB>, target: OrganisationContext, materialId: string, body: PlacementPlace, options: { userId: string; now: Date }): Promise<AnswerResult> {
  const { material, item } = await openTask(trx, target, materialId);
  const url = body.url ?? item.url;
  if (url === null && item.attachmentCount === 0) {
    throw new HttpError(400, 'placement_needs_evidence', message('placementNeedsEvidence'), [{ path: 'body.url', message: message('placementNeedsEvidence') }]);
  }
  const today = localDateOf(options.now.getTime(), target.timeZone);
  const after = await patchItem(
    trx,
    target,
    item,
    {
      status: isEventKind(item.kind) ? 'held' : 'published',
      url,
      publishedAt: body.publishedAt ?? item.publishedAt ?? options.now.toISOString(),
      ...(item.localDay > today && { at: today }),
    },
    item.version,
    options,
  );
  await answerPlacement(trx, materialId, target.id, { answeredBy: options.userId, answeredAt: options.now });
  return { item: after, before: item, material };
}

/** The target adapts the text: its task item takes the title and the text (as its notes). */
export async function adaptMaterial(trx: Transaction<DB>, target: OrganisationContext, materialId: string, body: PlacementAdapt, options: { userId: string; now: Date }): Promise<AnswerResult> {
  const { material, item } = await openTask(trx, target, materialId);
  const after = await patchItem(trx, target, item, { notes: body.text, ...(body.title !== undefined && { title: body.title }) }, item.version, options);
  await answerPlacement(trx, materialId, target.id, { adapted: true });
  return { item: after, before: item, material };
}

/** The target declines with a reason: its task item is cancelled and the material's author is told. */
export async function declineMaterial(trx: Transaction<DB>, target: OrganisationContext, materialId: string, reason: string, options: { userId: string; now: Date }): Promise<AnswerResult> {
  const { material, item } = await openTask(trx, target, materialId);
  if (statusClass(item.status) === 'done') throw conflict('placement_placed', 'placementPlaced');
  const after = await patchItem(trx, target, item, { status: 'cancelled' }, item.version, options);
  await answerPlacement(trx, materialId, target.id, { declineReason: reason.trim(), answeredBy: options.userId, answeredAt: options.now });
  const author = material.createdBy?.id;
  if (author !== undefined && author !== options.userId && (await activeMembersAmong(trx, material.orgId, [author])).has(author)) {
    await insertNotifications(trx, {
      userIds: [author],
      subject: `material:${material.id}:declined:${target.id}`,
      payload: {
        kind: 'placement_declined',
        orgId: material.orgId,
        orgName: material.orgName,
        materialId: material.id,
        materialTitle: material.title,
        targetOrgName: target.name,
        reason: reason.trim(),
      },
    });
  }
  return { item: after, before: item, material };
}

/**
 * Withdraws a material: the tasks not yet done are cancelled (their plans marked changed), placed
 * ones stay as the items they are; the material and its placements go.
 */
export async function withdrawMaterial(trx: Transaction<DB>, materialId: string, userId: string): Promise<number> {
  const cancelled = await cancelOpenTasks(trx, materialId, userId);
  // Tasks share the material's day unless a target moved its own: one statement per distinct day.
  for (const day of new Set(cancelled.map((task) => task.localDay))) {
    await markPlansOfDaysChanged(
      trx,
      cancelled.filter((task) => task.localDay === day).map((task) => task.orgId),
      userId,
      [day],
    );
  }
  return cancelled.length;
}

/** Deleting a placement task directly would lose the answer the sender waits for: decline instead. */
export function refuseTaskDeletion(item: Pick<Item, 'materialId'>): void {
  if (item.materialId !== null) throw conflict('placement_task', 'placementTaskDelete');
}
