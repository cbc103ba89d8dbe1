import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import { CandidateList, CandidateQuery, PasswordReset, PasswordResetBody, UpdateUserBody, UserParams, UserState } from '@ritm/contracts/users';
import { requireAccess } from '../../auth/access.js';
import { hashPassword, temporaryPassword } from '../../auth/password.js';
import { expectedVersion, written } from '../../http/version.js';
import { revokeCalendarFeedsOfUser } from '../../repositories/calendar-feeds.js';
import { findCandidates } from '../../repositories/people.js';
import { deleteSessionsOfUser } from '../../repositories/sessions.js';
import { revokeApiTokensOfUser } from '../../repositories/tokens.js';
import { updateVersioned } from '../../repositories/versioned.js';
import { keepAnAdministrator, recordAccountAudit, requireManagedUser } from '../../services/people.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 428: ErrorBody };
const CANDIDATE_LIMIT = 50;

/** An account's state as the People screen shows it. */
const stateOf = (row: { disabled_at: unknown; must_change_password: boolean; version: number }, id: string) => ({
  id,
  active: row.disabled_at === null,
  mustChangePassword: row.must_change_password,
  version: row.version,
});

/**
 * People and roles (issue 16), the account side: finding people to give a role to, deactivating
 * and reactivating an account, and resetting a password to a temporary one. The roles themselves
 * are the member routes of routes/orgs.
 */
const people: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs/:orgId/member-candidates',
    {
      schema: {
        tags: ['people'],
        summary:
          'People who could be given a role here: by part of their e-mail or name (q), or, without q, those with no role anywhere yet (a system administrator); only people of the caller\u2019s trees, or with no role and the whole e-mail given (member.manage)',
        params: OrgParams,
        querystring: CandidateQuery,
        response: { 200: CandidateList, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'member.manage');
      const caller = request.user!;
      const users = await findCandidates(db, { orgId, text: request.query.q ?? '', unassignedOnly: request.query.q === undefined, callerId: caller.id, everyone: caller.isAdmin, limit: CANDIDATE_LIMIT });
      return { users };
    },
  );

  app.patch(
    '/users/:userId',
    {
      schema: {
        tags: ['people'],
        summary:
          'Deactivate (active: false; every session and API token ends, calendar feeds answer 404, sign-in is refused, history stays) or reactivate a user (If-Match or body.version); needs member.manage wherever the user has a role',
        params: UserParams,
        body: UpdateUserBody,
        response: { 200: UserState, ...errors },
      },
    },
    async (request) => {
      const { userId } = request.params;
      const { active } = request.body;
      await requireManagedUser(db, request.user!, userId);
      const expected = expectedVersion(request);
      return db.transaction().execute(async (trx) => {
        if (!active) await keepAnAdministrator(trx, userId);
        const row = written(
          await updateVersioned(trx, 'users', userId, expected, { disabled_at: active ? null : new Date() }, ['disabled_at', 'must_change_password']),
          'user',
        );
        // Calendar feeds of a deactivated owner already answer 404, and come back with a reactivation.
        if (!active) {
          await deleteSessionsOfUser(trx, userId);
          await revokeApiTokensOfUser(trx, userId);
        }
        await recordAccountAudit(trx, request.user!.id, userId, active ? 'reactivate' : 'deactivate');
        return stateOf(row, userId);
      });
    },
  );

  app.post(
    '/users/:userId/password-reset',
    {
      schema: {
        tags: ['people'],
        summary:
          'Replace the user\u2019s password with a temporary one, answered once; the user must choose their own at next sign-in, and every session, API token and calendar feed of theirs ends (If-Match or body.version)',
        params: UserParams,
        body: PasswordResetBody,
        response: { 200: PasswordReset, ...errors },
      },
    },
    async (request) => {
      const { userId } = request.params;
      await requireManagedUser(db, request.user!, userId);
      const expected = expectedVersion(request);
      const password = temporaryPassword();
      const passwordHash = await hashPassword(password);
      return db.transaction().execute(async (trx) => {
        const row = written(
          await updateVersioned(trx, 'users', userId, expected, { password_hash: passwordHash, must_change_password: true }, ['disabled_at', 'must_change_password']),
          'user',
        );
        await deleteSessionsOfUser(trx, userId);
        await revokeApiTokensOfUser(trx, userId);
        await revokeCalendarFeedsOfUser(trx, userId);
        await recordAccountAudit(trx, request.user!.id, userId, 'password_reset');
        return { ...stateOf(row, userId), temporaryPassword: password };
      });
    },
  );
};

export default people;
