import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { OrgContext } from '../repositories/org-context.js';

export interface Issue {
  path: string;
  message: string;
}

/** The ids among `ids` that are audiences (or key messages) of the organisation or one above it. */
export async function visibleIds(trx: Transaction<DB>, table: 'audiences' | 'key_messages', org: OrgContext, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await trx.selectFrom(table).select('id').where('org_id', 'in', org.lineage).where('id', 'in', [...new Set(ids)]).forKeyShare().execute();
  return new Set(rows.map((row) => row.id));
}

export function visibilityMessage(table: 'audiences' | 'key_messages'): string {
  return `not ${table === 'audiences' ? 'an audience' : 'a key message'} of this organisation or one above it`;
}

/** Records an issue at `path[i]` for each id that is not an audience (or key message) of the organisation or one above it. */
export async function checkVisible(
  trx: Transaction<DB>,
  table: 'audiences' | 'key_messages',
  org: OrgContext,
  ids: readonly string[],
  path: string,
  issues: Issue[],
): Promise<void> {
  const found = await visibleIds(trx, table, org, ids);
  ids.forEach((id, i) => {
    if (!found.has(id)) issues.push({ path: `${path}[${i}]`, message: visibilityMessage(table) });
  });
}

/**
 * The users among `userIds` who can be responsible for the organisation's items: members of an
 * organisation above it, of it or below it, and system administrators.
 */
export async function eligibleResponsibles(trx: Transaction<DB>, org: OrgContext, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('users as u')
    .select('u.id')
    .where('u.id', 'in', [...new Set(userIds)])
    .where('u.disabled_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('u.is_admin', '=', true),
        eb.exists(
          eb
            .selectFrom('memberships as m')
            .innerJoin('organisations as o', 'o.id', 'm.org_id')
            .select('m.org_id')
            .whereRef('m.user_id', '=', 'u.id')
            .where((inner) => inner.or([inner('o.id', 'in', org.lineage), inner('o.path', 'like', sql<string>`${org.path} || '%'`)])),
        ),
      ]),
    )
    .execute();
  return new Set(rows.map((row) => row.id));
}
