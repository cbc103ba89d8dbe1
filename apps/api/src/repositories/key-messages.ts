import { sql, type Kysely, type Transaction } from 'kysely';
import type { KeyMessage, KeyMessageCreate } from '@ritm/contracts/key-messages';
import type { DB } from '../db/schema.js';
import { inParameterChunks } from './parameter-chunks.js';

interface KeyMessageRow {
  id: string;
  org_id: string;
  text: string;
  priority: number;
  version: number;
  audience_ids: string[];
}

function toKeyMessage(row: KeyMessageRow): KeyMessage {
  return { id: row.id, orgId: row.org_id, text: row.text, priority: row.priority, audienceIds: row.audience_ids, version: row.version };
}

function selectKeyMessages(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('key_messages as k')
    .select(['k.id', 'k.org_id', 'k.text', 'k.priority', 'k.version'])
    .select(
      sql<string[]>`coalesce((select array_agg(a.audience_id::text order by a.audience_id) from key_message_audiences a where a.key_message_id = k.id), '{}')`.as(
        'audience_ids',
      ),
    );
}

/** Key messages of the organisations given (an organisation's lineage), by priority. */
export async function listKeyMessages(db: Kysely<DB>, orgIds: readonly string[]): Promise<KeyMessage[]> {
  const rows = await selectKeyMessages(db).where('k.org_id', 'in', orgIds).orderBy('k.priority').orderBy('k.created_at').orderBy('k.id').execute();
  return rows.map(toKeyMessage);
}

export async function findKeyMessage(db: Kysely<DB> | Transaction<DB>, orgId: string, id: string): Promise<KeyMessage | undefined> {
  const row = await selectKeyMessages(db).where('k.id', '=', id).where('k.org_id', '=', orgId).executeTakeFirst();
  return row && toKeyMessage(row);
}

export async function insertKeyMessage(trx: Transaction<DB>, orgId: string, input: KeyMessageCreate): Promise<string> {
  const row = await trx
    .insertInto('key_messages')
    .values({ org_id: orgId, text: input.text, priority: input.priority ?? 2 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setKeyMessageAudiences(trx, row.id, input.audienceIds ?? []);
  return row.id;
}

export async function setKeyMessageAudiences(trx: Transaction<DB>, id: string, audienceIds: readonly string[]): Promise<void> {
  await trx.deleteFrom('key_message_audiences').where('key_message_id', '=', id).execute();
  if (audienceIds.length > 0) {
    const rows = audienceIds.map((audience_id) => ({ key_message_id: id, audience_id }));
    await inParameterChunks(rows, (chunk) => trx.insertInto('key_message_audiences').values(chunk).execute());
  }
}
