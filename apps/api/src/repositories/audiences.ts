import type { Kysely, Transaction } from 'kysely';
import type { Audience, AudienceCreate, AudiencePatch } from '@ritm/contracts/audiences';
import type { DB } from '../db/schema.js';
import { mapWritten, updateVersioned, type VersionedWrite } from './versioned.js';

const columns = ['id', 'org_id', 'name', 'description', 'version'] as const;

function toAudience(row: { id: string; org_id: string; name: string; description: string; version: number }): Audience {
  return { id: row.id, orgId: row.org_id, name: row.name, description: row.description, version: row.version };
}

/** Audiences of the organisations given (an organisation's lineage: its own and those above). */
export async function listAudiences(db: Kysely<DB>, orgIds: readonly string[]): Promise<Audience[]> {
  const rows = await db.selectFrom('audiences').select(columns).where('org_id', 'in', orgIds).orderBy('created_at').orderBy('id').execute();
  return rows.map(toAudience);
}

export async function findAudience(db: Kysely<DB> | Transaction<DB>, orgId: string, id: string): Promise<Audience | undefined> {
  const row = await db.selectFrom('audiences').select(columns).where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  return row && toAudience(row);
}

export async function insertAudience(trx: Transaction<DB>, orgId: string, input: AudienceCreate): Promise<Audience> {
  const row = await trx
    .insertInto('audiences')
    .values({ org_id: orgId, name: input.name, description: input.description ?? '' })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toAudience(row);
}

export async function updateAudience(trx: Transaction<DB>, id: string, expected: number, patch: Omit<AudiencePatch, 'version'>): Promise<VersionedWrite<Audience>> {
  const changes = { ...(patch.name !== undefined && { name: patch.name }), ...(patch.description !== undefined && { description: patch.description }) };
  return mapWritten(await updateVersioned(trx, 'audiences', id, expected, changes, columns), toAudience);
}
