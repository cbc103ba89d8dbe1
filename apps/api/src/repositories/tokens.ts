import type { Kysely, Transaction } from 'kysely';
import { hashSecret, newSecret } from '../auth/tokens.js';
import type { DB } from '../db/schema.js';

export interface ApiTokenRecord {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

/** Tells a personal API token from a session secret in logs and leak scanners. */
export const TOKEN_PREFIX = 'ritm_';

const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

/**
 * Makes a personal API token. The secret is returned once and only its hash is stored, so a
 * leaked database does not leak usable tokens.
 */
export async function createApiToken(
  trx: Transaction<DB>,
  userId: string,
  name: string,
  expiresInDays?: number,
): Promise<ApiTokenRecord & { token: string }> {
  const token = newSecret(TOKEN_PREFIX);
  const row = await trx
    .insertInto('api_tokens')
    .values({
      user_id: userId,
      name,
      token_hash: hashSecret(token),
      expires_at: expiresInDays === undefined ? null : new Date(Date.now() + expiresInDays * 86_400_000),
    })
    .returning(['id', 'name', 'created_at', 'last_used_at', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, createdAt: iso(row.created_at)!, lastUsedAt: iso(row.last_used_at), expiresAt: iso(row.expires_at), token };
}

/** The user's tokens that still work, newest first. */
export async function listApiTokens(db: Kysely<DB>, userId: string): Promise<ApiTokenRecord[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'expires_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: iso(row.created_at)!,
    lastUsedAt: iso(row.last_used_at),
    expiresAt: iso(row.expires_at),
  }));
}

/** Revokes one of the user's tokens; false when the user has no such live token. */
export async function revokeApiToken(trx: Transaction<DB>, userId: string, tokenId: string): Promise<{ name: string } | undefined> {
  return trx
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('name')
    .executeTakeFirst();
}

/** Revokes every token of the user that still works, but those in `keep` (no count: PGlite's driver does not report one). */
export async function revokeApiTokensOfUser(trx: Transaction<DB>, userId: string, keep: readonly string[] = []): Promise<void> {
  let query = trx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keep.length > 0) query = query.where('id', 'not in', keep);
  await query.execute();
}
