import { sql, type Kysely, type Transaction } from 'kysely';
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

/**
 * Organisations whose `org_revisions` row is missing or names another path or zone than theirs:
 * only writes that bypassed the triggers (a restore or bulk load with triggers off) leave any.
 */
export async function orgRevisionsDrift(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from organisations o left join org_revisions r on r.org_id = o.id
    where r.org_id is null or r.path <> o.path or r.timezone <> o.timezone`.execute(db);
  return rows[0]!.n;
}

/**
 * Sets those rows again (`ritm counts rebuild`): each organisation's path and zone copied, and
 * every revision of a row set again raised, so that no stamp taken before the repair matches
 * after it. Returns how many rows it wrote.
 *
 * Only the rows found drifted are proposed, in id order: an upsert locks every row it meets on
 * conflict before its condition is read, so proposing every organisation would wait for each
 * revision row any write holds (a channel changed, a time zone set) in table order.
 */
export async function repairOrgRevisions(trx: Transaction<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with repaired as (
      insert into org_revisions as r (org_id, path, timezone)
      select o.id, o.path, o.timezone from organisations o left join org_revisions k on k.org_id = o.id
      where k.org_id is null or k.path <> o.path or k.timezone <> o.timezone
      order by o.id
      on conflict (org_id) do update set path = excluded.path, timezone = excluded.timezone,
        org = r.org + 1, items = r.items + 1, channels = r.channels + 1, rules = r.rules + 1
      where r.path <> excluded.path or r.timezone <> excluded.timezone
      returning 1)
    select count(*)::int as n from repaired`.execute(trx);
  return rows[0]!.n;
}
