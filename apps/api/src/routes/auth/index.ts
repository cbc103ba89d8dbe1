import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '@ritm/contracts/common';
import { LoginBody, Me } from '@ritm/contracts/auth';
import { Type } from 'typebox';
import { dummyHash, verifyPassword } from '../../auth/password.js';
import { ACCOUNT_FREE_ATTEMPTS, passwordAccepted, takePasswordAttempt, throttleKeys } from '../../auth/throttle.js';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import { HttpError, unauthorized } from '../../http/errors.js';
import { MESSAGES } from '../../http/messages.js';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../../plugins/auth.js';
import { findDeviceUser, rememberDevice } from '../../repositories/known-devices.js';
import type { ThrottleKey } from '../../repositories/login-throttle.js';
import { deleteSession, insertSession } from '../../repositories/sessions.js';
import { findUserByEmail, findUserProfile, type UserProfile } from '../../repositories/users.js';

/** A browser that signed in before: a random secret, stored hashed (known_devices). */
export const DEVICE_COOKIE = 'ritm_device';
const DEVICE_TTL_S = 365 * 24 * 3600;

const auth: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets an HttpOnly session cookie (and a device cookie that keeps slow-downs of the account off this browser)',
        body: LoginBody,
        response: { 200: Me, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
      },
      config: { public: true },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const user = await findUserByEmail(db, email);
      // A browser this user signed in from is slowed down on its own count, not the account's.
      const device = request.cookies[DEVICE_COOKIE];
      const deviceHash = device ? hashSecret(device) : undefined;
      const knownDevice = deviceHash !== undefined && user !== undefined && (await findDeviceUser(db, deviceHash)) === user.id;
      const keys: ThrottleKey[] = knownDevice
        ? [{ key: `device:${deviceHash}`, free: ACCOUNT_FREE_ATTEMPTS }]
        : throttleKeys(`account:${email.toLowerCase()}`, request);
      await takePasswordAttempt(db, keys, reply);

      // Verify against a dummy hash when there is no such user, so that timing reveals nothing.
      const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
      if (!user || !valid) throw new HttpError(401, 'invalid_credentials', MESSAGES.invalidCredentials);
      // Only whoever knows the password learns the account is deactivated, and why sign-in fails.
      if (user.disabled) throw new HttpError(403, 'account_disabled', MESSAGES.accountDisabled);

      const token = newSecret();
      const newDevice = knownDevice ? undefined : newSecret();
      await db.transaction().execute(async (trx) => {
        await insertSession(trx, {
          tokenHash: hashSecret(token),
          userId: user.id,
          expiresAt: new Date(Date.now() + SESSION_TTL_MS),
          userAgent: request.headers['user-agent']?.slice(0, 500) ?? null,
          ip: request.ip,
        });
        await rememberDevice(trx, knownDevice ? deviceHash! : hashSecret(newDevice!), user.id);
      });
      await passwordAccepted(db, keys);
      const secure = app.ritmConfig.secureCookies || request.protocol === 'https';
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_TTL_MS / 1000 });
      if (newDevice) reply.setCookie(DEVICE_COOKIE, newDevice, { httpOnly: true, sameSite: 'strict', secure, path: '/api/auth', maxAge: DEVICE_TTL_S });
      return loadMe(user.id);
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null() } }, config: { public: true } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await deleteSession(db, hashSecret(token));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      // Dashboards, month lists and attachments are kept in the browser's own cache to be asked
      // again with their ETag: on a shared computer they go with the session.
      reply.header('clear-site-data', '"cache"');
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: 'The signed-in user and their memberships', response: { 200: Me, 401: ErrorBody } } },
    async (request) => loadMe(request.user!.id),
  );

  async function loadMe(userId: string): Promise<UserProfile> {
    const profile = await findUserProfile(db, userId);
    // The caller was just signed in or authenticated, in this request: their row exists.
    if (!profile) throw unauthorized();
    return profile;
  }
};

export default auth;
