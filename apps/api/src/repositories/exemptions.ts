import { sql, type Kysely, type Transaction } from 'kysely';
import type { Exemption } from '@ritm/contracts/exemptions';
import type { DB } from '../db/schema.js';
import type { OrganisationContext } from './org-context.js';

function select(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('exemptions as e')
    .innerJoin('organisations as o', 'o.id', 'e.org_id')
    .select(['e.id', 'e.org_id', 'e.norm_key', 'e.channel_id', 'e.date_from', 'e.date_to', 'e.reason', 'e.granted_by', 'e.version', 'e.created_at'])
    .orderBy('e.date_from')
    .orderBy('e.id');
}

function toExemption(row: {
  id: string;
  org_id: string;
  norm_key: string;
  channel_id: string | null;
  date_from: string;
  date_to: string;
  reason: string;
  granted_by: string | null;
  version: number;
  created_at: Date;
}): Exemption {
  return {
    id: row.id,
    orgId: row.org_id,
    normKey: row.norm_key,
    channelId: row.channel_id,
    from: row.date_from,
    to: row.date_to,
    reason: row.reason,
    grantedBy: row.granted_by,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Exemptions in force at an organisation: its own and those of the organisations above it. */
export async function exemptionsOfLineage(db: Kysely<DB> | Transaction<DB>, org: OrganisationContext): Promise<Exemption[]> {
  return (await select(db).where('e.org_id', 'in', org.lineage).execute()).map(toExemption);
}

/** Exemptions of a subtree and of the organisations above it, in one query. */
export async function exemptionsOfSubtree(db: Kysely<DB>, root: OrganisationContext): Promise<Exemption[]> {
  const rows = await select(db)
    .where((eb) => eb.or([eb('e.org_id', 'in', root.lineage), eb('o.path', 'like', sql<string>`${root.path} || '%'`)]))
    .execute();
  return rows.map(toExemption);
}

export async function findExemption(db: Kysely<DB> | Transaction<DB>, orgId: string, id: string): Promise<Exemption | undefined> {
  const row = await select(db).where('e.id', '=', id).where('e.org_id', '=', orgId).executeTakeFirst();
  return row && toExemption(row);
}

export interface NewExemption {
  orgId: string;
  normKey: string;
  channelId: string | null;
  from: string;
  to: string;
  reason: string;
  grantedBy: string;
}

export async function insertExemption(trx: Transaction<DB>, exemption: NewExemption): Promise<{ id: string; version: number }> {
  return trx
    .insertInto('exemptions')
    .values({
      org_id: exemption.orgId,
      norm_key: exemption.normKey,
      channel_id: exemption.channelId,
      date_from: exemption.from,
      date_to: exemption.to,
      reason: exemption.reason,
      granted_by: exemption.grantedBy,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}
