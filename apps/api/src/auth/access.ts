import type { Kysely } from 'kysely';
import { hasCapability, type Capability, type Role } from '@ritm/domain/access';
import type { DB } from '../db/schema.js';
import { forbidden, notFound, unauthorized } from '../http/errors.js';
import { rolesOfUserIn } from '../repositories/roles.js';

// Roles, capabilities and the table between them are the domain's (`@ritm/domain/access`).
export type { Capability, Role };

export interface Principal {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  locale: 'ru' | 'en';
  via: 'session' | 'token';
  /** Signed in with a temporary password: every route but signing out and choosing a password answers 403. */
  mustChangePassword?: boolean;
}

/**
 * The roles a user holds in an organisation: those of memberships on it or on any organisation
 * above it (a role is inherited by the whole subtree). A system administrator is `admin` everywhere.
 * Empty when the organisation is outside the user's trees or does not exist. Asked again for the
 * same principal object, the first answer is reused.
 */
export function rolesIn(db: Kysely<DB>, user: Pick<Principal, 'id' | 'isAdmin'>, orgId: string): Promise<Role[]> {
  let seen = rolesSeen.get(user);
  if (seen === undefined) {
    seen = new Map();
    rolesSeen.set(user, seen);
  }
  let roles = seen.get(orgId);
  if (roles === undefined) {
    roles = rolesOfUserIn(db, user.id, orgId);
    seen.set(orgId, roles);
  }
  return roles;
}

// Roles already looked up for a principal. The auth plugin makes a principal per request, so this
// lives as long as the request: its preValidation hook and the handler's requireAccess ask the
// same question, and the database answers it once.
const rolesSeen = new WeakMap<object, Map<string, Promise<Role[]>>>();

/** Records a principal's roles in an organisation, read with the principal (repositories/roles.ts `rolesInExpression`). */
export function rememberRoles(user: Pick<Principal, 'id' | 'isAdmin'>, orgId: string, roles: Role[]): void {
  let seen = rolesSeen.get(user);
  if (seen === undefined) {
    seen = new Map();
    rolesSeen.set(user, seen);
  }
  seen.set(orgId, Promise.resolve(roles));
}

/**
 * Checks that the user may do `capability` in the organisation.
 * @throws 401 without a user, 404 when the organisation is outside the user's trees (its
 * existence is not revealed), 403 when the user's role there does not allow it.
 * @returns the user's roles there.
 */
export async function requireAccess(
  db: Kysely<DB>,
  user: Principal | null,
  orgId: string,
  capability: Capability,
): Promise<Role[]> {
  if (!user) throw unauthorized();
  const roles = await rolesIn(db, user, orgId);
  if (roles.length === 0) throw notFound('organisation');
  if (!hasCapability(roles, capability)) throw forbidden();
  return roles;
}
