import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { withDefaultPreferences, type NotificationPreferences } from '@ritm/domain/notifications';
import type { DB } from '../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Each person's choices, the defaults where they chose nothing. */
export async function preferencesOf(db: Db, userIds: readonly string[]): Promise<Map<string, NotificationPreferences>> {
  const unique = [...new Set(userIds)];
  const found = new Map<string, NotificationPreferences>();
  if (unique.length === 0) return found;
  const rows = await db.selectFrom('notification_preferences').select(['user_id', 'preferences']).where('user_id', 'in', unique).execute();
  const stored = new Map(rows.map((row) => [row.user_id, row.preferences]));
  for (const id of unique) found.set(id, withDefaultPreferences(stored.get(id)));
  return found;
}

/** Stores a person's choices (the whole document). */
export async function savePreferences(db: Db, userId: string, preferences: NotificationPreferences): Promise<void> {
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, preferences: JSON.stringify(preferences), unsubscribe_secret: newSecret() })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ preferences: JSON.stringify(preferences), updated_at: new Date() }))
    .execute();
}

/** The secret a person's unsubscribe links are signed with, made the first time it is needed. */
export async function unsubscribeSecretOf(db: Db, userId: string): Promise<string> {
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, unsubscribe_secret: newSecret() })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  const row = await db.selectFrom('notification_preferences').select('unsubscribe_secret').where('user_id', '=', userId).executeTakeFirstOrThrow();
  return row.unsubscribe_secret;
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
