import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Created, ErrorBody, OrgParams } from '@ritm/contracts/common';
import { Plan, PlanApproval, PlanChanges, PlanCopied, PlanCopy, PlanCreate, PlanList, PlanParams, PlanPatch, PlanQuery, PlanTransition, PlanWithItems } from '@ritm/contracts/plans';
import { VersionQuery } from '@ritm/contracts/version';
import { clearsReturnComment, isPlanDeletable } from '@ritm/domain/media-plan';
import { periodOf } from '@ritm/domain/period';
import { Type } from 'typebox';
import { recordAudit } from '../../repositories/audit.js';
import { requireAccess } from '../../auth/access.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { message } from '../../http/messages.js';
import { expectedVersion, written } from '../../http/version.js';
import { loadOrgContext } from '../../services/org-context.js';
import { findOrg, isInArchive } from '../../repositories/orgs.js';
import { findPlan, insertPlan, listApprovals, listPlans, planExists } from '../../repositories/plans.js';
import { notifyPlanTransition } from '../../services/notify.js';
import { planChanges, planContent, recordApproval } from '../../services/plan-approval.js';
import { deleteVersioned, updateVersioned } from '../../repositories/versioned.js';
import { checkPlanPeriod, copyPlan, planConflict, presentPlan, rethrowUnique, transitionFor } from '../../services/plans.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const writeErrors = { 409: ErrorBody, 428: ErrorBody, ...errors };

