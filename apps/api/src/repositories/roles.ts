import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Role } from '../auth/access.js';
import type { DB } from '../db/schema.js';

/**
 * A role reaches the whole subtree: true when the organisation at `targetPath` lies at or below the
 * one at `memberPath` (materialised paths, `/root/child/`). Both are column references such as
 * `'target.path'`. The one place this rule is written in SQL.
 *
 * @example reachesSubtree('member_org.path', 'o.path') // o.path like member_org.path || '%'
 */
export function reachesSubtree(memberPath: string, targetPath: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(targetPath)} like ${sql.ref(memberPath)} || '%'`;
}

/**
 * The roles a users row aliased `u` holds in an organisation, as one SQL expression: those of its
 * memberships on it or above it; a system administrator is `admin` in every organisation that
 * exists. Empty when the organisation is outside the user's trees or does not exist. The auth
 * plugin reads it with the caller, in one round trip.
 */
export function rolesInExpression(orgId: string): RawBuilder<Role[]> {
  return sql<Role[]>`case when u.is_admin
    then case when exists (select 1 from organisations where id = ${orgId}::uuid) then array['admin'] else array[]::text[] end
    else array(
      select m.role from memberships m
      join organisations member_org on member_org.id = m.org_id
      join organisations target on ${reachesSubtree('member_org.path', 'target.path')} and target.id = ${orgId}::uuid
      where m.user_id = u.id)
    end`;
}

/** {@link rolesInExpression} for a user by id; empty when the user does not exist. */
export async function rolesOfUserIn(db: Kysely<DB>, userId: string, orgId: string): Promise<Role[]> {
  const { rows } = await sql<{ roles: Role[] }>`select ${rolesInExpression(orgId)} as roles from users u where u.id = ${userId}::uuid`.execute(db);
  return rows[0]?.roles ?? [];
}

/** Those of `orgIds` that exist and lie in one of the user's trees (at or below a membership). */
export async function orgIdsVisibleTo(db: Kysely<DB>, userId: string, orgIds: readonly string[]): Promise<Set<string>> {
  if (orgIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('organisations as target')
    .select('target.id')
    .where('target.id', 'in', orgIds)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships as m')
          .innerJoin('organisations as member_org', 'member_org.id', 'm.org_id')
          .select('m.org_id')
          .where('m.user_id', '=', userId)
          .where(reachesSubtree('member_org.path', 'target.path')),
      ),
    )
    .execute();
  return new Set(rows.map((row) => row.id));
}
