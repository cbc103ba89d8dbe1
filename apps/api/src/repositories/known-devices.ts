import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

/** The user a device cookie (hashed) belongs to, or undefined. */
export async function findDeviceUser(db: Kysely<DB>, tokenHash: string): Promise<string | undefined> {
  const row = await db.selectFrom('known_devices').select('user_id').where('token_hash', '=', tokenHash).executeTakeFirst();
  return row?.user_id;
}

/** Remembers a device that signed in as the user, or notes that it did again. */
export async function rememberDevice(trx: Transaction<DB> | Kysely<DB>, tokenHash: string, userId: string): Promise<void> {
  await trx
    .insertInto('known_devices')
    .values({ token_hash: tokenHash, user_id: userId })
    .onConflict((oc) => oc.column('token_hash').doUpdateSet({ last_used_at: new Date() }))
    .execute();
}
