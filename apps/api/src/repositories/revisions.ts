import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * The revision of an organisation's item lists as one SQL expression: its items' revision and
 * the revision of users' names (a list shows each item's last editor by name), both raised by
 * triggers in the transaction of every change (migration 20261123T0300). Two reads that give the
 * same text saw the same lists. The auth plugin reads it with the caller, in the same round trip.
 */
export function itemsRevisionExpression(orgId: string) {
  return sql<string>`(select coalesce((select r.items from org_revisions r where r.org_id = ${orgId}::uuid), 0) || ':' || (select v.value from revisions v where v.name = 'user_names'))`;
}

export async function itemsRevisionOf(db: Kysely<DB>, orgId: string): Promise<string> {
  const { rows } = await sql<{ revision: string }>`select ${itemsRevisionExpression(orgId)} as revision`.execute(db);
  return rows[0]!.revision;
}
