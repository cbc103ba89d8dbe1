import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { OrgContext } from './org-context.js';

/** What the compliance of a subtree depends on, as stamps to compare (see {@link subtreeStamp}). */
export interface SubtreeStamp {
  /** Organisations, channels, norms and exemptions, and the time zones in use. */
  inputs: string;
  /** The time zones in use, which decide each organisation's today. */
  timeZones: string[];
  /** `orgId=revision` of the organisations' items, in organisation order (see repositories/revisions.ts). */
  items: string;
  /** One organisation's items revision; undefined when it never had items. */
  itemsOf(orgId: string): string | undefined;
}

/**
 * Stamps of everything the compliance of a subtree depends on, in one small statement: its
 * organisations, their channels, and the norms and exemptions of the subtree and of the
 * organisations above it, each table as a count and a sum of hashes of ids seeded with versions
 * (every change to those rows raises its version; a deletion changes the count); the time zones
 * in use; and each organisation's items revision, which triggers raise in the transaction of
 * every change to its items (migration 20261123T0300) and which never goes back. A summary asked
 * again over an unchanged subtree need not read any item.
 */
export async function subtreeStamp(db: Kysely<DB>, root: Pick<OrgContext, 'path' | 'lineage'>): Promise<SubtreeStamp> {
  const subtree = sql`(select id from organisations where path like ${root.path} || '%')`;
  const lineage = sql`${root.lineage}::uuid[]`;
  const versions = (alias: string) => sql.raw(`count(*) || ':' || coalesce(sum(uuid_hash_extended(${alias}.id, ${alias}.version)), 0)`);
  const { rows } = await sql<{ zones: string | null; orgs: string; channels: string; norms: string; exemptions: string; items: string | null }>`
    select
      (select string_agg(distinct timezone, ',' order by timezone) from organisations where path like ${root.path} || '%') as zones,
      (select ${versions('o')} from organisations o where o.path like ${root.path} || '%') as orgs,
      (select ${versions('c')} from channels c where c.org_id in ${subtree}) as channels,
      (select ${versions('n')} from norms n where n.org_id = any(${lineage}) or n.org_id in ${subtree}) as norms,
      (select ${versions('e')} from exemptions e where e.org_id = any(${lineage}) or e.org_id in ${subtree}) as exemptions,
      (select string_agg(r.org_id || '=' || r.items, ',' order by r.org_id) from org_revisions r where r.org_id in ${subtree}) as items`.execute(db);
  const row = rows[0]!;
  const items = row.items ?? '';
  let byOrg: Map<string, string> | undefined;
  return {
    inputs: `${row.zones}|${row.orgs}|${row.channels}|${row.norms}|${row.exemptions}`,
    timeZones: row.zones === null ? [] : row.zones.split(','),
    items,
    itemsOf(orgId) {
      byOrg ??= new Map(items === '' ? [] : items.split(',').map((entry) => entry.split('=') as [string, string]));
      return byOrg.get(orgId);
    },
  };
}
