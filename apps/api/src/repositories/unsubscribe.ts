import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * What an unsubscribe link needs of the person it names: the secret it must be signed with and
 * their language. Undefined when there is no such person or they never had a link made (so a
 * forged link finds nothing; nothing is created for it).
 */
export async function findUnsubscribeTarget(db: Db, userId: string): Promise<{ secret: string; locale: 'ru' | 'en' } | undefined> {
  const row = await db
    .selectFrom('notification_preferences as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.unsubscribe_secret', 'u.locale'])
    .where('p.user_id', '=', userId)
    .executeTakeFirst();
  return row ? { secret: row.unsubscribe_secret, locale: row.locale } : undefined;
}
