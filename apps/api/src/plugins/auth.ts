import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import cookie from '@fastify/cookie';
import type { DB } from '../db/schema.js';
import { rememberRoles, rolesIn, rolesInExpression, type Principal, type Role } from '../auth/access.js';
import { hashSecret } from '../auth/tokens.js';
import { HttpError, notFound, unauthorized } from '../http/errors.js';
import { MESSAGES } from '../http/messages.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. */
    user: Principal | null;
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

    app.addHook('onRequest', async (request) => {
      // The request's organisation, if any: the caller's roles there are read with the caller.
      const orgId = (request.params as { orgId?: unknown } | undefined)?.orgId;
      const org = typeof orgId === 'string' && UUID.test(orgId) && request.url.startsWith('/api/') ? orgId : undefined;
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (bearer) {
        request.user = await userFromToken(app.database.db, bearer, org);
        if (!request.user) throw new HttpError(401, 'unauthorized', MESSAGES.tokenInvalid);
        return;
      }
      const sessionToken = request.cookies[SESSION_COOKIE];
      if (sessionToken) {
        request.user = await userFromSession(app.database.db, sessionToken, org);
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
    const host = request.headers['x-forwarded-host'] ?? request.headers.host;
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

async function userFromSession(db: Kysely<DB>, token: string, orgId: string | undefined): Promise<Principal | null> {
  const tokenHash = hashSecret(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.is_admin', 'u.locale', 's.last_seen_at'])
    .select(rolesColumn(orgId))
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', new Date())
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(), expires_at: new Date(Date.now() + SESSION_TTL_MS) })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return withRoles({ id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin, locale: row.locale, via: 'session' as const }, orgId, row.roles);
}

async function userFromToken(db: Kysely<DB>, token: string, orgId: string | undefined): Promise<Principal | null> {
  const tokenHash = hashSecret(token);
  const now = new Date();
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.is_admin', 'u.locale', 't.id as token_id', 't.last_used_at'])
    .select(rolesColumn(orgId))
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
  }
  return withRoles({ id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin, locale: row.locale, via: 'token' as const }, orgId, row.roles);
}

const rolesColumn = (orgId: string | undefined) => (orgId === undefined ? sql<Role[] | null>`null` : rolesInExpression(orgId)).as('roles');

function withRoles(user: Principal, orgId: string | undefined, roles: Role[] | null): Principal {
  if (orgId !== undefined && roles !== null) rememberRoles(user, orgId, roles);
  return user;
}
