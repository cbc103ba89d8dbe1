import type { Kysely, Transaction } from 'kysely';
import { ROLE_CAPABILITIES, ROLES } from '@ritm/domain/access';
import type { Principal } from '../auth/access.js';
import type { DB } from '../db/schema.js';
import { forbidden, HttpError, notFound } from '../http/errors.js';
import { message } from '../http/messages.js';
import { recordAudit } from '../repositories/audit.js';
import { membershipOrgIds, orgsLeftWithoutAdmin, usersManagedBy } from '../repositories/people.js';
import { orgIdsVisibleTo } from '../repositories/roles.js';
import { findUserById, type UserWithHash } from '../repositories/users.js';

/** The roles that let their holder give and take roles (the domain's table, not a name written here). */
const MANAGING_ROLES = ROLES.filter((role) => ROLE_CAPABILITIES[role].includes('member.manage'));

/**
 * Of `userIds`, those the caller may reset a password for and deactivate: a system administrator
 * anyone; otherwise users whose every role lies where the caller has `member.manage`, so an
 * administrator of one centre cannot lock out a person who also works for the region.
 */
export async function manageableUsers(db: Kysely<DB>, caller: Principal, userIds: readonly string[]): Promise<Set<string>> {
  if (caller.isAdmin) return new Set(userIds);
  return usersManagedBy(db, caller.id, MANAGING_ROLES, userIds);
}

/**
 * The user the caller is about to manage.
 * @throws 404 when there is no such user or none of their roles lies in the caller's trees (their
 * existence is not revealed); 403 `userNotManaged` when some role lies where the caller does not manage.
 */
export async function requireManagedUser(db: Kysely<DB>, caller: Principal, userId: string): Promise<UserWithHash> {
  const user = await findUserById(db, userId);
  if (!user) throw notFound('user');
  if ((await manageableUsers(db, caller, [userId])).has(userId)) return user;
  if (!caller.isAdmin && (await orgIdsVisibleTo(db, caller.id, await membershipOrgIds(db, userId))).size === 0) throw notFound('user');
  throw forbidden('userNotManaged');
}

/**
 * The last-administrator rule: refuses (409 `last_admin`, naming the organisation) a change that
 * would leave an organisation with nobody active given `admin` there or above it. Without `orgId`
 * the user is being deactivated; with it, their role there is being taken or lowered. Runs in the
 * change's transaction: it locks the administrators it counts.
 */
export async function keepAnAdministrator(trx: Transaction<DB>, userId: string, orgId?: string): Promise<void> {
  const orphaned = await orgsLeftWithoutAdmin(trx, userId, orgId);
  const first = orphaned[0];
  if (first) throw new HttpError(409, 'last_admin', message('lastAdmin', { org: first.name }), undefined, { orgIds: orphaned.map((org) => org.id) });
}

/**
 * Audits something done to a person's account (deactivation, a password reset) in every
 * organisation where they hold a role, so each of those organisations' audit logs shows it;
 * with no role anywhere, once without an organisation.
 */
export async function recordAccountAudit(trx: Transaction<DB>, actorId: string, userId: string, action: 'deactivate' | 'reactivate' | 'password_reset'): Promise<void> {
  const orgIds = await membershipOrgIds(trx, userId);
  for (const orgId of orgIds.length > 0 ? orgIds : [null]) await recordAudit(trx, { orgId, userId: actorId, entity: 'user', entityId: userId, action });
}
