import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import cookie from '@fastify/cookie';
import type { DB } from '../db/schema.js';
import { rememberRoles, rolesIn, rolesInExpression, type Principal, type Role } from '../auth/access.js';
import { hashSecret } from '../auth/tokens.js';
import { itemsRevisionExpression } from '../repositories/revisions.js';
import { HttpError, notFound, unauthorized } from '../http/errors.js';
import { MESSAGES } from '../http/messages.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. */
    user: Principal | null;
    /** The revision of the request's organisation's item lists, read with the user; null without one. */
    itemsRevision: string | null;
  }
  interface FastifyContextConfig {
    /** The route answers without a signed-in user. */
    public?: boolean;
  }
}

export const SESSION_COOKIE = 'ritm_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
/** A session's expiry slides forward at most this often, to keep reads free of writes. */
const TOUCH_EVERY_MS = 10 * 60 * 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Who is calling: a session cookie or an `Authorization: Bearer` API token. Requests to
 * non-public routes without either get 401. State-changing requests authenticated by the
 * cookie must be same-origin JSON, so another site cannot make a signed-in browser write.
 */
export default fp(
  async (app) => {
    await app.register(cookie);
    app.decorateRequest('user', null);
    app.decorateRequest('itemsRevision', null);

    app.addHook('onRequest', async (request) => {
      // The request's organisation, if any: the caller's roles there are read with the caller.
      const orgId = (request.params as { orgId?: unknown } | undefined)?.orgId;
      const org = typeof orgId === 'string' && UUID.test(orgId) && request.url.startsWith('/api/') ? orgId : undefined;
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (bearer) {
        const found = await userFromToken(app.database.db, bearer, org);
        if (!found) throw new HttpError(401, 'unauthorized', MESSAGES.tokenInvalid);
        request.user = found.user;
        request.itemsRevision = found.itemsRevision;
        return;
      }
      const sessionToken = request.cookies[SESSION_COOKIE];
      if (sessionToken) {
        const found = await userFromSession(app.database.db, sessionToken, org);
        request.user = found?.user ?? null;
        request.itemsRevision = found?.itemsRevision ?? null;
        if (request.user && UNSAFE_METHODS.has(request.method)) checkSameOrigin(request);
      }
    });

    // Before validation: a caller who may not use a route learns nothing from it, not even its schema.
    app.addHook('preValidation', async (request) => {
      // Outside /api is the admin's static files and its page for deep links: public by nature.
      if (request.routeOptions.config?.public || !request.url.startsWith('/api/')) return;
      if (!request.user) throw unauthorized();
      // Everything under /orgs/:orgId belongs to that organisation: outside the caller's trees it
      // does not exist (404), whatever else the request says. Handlers still check the capability.
      const orgId = (request.params as { orgId?: unknown } | undefined)?.orgId;
      if (typeof orgId === 'string' && UUID.test(orgId) && (await rolesIn(app.database.db, request.user, orgId)).length === 0) {
        throw notFound('organisation');
      }
    });
  },
  { name: 'auth', dependencies: ['database'] },
);

function checkSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    // Fastify's host: X-Forwarded-Host only from a trusted proxy (RITM_TRUST_PROXY), else Host.
    const host = request.host;
    let sameOrigin = false;
    try {
      sameOrigin = new URL(origin).host === host;
    } catch {
      sameOrigin = false;
    }
    if (!sameOrigin) throw new HttpError(403, 'cross_origin', MESSAGES.crossOrigin);
  }
  // A cross-site form can send only simple content types; JSON needs a preflight we never grant.
  const type = request.headers['content-type'];
  if (request.headers['content-length'] !== '0' && type !== undefined && !/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', MESSAGES.unsupportedMediaType);
  }
}

/** The caller, with what was read beside them about the request's organisation. */
interface Found {
  user: Principal;
  itemsRevision: string | null;
}

interface CallerRow {
  id: string;
  email: string;
  name: string;
  is_admin: boolean;
  locale: 'ru' | 'en';
  roles: Role[] | null;
  items_revision: string | null;
  /** The session's expiry or the token's last use is due to be moved forward. */
  due: boolean;
}

// Read on every request: written as SQL text rather than built (building cost more than running it, prepared).
const callerColumns = (orgId: string | undefined) => sql`u.id, u.email, u.name, u.is_admin, u.locale,
  ${orgId === undefined ? sql`null` : rolesInExpression(orgId)} as roles,
  ${orgId === undefined ? sql`null` : itemsRevisionExpression(orgId)} as items_revision`;

async function userFromSession(db: Kysely<DB>, token: string, orgId: string | undefined): Promise<Found | null> {
  const tokenHash = hashSecret(token);
  const { rows } = await sql<CallerRow>`
    select ${callerColumns(orgId)}, s.last_seen_at < now() - ${`${TOUCH_EVERY_MS} milliseconds`}::interval as due
    from sessions s join users u on u.id = s.user_id
    where s.token_hash = ${tokenHash} and s.expires_at > now() and u.disabled_at is null`.execute(db);
  const row = rows[0];
  if (!row) return null;
  if (row.due) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(), expires_at: new Date(Date.now() + SESSION_TTL_MS) })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return {
    user: withRoles({ id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin, locale: row.locale, via: 'session' as const }, orgId, row.roles),
    itemsRevision: row.items_revision,
  };
}

async function userFromToken(db: Kysely<DB>, token: string, orgId: string | undefined): Promise<Found | null> {
  const tokenHash = hashSecret(token);
  const { rows } = await sql<CallerRow & { token_id: string }>`
    select ${callerColumns(orgId)}, t.id as token_id,
           (t.last_used_at is null or t.last_used_at < now() - ${`${TOUCH_EVERY_MS} milliseconds`}::interval) as due
    from api_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${tokenHash} and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and u.disabled_at is null`.execute(db);
  const row = rows[0];
  if (!row) return null;
  if (row.due) await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.token_id).execute();
  return {
    user: withRoles({ id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin, locale: row.locale, via: 'token' as const }, orgId, row.roles),
    itemsRevision: row.items_revision,
  };
}

function withRoles(user: Principal, orgId: string | undefined, roles: Role[] | null): Principal {
  if (orgId !== undefined && roles !== null) rememberRoles(user, orgId, roles);
  return user;
}
