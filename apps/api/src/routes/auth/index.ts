import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '@ritm/contracts/common';
import { LoginBody, Me } from '@ritm/contracts/auth';
import { Type } from 'typebox';
import { dummyHash, verifyPassword } from '../../auth/password.js';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import { HttpError } from '../../http/errors.js';
import { MESSAGES } from '../../http/messages.js';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../../plugins/auth.js';
import { findUserByEmail } from '../../repositories/users.js';

/** Failed logins allowed in the window, per account and per address. */
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 20;
const FAILURE_WINDOW_MS = 15 * 60 * 1000;

const auth: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets an HttpOnly session cookie',
        body: LoginBody,
        response: { 200: Me, 401: ErrorBody, 429: ErrorBody },
      },
      config: { public: true },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const since = new Date(Date.now() - FAILURE_WINDOW_MS);
      const failures = await db
        .selectFrom('login_attempts')
        .select((eb) => [
          eb.fn.countAll<number>().filterWhere(eb.fn('lower', ['email']), '=', email.toLowerCase()).as('account'),
          eb.fn.countAll<number>().filterWhere('ip', '=', request.ip).as('address'),
        ])
        .where('at', '>', since)
        .where((eb) => eb.or([eb(eb.fn('lower', ['email']), '=', email.toLowerCase()), eb('ip', '=', request.ip)]))
        .executeTakeFirstOrThrow();
      if (Number(failures.account) >= MAX_FAILURES_PER_ACCOUNT || Number(failures.address) >= MAX_FAILURES_PER_ADDRESS) {
        reply.header('retry-after', String(FAILURE_WINDOW_MS / 1000));
        throw new HttpError(429, 'too_many_attempts', MESSAGES.tooManyAttempts);
      }

      const user = await findUserByEmail(db, email);
      // Verify against a dummy hash when there is no such user, so that timing reveals nothing.
      const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
      if (!user || !valid || user.disabled) {
        await db.insertInto('login_attempts').values({ email, ip: request.ip }).execute();
        throw new HttpError(401, 'invalid_credentials', MESSAGES.invalidCredentials);
      }

      const token = newSecret();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('sessions')
          .values({
            token_hash: hashSecret(token),
            user_id: user.id,
            expires_at: new Date(Date.now() + SESSION_TTL_MS),
            user_agent: request.headers['user-agent']?.slice(0, 500) ?? null,
            ip: request.ip,
          })
          .execute();
        await trx.deleteFrom('login_attempts').where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).execute();
      });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: app.ritmConfig.secureCookies || request.protocol === 'https',
        path: '/',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return loadMe(user.id);
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null() } }, config: { public: true } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await db.deleteFrom('sessions').where('token_hash', '=', hashSecret(token)).execute();
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: 'The signed-in user and their memberships', response: { 200: Me, 401: ErrorBody } } },
    async (request) => loadMe(request.user!.id),
  );

  async function loadMe(userId: string) {
    const user = await db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'is_admin', 'locale'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    const memberships = await db
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.org_id')
      .select(['m.org_id', 'o.name', 'm.role'])
      .where('m.user_id', '=', userId)
      .orderBy('o.path')
      .execute();
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: user.is_admin,
      locale: user.locale,
      memberships: memberships.map((m) => ({ orgId: m.org_id, orgName: m.name, role: m.role })),
    };
  }
};

export default auth;
