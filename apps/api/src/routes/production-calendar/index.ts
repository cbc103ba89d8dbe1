import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Created, ErrorBody, OrgParams } from '@ritm/contracts/common';
import {
  OrgProductionDayParams,
  ProductionCalendar,
  ProductionDayCreate,
  ProductionDayParams,
  ProductionDayPatch,
  ProductionYearQuery,
} from '@ritm/contracts/production-calendar';
import { VersionQuery } from '@ritm/contracts/version';
import { hasCapability } from '@ritm/domain/access';
import { productionDayProblem, type ProductionDayKind } from '@ritm/domain/production-calendar';
import { Type } from 'typebox';
import { requireAccess } from '../../auth/access.js';
import { isInArchive } from '../../repositories/orgs.js';
import { nowOf } from '../../config.js';
import { badRequest, conflict, forbidden, notFound, unauthorized } from '../../http/errors.js';
import { message } from '../../http/messages.js';
import { expectedVersion, written } from '../../http/version.js';
import { recordAudit } from '../../repositories/audit.js';
import { findProductionDay, insertProductionDay, markFederalYearEdited } from '../../repositories/production-calendar.js';
import { deleteVersioned, updateVersioned } from '../../repositories/versioned.js';
import { loadOrgContext } from '../../services/org-context.js';
import { federalYear, organisationYear, requireYearOpen, yearOpen } from '../../services/production-calendar.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const writeErrors = { ...errors, 409: ErrorBody, 428: ErrorBody };

/** A worked weekend falls on a Saturday or Sunday: a 400 naming `body.day` otherwise. */
function checkEntry(entry: { day: string; kind: ProductionDayKind }): void {
  if (productionDayProblem(entry) === 'not_a_weekend') throw badRequest('validation', [{ path: 'body.day', message: message('fieldNotAWeekend') }]);
}

/**
 * The production calendar (issue 16). The federal calendar is the system administrator's; an
 * organisation's administrator (`org.admin`) adds the region's own days, which bind its subtree.
 * Only the current and future years change: past years have been judged and signed by them.
 * Nothing cached depends on the calendar: compliance rows do not read it (only gap suggestions
 * do, and they are computed afresh on every request), so an edit invalidates nothing.
 */
