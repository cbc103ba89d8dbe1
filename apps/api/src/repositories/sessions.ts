import { sql, type Kysely, type Transaction } from 'kysely';
import type { Role } from '../auth/access.js';
import type { DB } from '../db/schema.js';
import { itemsRevisionExpression } from './revisions.js';
import { rolesInExpression } from './roles.js';

/** The caller of a request as read with their session or API token. */
export interface CallerRow {
  id: string;
  email: string;
  name: string;
  is_admin: boolean;
  locale: 'ru' | 'en';
  /** Signed in with a temporary password: only choosing a new one is open to them (issue 16). */
  must_change_password: boolean;
  /** Their roles in the request's organisation; null without one. */
  roles: Role[] | null;
  /** What the route asked to read with the caller about the request's organisation; null without it. */
  also_read: string | null;
  /** The session's expiry or the token's last use is due to be moved forward. */
  due: boolean;
}

/**
 * What a route may ask to read with the caller about the request's organisation, so that a value
 * it needs on every call costs no second round trip (the item lists' revision).
 */
const ALSO_READ = {
  itemsRevision: itemsRevisionExpression,
} as const;
export type AlsoRead = keyof typeof ALSO_READ;

// Read on every request: written as SQL text rather than built (building cost more than running it, prepared).
const callerColumns = (orgId: string | undefined, alsoRead: AlsoRead | undefined) => sql`u.id, u.email, u.name, u.is_admin, u.locale, u.must_change_password,
  ${orgId === undefined ? sql`null` : rolesInExpression(orgId)} as roles,
  ${orgId === undefined || alsoRead === undefined ? sql`null` : ALSO_READ[alsoRead](orgId)} as also_read`;

/**
 * The enabled user of a live session, with their roles in `orgId` and its items revision read in
 * the same round trip, with what the route asked to read beside them; `due` when the session was last seen more than `touchEveryMs` ago.
 */
export async function findCallerBySession(
  db: Kysely<DB>,
  tokenHash: string,
  orgId: string | undefined,
  alsoRead: AlsoRead | undefined,
  touchEveryMs: number,
): Promise<CallerRow | undefined> {
  const { rows } = await sql<CallerRow>`
    select ${callerColumns(orgId, alsoRead)}, s.last_seen_at < now() - ${`${touchEveryMs} milliseconds`}::interval as due
    from sessions s join users u on u.id = s.user_id
    where s.token_hash = ${tokenHash} and s.expires_at > now() and u.disabled_at is null`.execute(db);
  return rows[0];
}

/** Moves a session's expiry forward (sliding sessions). */
export async function extendSession(db: Kysely<DB>, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: new Date(), expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
}

/** As {@link findCallerBySession}, for a live personal API token; `due` when its last use is old. */
export async function findCallerByToken(
  db: Kysely<DB>,
  tokenHash: string,
  orgId: string | undefined,
  alsoRead: AlsoRead | undefined,
  touchEveryMs: number,
): Promise<(CallerRow & { token_id: string }) | undefined> {
  const { rows } = await sql<CallerRow & { token_id: string }>`
    select ${callerColumns(orgId, alsoRead)}, t.id as token_id,
           (t.last_used_at is null or t.last_used_at < now() - ${`${touchEveryMs} milliseconds`}::interval) as due
    from api_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${tokenHash} and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and u.disabled_at is null`.execute(db);
  return rows[0];
}

export async function touchApiToken(db: Kysely<DB>, tokenId: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', tokenId).execute();
}

/** Ends a user's sessions, all but the one with `keepTokenHash` when given. */
export async function deleteSessionsOfUser(trx: Transaction<DB>, userId: string, keepTokenHash?: string): Promise<void> {
  let query = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepTokenHash !== undefined) query = query.where('token_hash', '!=', keepTokenHash);
  await query.execute();
}

/** Starts a session for a user, its secret stored hashed. */
export async function insertSession(
  trx: Transaction<DB>,
  session: { tokenHash: string; userId: string; expiresAt: Date; userAgent: string | null; ip: string },
): Promise<void> {
  await trx
    .insertInto('sessions')
    .values({ token_hash: session.tokenHash, user_id: session.userId, expires_at: session.expiresAt, user_agent: session.userAgent, ip: session.ip })
    .execute();
}

/** Ends the session with this secret's hash, if any. */
export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}
