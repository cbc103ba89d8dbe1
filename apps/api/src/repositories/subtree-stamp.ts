import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { OrgContext } from './org-context.js';

/**
 * A stamp of everything but items that the compliance of a subtree depends on: its
 * organisations, their active and inactive channels, and the norms and exemptions of the subtree
 * and of the organisations above it, each table as a count and a sum of hashes of ids seeded with versions
 * (every change to those rows raises its version; a deletion changes the count). Also the time
 * zones in use, which decide each organisation's today. One small statement, read beside the
 * items' fingerprints, so that a summary asked again over an unchanged subtree need not load it.
 */
export async function subtreeStamp(db: Kysely<DB>, root: Pick<OrgContext, 'path' | 'lineage'>): Promise<{ stamp: string; timeZones: string[] }> {
  const subtree = sql`(select id from organisations where path like ${root.path} || '%')`;
  const lineage = sql`${root.lineage}::uuid[]`;
  const versions = (alias: string) => sql.raw(`count(*) || ':' || coalesce(sum(uuid_hash_extended(${alias}.id, ${alias}.version)), 0)`);
  const { rows } = await sql<{ zones: string | null; orgs: string; channels: string; norms: string; exemptions: string }>`
    select
      (select string_agg(distinct timezone, ',' order by timezone) from organisations where path like ${root.path} || '%') as zones,
      (select ${versions('o')} from organisations o where o.path like ${root.path} || '%') as orgs,
      (select ${versions('c')} from channels c where c.org_id in ${subtree}) as channels,
      (select ${versions('n')} from norms n where n.org_id = any(${lineage}) or n.org_id in ${subtree}) as norms,
      (select ${versions('e')} from exemptions e where e.org_id = any(${lineage}) or e.org_id in ${subtree}) as exemptions`.execute(db);
  const row = rows[0]!;
  return { stamp: `${row.zones}|${row.orgs}|${row.channels}|${row.norms}|${row.exemptions}`, timeZones: row.zones === null ? [] : row.zones.split(',') };
}
