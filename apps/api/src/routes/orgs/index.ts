import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Created, ErrorBody, OrgParams } from '@ritm/contracts/common';
import {
  AddMemberBody,
  ArchiveOrganisationBody,
  CreateOrganisationBody,
  MemberList,
  MemberParams,
  Organisation,
  OrganisationList,
  OrganisationListQuery,
  UpdateMemberBody,
  UpdateOrganisationBody,
} from '@ritm/contracts/orgs';
import { VersionQuery } from '@ritm/contracts/version';
import { capabilitiesOf, hasCapability, strongestRole } from '@ritm/domain/access';
import { capabilitiesInArchive } from '@ritm/domain/org-archive';
import { isTimeZone } from '@ritm/domain/time-zone';
import { Type } from 'typebox';
import { recordAudit } from '../../repositories/audit.js';
import { requireAccess, rolesIn, type Principal, type Role } from '../../auth/access.js';
import { badRequest, conflict, forbidden, HttpError, notFound } from '../../http/errors.js';
import { message } from '../../http/messages.js';
import { expectedVersion, written } from '../../http/version.js';
import {
  findMembership,
  findOrg,
  hasChildOrgs,
  insertMember,
  insertOrg,
  isInArchive,
  listMembers,
  listVisibleOrgs,
  moveOrg,
  setArchived,
  updateOrg,
  type OrganisationRecord,
} from '../../repositories/orgs.js';
import { loadOrgContext } from '../../services/org-context.js';
import { keepAnAdministrator, manageableUsers } from '../../services/people.js';
import { replaceLocalDays } from '../../services/items.js';
import { findUserByEmail } from '../../repositories/users.js';
import { deleteVersioned, updateVersioned } from '../../repositories/versioned.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const writeErrors = { ...errors, 409: ErrorBody, 428: ErrorBody };

/** The audit's picture of an organisation: what a person edits, not the bookkeeping. */
function snapshot(org: OrganisationRecord) {
  return {
    name: org.name,
    kind: org.kind,
    timezone: org.timeZone,
    members: org.members,
    figures: org.figures,
    countOnlyConfirmed: org.countOnlyConfirmed,
    parentId: org.parentId,
    archivedAt: org.archivedAt?.toISOString() ?? null,
  };
}

/** An organisation as the caller sees it: with their roles there and what those let them do. */
function present(org: OrganisationRecord, roles: Role[]) {
  return {
    id: org.id,
    ...snapshot(org),
    depth: org.depth,
    version: org.version,
    role: strongestRole(roles),
    roles,
    capabilities: capabilitiesInArchive(capabilitiesOf(roles), org.inArchive),
    archivedBy: org.archivedBy,
    inArchive: org.inArchive,
  };
}

function checkTimeZone(timeZone: string | undefined): void {
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    throw badRequest('unknownTimeZone', [{ path: 'body.timezone', message: message('unknownTimeZone') }]);
  }
}

