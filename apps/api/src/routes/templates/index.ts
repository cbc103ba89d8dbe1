import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import {
  PlanTemplate,
  PlanTemplateList,
  TemplateApplied,
  TemplateApply,
  TemplateCreate,
  TemplateParams,
  TemplatePatch,
  type PlanTemplateSummary,
} from '@ritm/contracts/templates';
import { VersionQuery } from '@ritm/contracts/version';
import { hasCapability, type Role } from '@ritm/domain/access';
import { templateVisibleAt } from '@ritm/domain/plan-template';
import { Type } from 'typebox';
import { requireAccess } from '../../auth/access.js';
import { nowOf } from '../../config.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { message } from '../../http/messages.js';
import { expectedVersion, written } from '../../http/version.js';
import { recordAudit } from '../../repositories/audit.js';
import { isInArchive } from '../../repositories/orgs.js';
import { findTemplate, insertTemplate, listTemplates, type PlanTemplateRow } from '../../repositories/plan-templates.js';
import { deleteVersioned, updateVersioned } from '../../repositories/versioned.js';
import { loadOrgContext } from '../../services/org-context.js';
import { applyToOrganisation, captureFromPeriod, checkEntries } from '../../services/plan-templates.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** A template as the caller sees it from an organisation: what they may do there with it. */
function summaryOf({ orgPath: _path, ...row }: PlanTemplateRow, orgId: string, roles: readonly Role[]): PlanTemplateSummary {
  const plans = hasCapability(roles, 'plan.edit');
  // Shared down, it is seen (and may be applied) everywhere below this organisation; not shared, only here.
  return { ...row, may: { edit: plans && row.orgId === orgId, apply: plans, applyBelow: plans && row.shareDown } };
}

// Plan templates (issue 15): saving a week, month or quarter and laying it onto another period,
// shared down the tree. Reading them needs `org.read`; saving, changing and applying `plan.edit`.
const templates: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs/:orgId/templates',
    {
      schema: {
        tags: ['templates'],
        summary: "The organisation's plan templates, then those shared down from above",
        params: OrgParams,
        response: { 200: PlanTemplateList, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const roles = await requireAccess(db, request.user, orgId, 'org.read');
      const org = await loadOrgContext(db, orgId);
      return { templates: (await listTemplates(db, orgId, org.lineage)).map((row) => summaryOf(row, orgId, roles)) };
    },
  );

  app.post(
    '/orgs/:orgId/templates',
    {
      schema: {
        tags: ['templates'],
        summary: 'Save the items of the week, month or quarter that holds `from` as a template',
        params: OrgParams,
        body: TemplateCreate,
        response: { 201: PlanTemplate, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const roles = await requireAccess(db, request.user, orgId, 'plan.edit');
      const { name, span, from, shareDown = false, placing = 'day' } = request.body;
      const userId = request.user!.id;
      const created = await db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId);
        const entries = await captureFromPeriod(trx, org, span, from, placing);
        const id = await insertTemplate(trx, { orgId, name, span, shareDown, entries, createdBy: userId });
        const after = (await findTemplate(trx, id))!;
        await recordAudit(trx, { orgId, userId, entity: 'plan_template', entityId: id, action: 'create', after });
        return after;
      });
      return reply.code(201).send({ ...summaryOf(created, orgId, roles), entries: created.entries });
    },
  );

  app.get(
    '/orgs/:orgId/templates/:templateId',
    { schema: { tags: ['templates'], summary: 'A template with its entries', params: TemplateParams, response: { 200: PlanTemplate, ...errors } } },
    async (request) => {
      const { orgId, templateId } = request.params;
      const roles = await requireAccess(db, request.user, orgId, 'org.read');
      const org = await loadOrgContext(db, orgId);
      const template = await findTemplate(db, templateId);
      if (!template || !templateVisibleAt(template, org)) throw notFound('template');
      return { ...summaryOf(template, orgId, roles), entries: template.entries };
    },
  );

  app.patch(
    '/orgs/:orgId/templates/:templateId',
    {
      schema: {
        tags: ['templates'],
        summary: "Rename, share or unshare an organisation's own template, or change its entries (versioned)",
        params: TemplateParams,
        body: TemplatePatch,
        response: { 200: PlanTemplate, 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, templateId } = request.params;
      const roles = await requireAccess(db, request.user, orgId, 'plan.edit');
      const version = expectedVersion(request);
      const { name, shareDown, entries } = request.body;
      const userId = request.user!.id;
      const after = await db.transaction().execute(async (trx) => {
        const before = await findTemplate(trx, templateId);
        // A template shared from above is changed where it was saved.
        if (!before || before.orgId !== orgId) throw notFound('template');
        if (entries) checkEntries(entries, before.span, 'body.entries');
        const changes = {
          ...(name !== undefined && { name }),
          ...(shareDown !== undefined && { share_down: shareDown }),
          ...(entries !== undefined && { entries: JSON.stringify(entries) }),
        };
        written(await updateVersioned(trx, 'plan_templates', templateId, version, changes), 'template');
        const row = (await findTemplate(trx, templateId))!;
        await recordAudit(trx, { orgId, userId, entity: 'plan_template', entityId: templateId, action: 'update', before, after: row });
        return row;
      });
      return { ...summaryOf(after, orgId, roles), entries: after.entries };
    },
  );

  app.delete(
    '/orgs/:orgId/templates/:templateId',
    {
      schema: {
        tags: ['templates'],
        summary: "Delete an organisation's own template (versioned); items made from it stay",
        params: TemplateParams,
        querystring: VersionQuery,
        response: { 204: Type.Null(), 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, templateId } = request.params;
      await requireAccess(db, request.user, orgId, 'plan.edit');
      const version = expectedVersion(request);
      await db.transaction().execute(async (trx) => {
        const before = await findTemplate(trx, templateId);
        if (!before || before.orgId !== orgId) throw notFound('template');
        written(await deleteVersioned(trx, 'plan_templates', templateId, version), 'template');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'plan_template', entityId: templateId, action: 'delete', before });
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/orgs/:orgId/templates/:templateId/apply',
    {
      schema: {
        tags: ['templates'],
        summary: 'Lay a template onto a week, month or quarter of this organisation or of `orgId`: {created, skipped}, in one transaction',
        params: TemplateParams,
        body: TemplateApply,
        response: { 200: TemplateApplied, 409: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, templateId } = request.params;
      await requireAccess(db, request.user, orgId, 'plan.edit');
      const targetId = request.body.orgId ?? orgId;
      if (targetId !== orgId) {
        await requireAccess(db, request.user, targetId, 'plan.edit');
        // The archive guard sees only the URL's organisation: a target in an archive is refused as it is.
        if (await isInArchive(db, targetId)) throw conflict('org_archived', 'orgArchived');
      }
      const userId = request.user!.id;
      return db.transaction().execute(async (trx) => {
        // The target's row is share-locked, as for any item written there (its time zone holds still).
        const target = await loadOrgContext(trx, targetId, { lock: true });
        const here = targetId === orgId ? target : await loadOrgContext(trx, orgId);
        const template = await findTemplate(trx, templateId);
        if (!template || !templateVisibleAt(template, here)) throw notFound('template');
        if (!templateVisibleAt(template, target)) {
          throw badRequest('templateInvalid', [{ path: 'body.orgId', message: message('templateNotShared') }]);
        }
        return applyToOrganisation(trx, target, template, request.body.from, { userId, now: nowOf(app.ritmConfig), preview: request.body.preview ?? false });
      });
    },
  );
};

export default templates;
