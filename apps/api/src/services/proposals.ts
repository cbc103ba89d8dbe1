import type { Transaction } from 'kysely';
import type { Item } from '@ritm/contracts/items';
import type { Proposal, ProposalAccept, ProposalCreate } from '@ritm/contracts/materials';
import { planOutcomeRecipients, proposalReceivers } from '@ritm/domain/notification-recipients';
import type { DB } from '../db/schema.js';
import { badRequest, conflict, versionConflict } from '../http/errors.js';
import { message, type Detail } from '../http/messages.js';
import { written } from '../http/version.js';
import { recordAudit } from '../repositories/audit.js';
import { activeMembersAmong, insertNotifications, rolesGivenAlong } from '../repositories/notifications.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { findOwnItemForProposal, findProposal, insertProposal } from '../repositories/proposals.js';
import { updateVersioned } from '../repositories/versioned.js';
import { createItems } from './items.js';

// News proposed upwards (issue 15): a lower organisation proposes its news to one above it, which
// accepts it into its own plan — an ordinary item made by `createItems`, so every item rule, plan
// rule, audit and notification applies and it counts toward its norms like any other — or
// declines it with a reason. Each write is one transaction with its audit row and notification.

/**
 * Records a proposal from `org` (the caller has `item.edit` there). The organisation asked must be
 * above it (its parent by default); the item named must be its own, and gives the title, text and
 * URL not given. Throws 400 naming the field otherwise.
 */
export async function proposeUpwards(
  trx: Transaction<DB>,
  org: OrganisationContext,
  input: ProposalCreate,
  actor: { id: string; name: string },
): Promise<Proposal> {
  const issues: Detail[] = [];
  const toOrgId = input.toOrgId ?? org.parentId;
  // Above: on the organisation's own path, itself excluded (lineage is root first, itself last).
  if (toOrgId === null) issues.push({ path: 'body.toOrgId', message: message('fieldNoOrgAbove') });
  else if (!org.lineage.slice(0, -1).includes(toOrgId)) issues.push({ path: 'body.toOrgId', message: message('fieldNotAbove') });
  const item = input.itemId === undefined ? undefined : await findOwnItemForProposal(trx, org.id, input.itemId);
  if (input.itemId !== undefined && item === undefined) issues.push({ path: 'body.itemId', message: message('fieldNotOwnItem') });
  const title = (input.title ?? item?.title ?? '').trim();
  if (title === '') issues.push({ path: 'body.title', message: message('fieldRequired') });
  if (issues.length > 0) throw badRequest('proposalInvalid', issues);
  const text = input.text ?? (item ? [item.newsHook, item.notes].filter((part) => part.trim() !== '').join('\n\n') : '');
  const id = await insertProposal(trx, {
    fromOrgId: org.id,
    toOrgId: toOrgId!,
    itemId: input.itemId ?? null,
    title,
    text,
    url: input.url ?? item?.url ?? null,
    createdBy: actor.id,
  });
  const proposal = (await findProposal(trx, org.id, id))!;
  await recordAudit(trx, { orgId: org.id, userId: actor.id, entity: 'proposal', entityId: id, action: 'create', after: proposal });
  const receivers = proposalReceivers(await rolesGivenAlong(trx, proposal.toOrgId), actor.id);
  await insertNotifications(trx, {
    userIds: receivers,
    payload: {
      kind: 'proposal_received',
      orgId: proposal.toOrgId,
      orgName: proposal.toOrgName,
      proposalId: id,
      proposalTitle: proposal.title,
      otherOrgName: proposal.fromOrgName,
      actorName: actor.name,
    },
    subject: `proposal:${id}:received`,
  });
  return proposal;
}

/** A proposal still to be answered at the version the client saw, or 409 (answered once: `proposal_answered`). */
function checkAnswerable(proposal: Proposal, expected: number): void {
  if (proposal.status !== 'proposed') throw conflict('proposal_answered', 'proposalAnswered');
  if (proposal.version !== expected) throw versionConflict(proposal.version);
}