const productionCalendar: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  const requireSystemAdmin = (request: FastifyRequest): string => {
    if (!request.user) throw unauthorized();
    if (!request.user.isAdmin) throw forbidden();
    return request.user.id;
  };

  // One write path for both calendars: `orgId` null is the federal one.
  async function create(orgId: string | null, userId: string, body: ProductionDayCreate): Promise<Created> {
    const year = requireYearOpen(body.day, nowOf(app.ritmConfig));
    checkEntry(body);
    return db.transaction().execute(async (trx) => {
      const entry = { orgId, day: body.day, kind: body.kind, name: body.name, source: body.source ?? '' };
      const row = await insertProductionDay(trx, entry);
      if (!row) throw conflict('production_day_taken', message('productionDayTaken', { day: body.day }));
      if (orgId === null) await markFederalYearEdited(trx, year);
      await recordAudit(trx, { orgId, userId, entity: 'production_day', entityId: row.id, action: 'create', after: entry });
      return row;
    });
  }

  async function change(orgId: string | null, userId: string, dayId: string, body: ProductionDayPatch, version: number): Promise<Created> {
    return db.transaction().execute(async (trx) => {
      const before = await findProductionDay(trx, orgId, dayId);
      if (!before) throw notFound('production day');
      const year = requireYearOpen(before.day, nowOf(app.ritmConfig));
      checkEntry({ day: before.day, kind: body.kind ?? before.kind });
      const changes = { ...(body.kind !== undefined && { kind: body.kind }), ...(body.name !== undefined && { name: body.name }), ...(body.source !== undefined && { source: body.source }) };
      const row = written(await updateVersioned(trx, 'production_calendar_days', dayId, version, { ...changes, shipped: false }, ['id']), 'production day');
      if (orgId === null) await markFederalYearEdited(trx, year);
      await recordAudit(trx, { orgId, userId, entity: 'production_day', entityId: dayId, action: 'update', before, after: changes });
      return row;
    });
  }

  async function remove(orgId: string | null, userId: string, dayId: string, version: number): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const before = await findProductionDay(trx, orgId, dayId);
      if (!before) throw notFound('production day');
      const year = requireYearOpen(before.day, nowOf(app.ritmConfig));
      written(await deleteVersioned(trx, 'production_calendar_days', dayId, version), 'production day');
      if (orgId === null) await markFederalYearEdited(trx, year);
      await recordAudit(trx, { orgId, userId, entity: 'production_day', entityId: dayId, action: 'delete', before });
    });
  }

  app.get(
    '/production-calendar',
    {
      schema: { tags: ['production calendar'], summary: "The federal production calendar of a year (whoever is signed in); may.edit for the system administrator's current and future years", querystring: ProductionYearQuery, response: { 200: ProductionCalendar, ...errors } },
    },
    async (request) => {
      if (!request.user) throw unauthorized();
      const { year } = request.query;
      return federalYear(db, year, request.user.isAdmin && yearOpen(year, nowOf(app.ritmConfig)));
    },
  );

  app.post(
    '/production-calendar/days',
    { schema: { tags: ['production calendar'], summary: 'Add a day to the federal calendar (system administrator; current and future years)', body: ProductionDayCreate, response: { 201: Created, ...writeErrors } } },
    async (request, reply) => reply.code(201).send(await create(null, requireSystemAdmin(request), request.body)),
  );

  app.patch(
    '/production-calendar/days/:dayId',
    { schema: { tags: ['production calendar'], summary: 'Change a day of the federal calendar (versioned; system administrator)', params: ProductionDayParams, body: ProductionDayPatch, response: { 200: Created, ...writeErrors } } },
    async (request) => change(null, requireSystemAdmin(request), request.params.dayId, request.body, expectedVersion(request)),
  );

  app.delete(
    '/production-calendar/days/:dayId',
    { schema: { tags: ['production calendar'], summary: 'Remove a day of the federal calendar (versioned; system administrator)', params: ProductionDayParams, querystring: VersionQuery, response: { 204: Type.Null(), ...writeErrors } } },
    async (request, reply) => {
      await remove(null, requireSystemAdmin(request), request.params.dayId, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/orgs/:orgId/production-calendar',
    {
      schema: {
        tags: ['production calendar'],
        summary: "The organisation's effective calendar of a year: federal, then set above it, then its own (the nearest wins a day); may.edit: its own entries (org.admin)",
        params: OrgParams,
        querystring: ProductionYearQuery,
        response: { 200: ProductionCalendar, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const { year } = request.query;
      const roles = await requireAccess(db, request.user, orgId, 'org.read');
      // An archive's own days are read-only like the rest of it (plugins/archived-orgs.ts).
      const mayEdit = hasCapability(roles, 'org.admin') && yearOpen(year, nowOf(app.ritmConfig)) && !(await isInArchive(db, orgId));
      return organisationYear(db, await loadOrgContext(db, orgId), year, mayEdit);
    },
  );

  app.post(
    '/orgs/:orgId/production-calendar/days',
    {
      schema: { tags: ['production calendar'], summary: "Add the organisation's own day (a regional holiday), binding its subtree (org.admin)", params: OrgParams, body: ProductionDayCreate, response: { 201: Created, ...writeErrors } },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.admin');
      return reply.code(201).send(await create(orgId, request.user!.id, request.body));
    },
  );

  app.patch(
    '/orgs/:orgId/production-calendar/days/:dayId',
    { schema: { tags: ['production calendar'], summary: "Change one of the organisation's own days (versioned; org.admin)", params: OrgProductionDayParams, body: ProductionDayPatch, response: { 200: Created, ...writeErrors } } },
    async (request) => {
      const { orgId, dayId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.admin');
      return change(orgId, request.user!.id, dayId, request.body, expectedVersion(request));
    },
  );

  app.delete(
    '/orgs/:orgId/production-calendar/days/:dayId',
    {
      schema: { tags: ['production calendar'], summary: "Remove one of the organisation's own days (versioned; org.admin)", params: OrgProductionDayParams, querystring: VersionQuery, response: { 204: Type.Null(), ...writeErrors } },
    },
    async (request, reply) => {
      const { orgId, dayId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.admin');
      await remove(orgId, request.user!.id, dayId, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );
};

export default productionCalendar;
