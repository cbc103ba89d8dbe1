import type { Kysely, Transaction } from 'kysely';
import type { NotificationPayload } from '@ritm/domain/notifications';
import type { DB } from '../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Tells each of `userIds` what `payload` says, in the caller's transaction (so a change rolled back
 * tells nobody). One row per person, kind and `subject`: telling again what someone was already
 * told writes nothing. Returns the people newly told.
 */
export async function insertNotifications(
  db: Db,
  input: { userIds: readonly string[]; payload: NotificationPayload; subject: string; at?: Date },
): Promise<string[]> {
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) return [];
  const rows = await db
    .insertInto('notifications')
    .values(
      userIds.map((userId) => ({
        user_id: userId,
        org_id: input.payload.orgId,
        kind: input.payload.kind,
        subject: input.subject,
        payload: JSON.stringify(input.payload),
        ...(input.at ? { created_at: input.at } : {}),
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'subject']).doNothing())
    .returning('user_id')
    .execute();
  return rows.map((row) => row.user_id);
}