const orgs: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Every organisation the caller can see (their memberships and the subtrees below), in tree order; archived ones with includeArchived',
        querystring: OrganisationListQuery,
        response: { 200: OrganisationList, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => {
      const visible = await listVisibleOrgs(db, request.user!, { includeArchived: request.query.includeArchived === true });
      return { organisations: visible.map((org) => present(org, org.roles)) };
    },
  );

  app.post(
    '/orgs',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Create an organisation: admin of the parent, or a system administrator for a root',
        body: CreateOrganisationBody,
        response: { 201: Type.Object({ ...Created.properties, ...Organisation.properties }), ...writeErrors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { parentId = null, timezone: timeZone = 'Europe/Moscow' } = request.body;
      checkTimeZone(timeZone);
      let parent: OrganisationRecord | undefined;
      if (parentId === null) {
        if (!user.isAdmin) throw forbidden('rootNeedsSystemAdmin');
      } else {
        await requireAccess(db, user, parentId, 'org.admin').catch((error: unknown) => {
          throw error instanceof HttpError && error.statusCode === 404 ? notFound('parent') : error;
        });
        parent = await findOrg(db, parentId);
        if (!parent) throw notFound('parent');
        if (parent.inArchive) throw conflict('org_archived', 'orgCreateInArchive');
      }
      const created = await db.transaction().execute(async (trx) => {
        const org = await insertOrg(trx, {
          parent: parent ?? null,
          name: request.body.name,
          kind: request.body.kind,
          timeZone,
          members: request.body.members ?? null,
          figures: request.body.figures ?? {},
        });
        await recordAudit(trx, { orgId: org.id, userId: user.id, entity: 'organisation', entityId: org.id, action: 'create', after: snapshot(org) });
        return org;
      });
      return reply.code(201).send(present(created, ['admin']));
    },
  );

  app.get(
    '/orgs/:orgId',
    { schema: { tags: ['organisations'], summary: 'One organisation', params: OrgParams, response: { 200: Organisation, ...errors } } },
    async (request) => {
      const roles = await requireAccess(db, request.user, request.params.orgId, 'org.read');
      const org = await findOrg(db, request.params.orgId);
      if (!org) throw notFound('organisation');
      return present(org, roles);
    },
  );

  app.patch(
    '/orgs/:orgId',
    {
      schema: {
        tags: ['organisations'],
        summary: "Edit an organisation (If-Match or body.version); a new time zone moves its items' local days; parentId moves it with its subtree",
        params: OrgParams,
        body: UpdateOrganisationBody,
        response: { 200: Organisation, ...writeErrors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const roles = await requireAccess(db, request.user, orgId, 'org.admin');
      const expected = expectedVersion(request);
      const { version: _version, parentId, timezone: timeZone, ...rest } = request.body;
      checkTimeZone(timeZone);
      const changes = { ...rest, ...(timeZone !== undefined && { timeZone }) };
      // Moving takes the right to administer where it goes as well as where it is.
      if (parentId !== undefined) await requireAccess(db, request.user, parentId, 'org.admin');
      const updated = await db.transaction().execute(async (trx) => {
        const before = await findOrg(trx, orgId);
        if (!before) throw notFound('organisation');
        if (before.inArchive) throw conflict('org_archived', 'orgProfileArchived');
        // The move locks both organisations first (in a fixed order), so two crossing moves queue
        // instead of deadlocking; a wrong version then undoes it with the rest of the transaction.
        if (parentId !== undefined && parentId !== before.parentId) {
          if (await isInArchive(trx, parentId)) throw conflict('org_archived', 'orgMoveIntoArchive');
          const moved = await moveOrg(trx, orgId, parentId);
          if (moved === 'missing') throw notFound('organisation');
          if (moved === 'cycle') throw conflict('move_cycle', 'orgMoveCycle');
        }
        written(await updateOrg(trx, orgId, expected, changes), 'organisation');
        if (timeZone !== undefined && timeZone !== before.timeZone) {
          await replaceLocalDays(trx, orgId, timeZone, request.user!.id);
        }
        const after = (await findOrg(trx, orgId))!;
        await recordAudit(trx, {
          orgId,
          userId: request.user!.id,
          entity: 'organisation',
          entityId: orgId,
          action: 'update',
          before: snapshot(before),
          after: snapshot(after),
        });
        return after;
      });
      return present(updated, roles);
    },
  );

  /**
   * Archiving takes the right to administer the organisation above (or, for a root, the
   * organisation itself): it leaves the summaries of the organisations above it, so a centre
   * cannot hide itself from its department's dashboard.
   */
  async function requireArchiveRight(user: Principal | null, orgId: string): Promise<Role[]> {
    const roles = await requireAccess(db, user, orgId, 'org.read');
    const org = await findOrg(db, orgId);
    if (!org) throw notFound('organisation');
    if (org.parentId === null) return requireAccess(db, user, orgId, 'org.admin');
    await requireAccess(db, user, org.parentId, 'org.admin').catch((error: unknown) => {
      // Outside the caller's trees the parent is not revealed: they may not do it here.
      throw error instanceof HttpError && error.statusCode === 404 ? forbidden() : error;
    });
    return roles;
  }

  for (const action of ['archive', 'unarchive'] as const) {
    app.post(
      `/orgs/:orgId/${action}`,
      {
        schema: {
          tags: ['organisations'],
          summary:
            action === 'archive'
              ? 'Archive an organisation with its subtree (admin of the one above; If-Match or body.version): history kept, read-only, hidden by default, not judged in the summaries above it'
              : 'Unarchive an organisation (admin of the one above; If-Match or body.version)',
          params: OrgParams,
          body: ArchiveOrganisationBody,
          response: { 200: Organisation, ...writeErrors },
        },
      },
      async (request) => {
        const { orgId } = request.params;
        const roles = await requireArchiveRight(request.user, orgId);
        const expected = expectedVersion(request);
        const archiving = action === 'archive';
        const updated = await db.transaction().execute(async (trx) => {
          const before = await findOrg(trx, orgId);
          if (!before) throw notFound('organisation');
          if (archiving && before.archivedAt !== null) throw conflict('already_archived', 'orgAlreadyArchived');
          if (!archiving && before.archivedAt === null) throw conflict('not_archived', 'orgNotArchived');
          written(await setArchived(trx, orgId, expected, archiving ? request.user!.id : null), 'organisation');
          const after = (await findOrg(trx, orgId))!;
          await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'organisation', entityId: orgId, action, before: snapshot(before), after: snapshot(after) });
          return after;
        });
        return present(updated, roles);
      },
    );
  }

  app.delete(
    '/orgs/:orgId',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Delete an organisation without child organisations, with everything in it (If-Match or ?version=; org.admin at the organisation above, as for archiving)',
        params: OrgParams,
        querystring: VersionQuery,
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      // Deleting takes an organisation out of the summaries above it for good: the same right as
      // archiving it (the administrator above), so a centre cannot erase itself from its department.
      await requireArchiveRight(request.user, orgId);
      const expected = expectedVersion(request);
      await db.transaction().execute(async (trx) => {
        const before = await findOrg(trx, orgId);
        if (!before) throw notFound('organisation');
        if (await hasChildOrgs(trx, orgId)) throw conflict('has_children', 'orgHasChildren');
        written(await deleteVersioned(trx, 'organisations', orgId, expected), 'organisation');
        // Recorded on the parent: the organisation's own audit rows lose it when it goes.
        await recordAudit(trx, {
          orgId: before.parentId,
          userId: request.user!.id,
          entity: 'organisation',
          entityId: orgId,
          action: 'delete',
          before: snapshot(before),
        });
      });
      return reply.code(204).send(null);
    },
  );

  // ---- Members ------------------------------------------------------------------------------

  app.get(
    '/orgs/:orgId/members',
    {
      schema: {
        tags: ['organisations'],
        summary: 'People with a role in this organisation: given here, and inherited from the organisations above (marked)',
        params: OrgParams,
        response: { 200: MemberList, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const caller = request.user!;
      await requireAccess(db, caller, orgId, 'org.read');
      const org = await loadOrgContext(db, orgId);
      const members = await listMembers(db, orgId, org.lineage);
      // What the caller may do with each row: the server decides, the admin only asks (issue 16).
      const managesAt = new Map<string, boolean>();
      for (const id of new Set(members.map((member) => member.orgId))) managesAt.set(id, hasCapability(await rolesIn(db, caller, id), 'member.manage'));
      const manageable = await manageableUsers(db, caller, [...new Set(members.map((member) => member.userId))]);
      return {
        members: members.map((member) => ({
          ...member,
          grantedAt: member.grantedAt?.toISOString() ?? null,
          may: { changeRole: managesAt.get(member.orgId) === true, manageUser: manageable.has(member.userId) },
        })),
      };
    },
  );

  app.post(
    '/orgs/:orgId/members',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Give an existing user a role here (and so in the whole subtree)',
        params: OrgParams,
        body: AddMemberBody,
        response: { 201: Type.Object({ ...Created.properties, userId: Type.String(), role: Type.String() }), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'member.manage');
      const member = await findUserByEmail(db, request.body.email);
      if (!member) throw new HttpError(404, 'user_not_found', message('noUserWithEmail'));
      const { role } = request.body;
      const version = await db.transaction().execute(async (trx) => {
        const inserted = await insertMember(trx, orgId, member.id, role, request.user!.id);
        if (!inserted) throw conflict('already_member', 'alreadyMember');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'membership', entityId: member.id, action: 'create', after: { email: member.email, role } });
        return inserted.version;
      });
      return reply.code(201).send({ id: member.id, userId: member.id, version, role });
    },
  );

  app.patch(
    '/orgs/:orgId/members/:userId',
    {
      schema: {
        tags: ['organisations'],
        summary: "Change a member's role (If-Match or body.version)",
        params: MemberParams,
        body: UpdateMemberBody,
        response: { 200: Type.Object({ userId: Type.String(), role: Type.String(), version: Type.Integer() }), ...writeErrors },
      },
    },
    async (request) => {
      const { orgId, userId } = request.params;
      await requireAccess(db, request.user, orgId, 'member.manage');
      const expected = expectedVersion(request);
      return db.transaction().execute(async (trx) => {
        const key = { user_id: userId, org_id: orgId };
        const before = await findMembership(trx, orgId, userId);
        if (!before) throw notFound('membership');
        if (request.body.role !== 'admin') await keepAnAdministrator(trx, userId, orgId);
        // A changed role is given anew: by this caller, now.
        const changes = { role: request.body.role, granted_by: request.user!.id, granted_at: new Date() };
        const updated = written(await updateVersioned(trx, 'memberships', key, expected, changes, ['role']), 'membership');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'membership', entityId: userId, action: 'update', before, after: { role: updated.role } });
        return { userId, role: updated.role, version: updated.version };
      });
    },
  );

  app.delete(
    '/orgs/:orgId/members/:userId',
    {
      schema: {
        tags: ['organisations'],
        summary: "Take a member's role here away (If-Match or ?version=)",
        params: MemberParams,
        querystring: VersionQuery,
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = request.params;
      await requireAccess(db, request.user, orgId, 'member.manage');
      const expected = expectedVersion(request);
      await db.transaction().execute(async (trx) => {
        await keepAnAdministrator(trx, userId, orgId);
        const removed = written(await deleteVersioned(trx, 'memberships', { user_id: userId, org_id: orgId }, expected, ['role']), 'membership');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'membership', entityId: userId, action: 'delete', before: { role: removed.role } });
      });
      return reply.code(204).send(null);
    },
  );
};

export default orgs;
