import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import cookie from '@fastify/cookie';
import { isUuid } from '@ritm/domain/uuid';
import type { DB } from '../db/schema.js';
import { rememberRoles, rolesIn, type Principal, type Role } from '../auth/access.js';
import { hashSecret } from '../auth/tokens.js';
import { extendSession, findCallerBySession, findCallerByToken, touchApiToken, type AlsoRead } from '../repositories/sessions.js';
import { HttpError, notFound, unauthorized } from '../http/errors.js';
import { MESSAGES } from '../http/messages.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. */
    user: Principal | null;
    /** What the route's `readWithCaller` read about the request's organisation, with the user; null without it. */
    readWithCaller: string | null;
  }
  interface FastifyContextConfig {
    /** The route answers without a signed-in user. */
    public?: boolean;
    /** A control route (`routes/control`): its bearer is the server's control secret, not an API token. */
    control?: boolean;
    /**
     * A value about the request's organisation the route needs on every call (the item lists'
     * revision, or a list asked for afresh): read with the caller, in the same round trip
     * (repositories/sessions.ts reads it). Given the request before its validation and the
     * organisation's id; undefined reads nothing (the handler reads what it needs itself).
     */
    readWithCaller?: (request: FastifyRequest, orgId: string) => AlsoRead | undefined;
    /**
     * The body is a file (an attachment's bytes), not JSON: any content type but the three a
     * cross-site form can send without a preflight (issue 11).
     */
    fileBody?: boolean;
  }
}

export const SESSION_COOKIE = 'ritm_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
/** A session's expiry slides forward at most this often, to keep reads free of writes. */
const TOUCH_EVERY_MS = 10 * 60 * 1000;

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a user who must replace a temporary password may still call (issue 16). */
const OPEN_BEFORE_PASSWORD_CHANGE = new Set(['/api/auth/me', '/api/auth/password', '/api/auth/logout']);

/**
 * Who is calling: a session cookie or an `Authorization: Bearer` API token. Requests to
 * non-public routes without either get 401. State-changing requests authenticated by the
 * cookie must be same-origin JSON, so another site cannot make a signed-in browser write.
 */
export default fp(
  async (app) => {
    await app.register(cookie);
    app.decorateRequest('user', null);
    app.decorateRequest('readWithCaller', null);

    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.config?.control) return;
      // The request's organisation, if any: the caller's roles there are read with the caller.
      const orgId = (request.params as { orgId?: unknown } | undefined)?.orgId;
      // Before validation writes ids in lower case (plugins/validation.ts): what is read with the caller is looked for and kept under that id.
      const org = typeof orgId === 'string' && isUuid(orgId) && request.url.startsWith('/api/') ? orgId.toLowerCase() : undefined;
      const alsoRead = org === undefined ? undefined : request.routeOptions.config?.readWithCaller?.(request, org);
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (bearer) {
        const found = await userFromToken(app.database.db, bearer, org, alsoRead);
        if (!found) throw new HttpError(401, 'unauthorized', MESSAGES.tokenInvalid);
        request.user = found.user;
        request.readWithCaller = found.readWithCaller;
        return;
      }
      const sessionToken = request.cookies[SESSION_COOKIE];
      if (sessionToken) {
        const found = await userFromSession(app.database.db, sessionToken, org, alsoRead);
        request.user = found?.user ?? null;
        request.readWithCaller = found?.readWithCaller ?? null;
        if (request.user && UNSAFE_METHODS.has(request.method)) checkSameOrigin(request);
      }
    });

    // Before validation: a caller who may not use a route learns nothing from it, not even its schema.
    app.addHook('preValidation', async (request) => {
      // Outside /api is the admin's static files and its page for deep links: public by nature.
      if (request.routeOptions.config?.public || !request.url.startsWith('/api/')) return;
      if (!request.user) throw unauthorized();
      // A temporary password an administrator was shown opens nothing but choosing one's own.
      if (request.user.mustChangePassword && !OPEN_BEFORE_PASSWORD_CHANGE.has(request.routeOptions.url ?? '')) {
        throw new HttpError(403, 'password_change_required', MESSAGES.passwordChangeRequired);
      }
      // Everything under /orgs/:orgId belongs to that organisation: outside the caller's trees it
      // does not exist (404), whatever else the request says. Handlers still check the capability.
      const orgId = (request.params as { orgId?: unknown } | undefined)?.orgId;
      if (typeof orgId === 'string' && isUuid(orgId) && (await rolesIn(app.database.db, request.user, orgId)).length === 0) {
        throw notFound('organisation');
      }
    });
  },
  { name: 'auth', dependencies: ['database'] },
);

/** The content types an HTML form (or a "simple" cross-site request) can send: never a file body. */
const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;

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
  // A cross-site form can send only simple content types; JSON needs a preflight we never grant,
  // and so does a file sent as itself (image/jpeg, application/octet-stream, …).
  const type = request.headers['content-type'];
  const file = request.routeOptions.config?.fileBody === true;
  const allowed = file ? !FORM_TYPES.test(type ?? '') : /^application\/json\b/i.test(type ?? '');
  if (request.headers['content-length'] !== '0' && type !== undefined && !allowed) {
    // A route that takes a file is told the file, not JSON, is what it wants.
    throw new HttpError(415, 'unsupported_media_type', file ? MESSAGES.unsupportedMediaTypeFile : MESSAGES.unsupportedMediaType);
  }
}

/** The caller, with what was read beside them about the request's organisation. */
interface Found {
  user: Principal;
  readWithCaller: string | null;
}

async function userFromSession(db: Kysely<DB>, token: string, orgId: string | undefined, alsoRead: AlsoRead | undefined): Promise<Found | null> {
  const tokenHash = hashSecret(token);
  const row = await findCallerBySession(db, tokenHash, orgId, alsoRead, TOUCH_EVERY_MS);
  if (!row) return null;
  if (row.due) await extendSession(db, tokenHash, new Date(Date.now() + SESSION_TTL_MS));
  return {
    user: withRoles({ id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin, locale: row.locale, via: 'session' as const, mustChangePassword: row.must_change_password }, orgId, row.roles),
    readWithCaller: row.also_read,
  };
}

async function userFromToken(db: Kysely<DB>, token: string, orgId: string | undefined, alsoRead: AlsoRead | undefined): Promise<Found | null> {
  const tokenHash = hashSecret(token);
  const row = await findCallerByToken(db, tokenHash, orgId, alsoRead, TOUCH_EVERY_MS);
  if (!row) return null;
  if (row.due) await touchApiToken(db, row.token_id);
  return {
    user: withRoles({ id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin, locale: row.locale, via: 'token' as const, mustChangePassword: row.must_change_password }, orgId, row.roles),
    readWithCaller: row.also_read,
  };
}

function withRoles(user: Principal, orgId: string | undefined, roles: Role[] | null): Principal {
  if (orgId !== undefined && roles !== null) rememberRoles(user, orgId, roles);
  return user;
}