// Media plans, Mintrud rec. p.70: for a week, a month or a quarter, corrected as needed.
const plans: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs/:orgId/plans',
    { schema: { tags: ['plans'], summary: "The organisation's media plans, newest first", params: OrgParams, querystring: PlanQuery, response: { 200: PlanList, ...errors } } },
    async (request) => {
      const roles = await requireAccess(db, request.user, request.params.orgId, 'org.read');
      const [plans, inArchive] = await Promise.all([listPlans(db, request.params.orgId, request.query), isInArchive(db, request.params.orgId)]);
      return { plans: plans.map((plan) => presentPlan(plan, roles, inArchive)) };
    },
  );

  app.post(
    '/orgs/:orgId/plans',
    { schema: { tags: ['plans'], summary: 'Start a media plan (a draft)', params: OrgParams, body: PlanCreate, response: { 201: Created, 409: ErrorBody, ...errors } } },
    async (request, reply) => {
      const { orgId } = request.params;
      const { period, periodStart, title } = request.body;
      await requireAccess(db, request.user, orgId, 'plan.edit');
      const whole = periodOf(periodStart, period);
      if (whole.start !== periodStart) {
        throw badRequest('planStart', [{ path: 'body.periodStart', message: message('fieldPlanStart', { period: message(`period.${period}`), start: whole.start }) }]);
      }
      checkPlanPeriod(whole, 'body.periodStart');
      const userId = request.user!.id;
      const created = await db.transaction().execute(async (trx) => {
        if (await planExists(trx, orgId, period, periodStart)) throw planConflict(period, periodStart);
        // Two creations racing past the check meet the unique constraint; the loser gets the same 409.
        const row = await insertPlan(trx, { orgId, period, periodStart, title, createdBy: userId }).catch(
          rethrowUnique(() => planConflict(period, periodStart)),
        );
        await recordAudit(trx, { orgId, userId, entity: 'media_plan', entityId: row.id, action: 'create', after: { period, periodStart, title } });
        return row;
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/orgs/:orgId/plans/:planId',
    {
      schema: {
        tags: ['plans'],
        summary: "A media plan with its content (every item of its period) and its last approval's snapshot (the print view)",
        params: PlanParams,
        response: { 200: PlanWithItems, ...errors },
      },
    },
    async (request) => {
      const roles = await requireAccess(db, request.user, request.params.orgId, 'org.read');
      const plan = await findPlan(db, request.params.orgId, request.params.planId);
      if (!plan) throw notFound('media plan');
      const [items, [approval], inArchive] = await Promise.all([planContent(db, plan), listApprovals(db, plan.id, 1), isInArchive(db, plan.orgId)]);
      return { ...presentPlan(plan, roles, inArchive), items, approval: approval ?? null };
    },
  );

  app.get(
    '/orgs/:orgId/plans/:planId/changes',
    {
      schema: {
        tags: ['plans'],
        summary: 'How the content differs from the last approval: items added, removed and changed (field by field)',
        params: PlanParams,
        response: { 200: PlanChanges, ...errors },
      },
    },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      const plan = await findPlan(db, request.params.orgId, request.params.planId);
      if (!plan) throw notFound('media plan');
      return planChanges(db, plan);
    },
  );

  app.get(
    '/orgs/:orgId/plans/:planId/approvals',
    {
      schema: {
        tags: ['plans'],
        summary: "Every approval of the plan, newest first, each with the snapshot the director signed",
        params: PlanParams,
        response: { 200: Type.Object({ approvals: Type.Array(PlanApproval) }), ...errors },
      },
    },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      const plan = await findPlan(db, request.params.orgId, request.params.planId);
      if (!plan) throw notFound('media plan');
      return { approvals: await listApprovals(db, plan.id) };
    },
  );

  app.patch(
    '/orgs/:orgId/plans/:planId',
    { schema: { tags: ['plans'], summary: "Rename a plan (versioned)", params: PlanParams, body: PlanPatch, response: { 200: Plan, ...writeErrors } } },
    async (request) => {
      const { orgId, planId } = request.params;
      const roles = await requireAccess(db, request.user, orgId, 'plan.edit');
      const version = expectedVersion(request);
      const renamed = await db.transaction().execute(async (trx) => {
        const before = await findPlan(trx, orgId, planId);
        if (!before) throw notFound('media plan');
        const changes = request.body.title === undefined ? {} : { title: request.body.title };
        written(await updateVersioned(trx, 'media_plans', planId, version, changes), 'media plan');
        const after = (await findPlan(trx, orgId, planId))!;
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'media_plan', entityId: planId, action: 'update', before, after });
        return after;
      });
      return presentPlan(renamed, roles);
    },
  );

  app.post(
    '/orgs/:orgId/plans/:planId/status',
    {
      schema: {
        tags: ['plans'],
        summary: 'Submit, approve, return, reopen or archive a plan (versioned); see PlanTransition for who may',
        params: PlanParams,
        body: PlanTransition,
        response: { 200: Plan, ...writeErrors },
      },
    },
    async (request) => {
      const { orgId, planId } = request.params;
      const { status: to, comment } = request.body;
      const roles = await requireAccess(db, request.user, orgId, 'org.read');
      const version = expectedVersion(request);
      const userId = request.user!.id;
      const moved = await db.transaction().execute(async (trx) => {
        // Locked first: an item write of the period waits for the approval's snapshot, or the approval for it.
        const before = await findPlan(trx, orgId, planId, { forUpdate: true });
        if (!before) throw notFound('media plan');
        const transition = transitionFor(before.status, to, roles, comment);
        const approving = to === 'approved';
        const now = new Date();
        const write = await updateVersioned(
          trx,
          'media_plans',
          planId,
          version,
          {
            status: to,
            // Approval records who and when; leaving `approved` clears them (the audit and plan_approvals keep the history).
            approved_by: approving ? userId : to === 'archived' ? before.approvedBy : null,
            approved_at: approving ? now : to === 'archived' && before.approvedAt ? before.approvedAt : null,
            // A return's comment stays on the plan for the editor until it is submitted again.
            ...(transition === 'return'
              ? { return_comment: comment!.trim(), returned_by: userId, returned_at: now }
              : clearsReturnComment(to)
                ? { return_comment: null, returned_by: null, returned_at: null }
                : {}),
          },
        );
        written(write, 'media plan');
        if (approving) await recordApproval(trx, before, { userId, at: now });
        const after = (await findPlan(trx, orgId, planId))!;
        await recordAudit(trx, {
          orgId,
          userId,
          entity: 'media_plan',
          entityId: planId,
          action: transition,
          before: { status: before.status, approvedBy: before.approvedBy, approvedAt: before.approvedAt },
          after: { status: after.status, approvedBy: after.approvedBy, approvedAt: after.approvedAt, ...(comment ? { comment } : {}) },
        });
        const org = await findOrg(trx, orgId);
        if (org) await notifyPlanTransition(trx, { org, plan: after, action: transition, actor: request.user!, comment });
        return after;
      });
      return presentPlan(moved, roles);
    },
  );

  app.post(
    '/orgs/:orgId/plans/:planId/copy',
    {
      schema: {
        tags: ['plans'],
        summary: "Copy a plan's items into a new plan for the next period, keeping weekdays (one transaction)",
        params: PlanParams,
        body: Type.Optional(PlanCopy),
        response: { 201: PlanCopied, 409: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, planId } = request.params;
      await requireAccess(db, request.user, orgId, 'plan.edit');
      const userId = request.user!.id;
      const copied = await db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId, { lock: true });
        const plan = await findPlan(trx, orgId, planId);
        if (!plan) throw notFound('media plan');
        return copyPlan(trx, org, plan, { userId, title: request.body?.title });
      });
      return reply.code(201).send(copied);
    },
  );

  app.delete(
    '/orgs/:orgId/plans/:planId',
    {
      schema: {
        tags: ['plans'],
        summary: 'Delete a draft plan (versioned); its items stay, unplanned',
        params: PlanParams,
        querystring: VersionQuery,
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { orgId, planId } = request.params;
      await requireAccess(db, request.user, orgId, 'plan.edit');
      const version = expectedVersion(request);
      await db.transaction().execute(async (trx) => {
        const before = await findPlan(trx, orgId, planId, { forUpdate: true });
        if (!before) throw notFound('media plan');
        if (!isPlanDeletable(before.status)) throw conflict('plan_not_draft', 'planNotDraft');
        written(await deleteVersioned(trx, 'media_plans', planId, version), 'media plan');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'media_plan', entityId: planId, action: 'delete', before });
      });
      return reply.code(204).send(null);
    },
  );
};

export default plans;