/**
 * The organisation asked (`org`) accepts a proposal locked by the caller: an item in its plan on
 * `at`, of `kind` (a post by default), titled as proposed unless retitled, on the channels given,
 * with the proposal's text and link in its notes. Returns the proposal answered and the item.
 */
export async function acceptProposal(
  trx: Transaction<DB>,
  org: OrganisationContext,
  proposal: Proposal,
  input: Omit<ProposalAccept, 'version'>,
  options: { expected: number; actor: { id: string; name: string }; now: Date },
): Promise<{ proposal: Proposal; item: Item }> {
  checkAnswerable(proposal, options.expected);
  const { actor } = options;
  const notes = [proposal.text, proposal.url ?? ''].filter((part) => part.trim() !== '').join('\n\n');
  const [item] = await createItems(
    trx,
    org,
    [{ kind: input.kind ?? 'post', title: input.title ?? proposal.title, at: input.at, channelIds: input.channelIds ?? [], notes }],
    { userId: actor.id, paths: ['body'], now: options.now },
  );
  await recordAudit(trx, { orgId: org.id, userId: actor.id, entity: 'item', entityId: item!.id, action: 'create', after: item });
  const answered = await answer(trx, org, proposal, { status: 'accepted', accepted_item_id: item!.id }, options);
  await notifyAnswer(trx, answered, actor, { outcome: 'accepted', day: item!.localDay, reason: null });
  return { proposal: answered, item: item! };
}

/** The organisation asked (`org`) declines a proposal locked by the caller, saying why. */
export async function declineProposal(
  trx: Transaction<DB>,
  org: OrganisationContext,
  proposal: Proposal,
  reason: string,
  options: { expected: number; actor: { id: string; name: string }; now: Date },
): Promise<Proposal> {
  checkAnswerable(proposal, options.expected);
  const answered = await answer(trx, org, proposal, { status: 'declined', reason: reason.trim() }, options);
  await notifyAnswer(trx, answered, options.actor, { outcome: 'declined', day: null, reason: answered.reason });
  return answered;
}

async function answer(
  trx: Transaction<DB>,
  org: OrganisationContext,
  before: Proposal,
  changes: { status: 'accepted'; accepted_item_id: string } | { status: 'declined'; reason: string },
  options: { expected: number; actor: { id: string }; now: Date },
): Promise<Proposal> {
  const { actor } = options;
  written(await updateVersioned(trx, 'proposals', before.id, options.expected, { ...changes, answered_by: actor.id, answered_at: options.now }), 'proposal');
  const after = (await findProposal(trx, org.id, before.id))!;
  await recordAudit(trx, {
    orgId: org.id,
    userId: actor.id,
    entity: 'proposal',
    entityId: before.id,
    action: changes.status === 'accepted' ? 'accept' : 'decline',
    before: { status: before.status },
    after: { status: after.status, acceptedItemId: after.acceptedItemId, reason: after.reason },
  });
  return after;
}

/** Tells whoever proposed it (still active and of the proposing organisation), unless they answered it themselves. */
async function notifyAnswer(
  trx: Transaction<DB>,
  proposal: Proposal,
  actor: { id: string; name: string },
  outcome: { outcome: 'accepted' | 'declined'; day: string | null; reason: string | null },
): Promise<void> {
  const createdBy = proposal.createdBy?.id ?? null;
  const members = await activeMembersAmong(trx, proposal.fromOrgId, createdBy === null ? [] : [createdBy]);
  const userIds = planOutcomeRecipients({ createdBy, submittedBy: null, actorId: actor.id, members });
  await insertNotifications(trx, {
    userIds,
    payload: {
      kind: 'proposal_answered',
      orgId: proposal.fromOrgId,
      orgName: proposal.fromOrgName,
      proposalId: proposal.id,
      proposalTitle: proposal.title,
      otherOrgName: proposal.toOrgName,
      actorName: actor.name,
      ...outcome,
    },
    subject: `proposal:${proposal.id}:answered`,
  });
}
