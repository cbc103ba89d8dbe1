import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Role } from '../auth/access.js';
import type { DB } from '../db/schema.js';
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
 * What a route asks to read with the caller about the request's organisation, as one SQL
 * expression of text (the item lists' revision, or a list read afresh), so that a value it needs
 * on every call costs no second round trip. Read only when the caller holds a role there: what a
 * caller may not see is not even read.
 */
export type AlsoRead = RawBuilder<string>;

// Read on every request: written as SQL text rather than built (building cost more than running it, prepared).
const callerColumns = (orgId: string | undefined, alsoRead: AlsoRead | undefined) => sql`u.id, u.email, u.name, u.is_admin, u.locale, u.must_change_password,
  ${orgId === undefined ? sql`null` : sql`r.roles`} as roles,
  ${orgId === undefined || alsoRead === undefined ? sql`null` : sql`case when cardinality(r.roles) > 0 then ${alsoRead} end`} as also_read`;

// The caller's roles in the organisation, once (OFFSET 0 keeps the planner from copying the
// expression into each place that reads it).
const rolesOfCaller = (orgId: string | undefined) => (orgId === undefined ? sql`` : sql`cross join lateral (select ${rolesInExpression(orgId)} as roles offset 0) r`);

/**
 * The enabled user of a live session, with their roles in `orgId` and what the route asked to
 * read beside them, in one round trip; `due` when the session was last seen more than `touchEveryMs` ago.
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
    from sessions s join users u on u.id = s.user_id ${rolesOfCaller(orgId)}
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
    from api_tokens t join users u on u.id = t.user_id ${rolesOfCaller(orgId)}
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
