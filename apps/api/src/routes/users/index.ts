import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '@ritm/contracts/common';
import { ChangePasswordBody, CreateUserBody, CreatedUser } from '@ritm/contracts/users';
import { Type } from 'typebox';
import { recordAudit } from '../../repositories/audit.js';
import { requireAccess } from '../../auth/access.js';
import { hashPassword, temporaryPassword, verifyPassword } from '../../auth/password.js';
import { passwordAccepted, takePasswordAttempt, throttleKeys } from '../../auth/throttle.js';
import { hashSecret } from '../../auth/tokens.js';
import { badRequest, forbidden, HttpError } from '../../http/errors.js';
import { message, MESSAGES } from '../../http/messages.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { written } from '../../http/version.js';
import { deleteSessionsOfUser } from '../../repositories/sessions.js';
import { revokeCalendarFeedsOfUser } from '../../repositories/calendar-feeds.js';
import { revokeApiTokensOfUser } from '../../repositories/tokens.js';
import { insertMember } from '../../repositories/orgs.js';
import { findUserByEmail, findUserById, insertUser } from '../../repositories/users.js';
import { updateVersioned } from '../../repositories/versioned.js';

const users: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary:
          'Create a user: with orgId and role, by whoever has member.manage there, who gives the first role; without them, by a system administrator. Without password, a temporary one is answered once and must be replaced at first sign-in',
        body: CreateUserBody,
        response: { 201: CreatedUser, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const caller = request.user!;
      const { email, password, name = '', locale = 'ru', isAdmin = false, orgId, role } = request.body;
      if ((orgId === undefined) !== (role === undefined)) {
        const [path, other] = orgId === undefined ? ['body.orgId', 'role'] : ['body.role', 'orgId'];
        throw badRequest('validation', [{ path, message: message('givenTogether', { other }) }]);
      }
      if (orgId !== undefined) await requireAccess(db, caller, orgId, 'member.manage');
      else if (!caller.isAdmin) throw forbidden('userCreateNeedsOrg');
      if (isAdmin && !caller.isAdmin) throw forbidden('systemAdminOnly');
      if (await findUserByEmail(db, email)) throw new HttpError(409, 'email_taken', MESSAGES.emailTaken);
      const temporary = password === undefined ? temporaryPassword() : undefined;
      const passwordHash = await hashPassword(password ?? temporary!);
      const created = await db.transaction().execute(async (trx) => {
        const user = await insertUser(trx, { email, name, passwordHash, locale, isAdmin, mustChangePassword: temporary !== undefined });
        await recordAudit(trx, { orgId: null, userId: caller.id, entity: 'user', entityId: user.id, action: 'create', after: { email, name, locale, isAdmin } });
        if (orgId !== undefined && role !== undefined) {
          await insertMember(trx, orgId, user.id, role, caller.id);
          await recordAudit(trx, { orgId, userId: caller.id, entity: 'membership', entityId: user.id, action: 'create', after: { email, role } });
        }
        return user;
      }).catch((error: unknown) => {
        // Two requests for one new address: the unique index decides, the loser hears why.
        if ((error as { code?: string }).code === '23505') throw new HttpError(409, 'email_taken', MESSAGES.emailTaken);
        throw error;
      });
      return reply.code(201).send({
        id: created.id,
        email: created.email,
        name: created.name,
        locale: created.locale,
        isAdmin: created.isAdmin,
        version: created.version,
        mustChangePassword: created.mustChangePassword,
        ...(temporary !== undefined && { temporaryPassword: temporary }),
      });
    },
  );

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: "Change one's own password; ends every other session, API token and calendar feed of the user but those in keepTokens / keepFeeds",
        body: ChangePasswordBody,
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const principal = request.user!;
      // Guessing the current password (a stolen session) is slowed down like a login.
      const keys = throttleKeys(`password:${principal.id}`, request);
      await takePasswordAttempt(db, keys, reply);
      const user = await findUserById(db, principal.id);
      if (!user || !(await verifyPassword(user.passwordHash, request.body.currentPassword))) {
        throw new HttpError(403, 'wrong_password', MESSAGES.wrongPassword);
      }
      await passwordAccepted(db, keys);
      // A temporary password was shown to an administrator: keeping it would leave them knowing it.
      if (user.mustChangePassword && request.body.newPassword === request.body.currentPassword) {
        throw badRequest('newPasswordSameAsTemporary', [{ path: 'body.newPassword', message: message('fieldNewPasswordSameAsTemporary') }]);
      }
      const passwordHash = await hashPassword(request.body.newPassword);
      const current = request.cookies[SESSION_COOKIE];
      await db.transaction().execute(async (trx) => {
        // The version read just now: a concurrent change of this user answers 409 instead of being lost.
        // The user's own password now: a temporary one an administrator was shown no longer holds them back.
        written(await updateVersioned(trx, 'users', user.id, user.version, { password_hash: passwordHash, must_change_password: false }), 'resource');
        await deleteSessionsOfUser(trx, user.id, principal.via === 'session' && current ? hashSecret(current) : undefined);
        // Whoever learnt the old password may have made tokens or calendar feeds with it: they end too.
        await revokeApiTokensOfUser(trx, user.id, request.body.keepTokens);
        await revokeCalendarFeedsOfUser(trx, user.id, request.body.keepFeeds);
        await recordAudit(trx, { orgId: null, userId: user.id, entity: 'user', entityId: user.id, action: 'password_change' });
      });
      return reply.code(204).send(null);
    },
  );
};

export default users;
