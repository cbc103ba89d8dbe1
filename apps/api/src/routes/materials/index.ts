import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import {
  Material,
  MaterialCreate,
  MaterialDetail,
  MaterialList,
  MaterialListQuery,
  MaterialParams,
  PlacementAdapt,
  PlacementDecline,
  PlacementPlace,
  ReceivedMaterial,
  ReceivedMaterialList,
} from '@ritm/contracts/materials';
import { VersionQuery } from '@ritm/contracts/version';
import type { Transaction } from 'kysely';
import { Type } from 'typebox';
import { requireAccess } from '../../auth/access.js';
import { nowOf } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import { expectedVersion, written } from '../../http/version.js';
import { recordAudit } from '../../repositories/audit.js';
import { findOwnMaterial } from '../../repositories/materials.js';
import type { OrganisationContext } from '../../repositories/org-context.js';
import { deleteVersioned } from '../../repositories/versioned.js';
import {
  adaptMaterial,
  declineMaterial,
  materialDetailJson,
  materialList,
  placeMaterial,
  receivedMaterial,
  receivedMaterials,
  sendMaterial,
  sentMaterial,
  withdrawMaterial,
  type AnswerResult,
} from '../../services/materials.js';
import { loadOrgContext } from '../../services/org-context.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * Materials cascading down the tree (issue 15): the sender sends and withdraws them and reads the
 * placement rate; each target reads what came to it and answers (place, adapt, decline). Who sees
 * what: a material is visible from the sender's subtree and from each target's (and from above a
 * target), with only the placements of the organisations the caller's organisation can read.
 */
const materials: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  const now = () => nowOf(app.ritmConfig);

  app.get(
    '/orgs/:orgId/materials',
    {
      schema: {
        tags: ['materials'],
        summary: 'Materials the organisation sent (direction=sent) or organisations below it sent (below), with their placement tallies',
        params: OrgParams,
        querystring: MaterialListQuery,
        response: { 200: MaterialList, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      const viewer = await loadOrgContext(db, orgId);
      return { materials: await materialList(db, viewer, { direction: request.query.direction ?? 'sent', open: request.query.open ?? false }, now()) };
    },
  );

  app.post(
    '/orgs/:orgId/materials',
    {
      schema: {
        tags: ['materials'],
        summary: 'Send a material down the tree: a placement task on every target’s calendar, in one transaction',
        params: OrgParams,
        body: MaterialCreate,
        response: { 201: Material, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const userId = request.user!.id;
      const at = now();
      const id = await db.transaction().execute(async (trx) => {
        const sender = await loadOrgContext(trx, orgId, { lock: true });
        return (await sendMaterial(trx, sender, request.body, { userId, now: at })).id;
      });
      return reply.code(201).send((await sentMaterial(db, await loadOrgContext(db, orgId), id, at))!);
    },
  );

  app.get(
    '/orgs/:orgId/received-materials',
    {
      schema: {
        tags: ['materials'],
        summary: 'Materials sent to the organisation, each with its own placement',
        params: OrgParams,
        response: { 200: ReceivedMaterialList, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      return { received: await receivedMaterials(db, await loadOrgContext(db, orgId), now()) };
    },
  );

  app.get(
    '/orgs/:orgId/materials/:materialId',
    {
      schema: {
        tags: ['materials'],
        summary: 'A material with the placements the organisation may read (every one for the sender; a target its own and those below it)',
        params: MaterialParams,
        response: { 200: MaterialDetail, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, materialId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      const body = await materialDetailJson(db, await loadOrgContext(db, orgId), materialId, now());
      if (body === undefined) throw notFound('material');
      // Written by the database and the service as the contract's JSON (see materialDetailJson);
      // the response schema stays for the OpenAPI document, as for the item lists.
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );

  app.delete(
    '/orgs/:orgId/materials/:materialId',
    {
      schema: {
        tags: ['materials'],
        summary: 'Withdraw a material (versioned): open placement tasks are cancelled, placed ones stay',
        params: MaterialParams,
        querystring: VersionQuery,
        response: { 204: Type.Null(), 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, materialId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const version = expectedVersion(request);
      const userId = request.user!.id;
      await db.transaction().execute(async (trx) => {
        const before = await findOwnMaterial(trx, orgId, materialId);
        if (!before) throw notFound('material');
        if (before.version !== version) written({ kind: 'stale', currentVersion: before.version }, 'material');
        const cancelled = await withdrawMaterial(trx, materialId, userId);
        written(await deleteVersioned(trx, 'materials', materialId, version), 'material');
        const { orgPath: _path, ...record } = before;
        await recordAudit(trx, { orgId, userId, entity: 'material', entityId: materialId, action: 'delete', before: { ...record, cancelled } });
      });
      return reply.code(204).send(null);
    },
  );

  /** A target's answer: the task item changed through the items' code, audited as an item change and as the answer. */
  const answered = async (
    orgId: string,
    materialId: string,
    userId: string,
    action: 'placed' | 'adapted' | 'declined',
    run: (trx: Transaction<DB>, target: OrganisationContext) => Promise<AnswerResult>,
    extra: Record<string, unknown> = {},
  ): Promise<ReceivedMaterial> => {
    const at = now();
    await db.transaction().execute(async (trx) => {
      const target = await loadOrgContext(trx, orgId, { lock: true });
      const { item, before } = await run(trx, target);
      await recordAudit(trx, { orgId, userId, entity: 'item', entityId: item.id, action: 'update', before, after: item });
      await recordAudit(trx, { orgId, userId, entity: 'material', entityId: materialId, action, after: { itemId: item.id, ...extra } });
    });
    return (await receivedMaterial(db, await loadOrgContext(db, orgId), materialId, at))!;
  };

  const answerSchema = <B>(summary: string, body: B) => ({
    schema: { tags: ['materials'], summary, params: MaterialParams, body, response: { 200: ReceivedMaterial, 409: ErrorBody, ...errors } },
  });

  app.post('/orgs/:orgId/materials/:materialId/place', answerSchema('Place the material: the task is published (held) with the URL or its photos', PlacementPlace), async (request) => {
    const { orgId, materialId } = request.params;
    await requireAccess(db, request.user, orgId, 'item.edit');
    const userId = request.user!.id;
    return answered(orgId, materialId, userId, 'placed', (trx, target) => placeMaterial(trx, target, materialId, request.body, { userId, now: now() }));
  });

  app.post('/orgs/:orgId/materials/:materialId/adapt', answerSchema('Adapt the material: the task takes this title and text', PlacementAdapt), async (request) => {
    const { orgId, materialId } = request.params;
    await requireAccess(db, request.user, orgId, 'item.edit');
    const userId = request.user!.id;
    return answered(orgId, materialId, userId, 'adapted', (trx, target) => adaptMaterial(trx, target, materialId, request.body, { userId, now: now() }));
  });

  app.post('/orgs/:orgId/materials/:materialId/decline', answerSchema('Decline the material with a reason: the task is cancelled', PlacementDecline), async (request) => {
    const { orgId, materialId } = request.params;
    await requireAccess(db, request.user, orgId, 'item.edit');
    const userId = request.user!.id;
    const reason = request.body.reason.trim();
    return answered(orgId, materialId, userId, 'declined', (trx, target) => declineMaterial(trx, target, materialId, reason, { userId, now: now() }), { reason });
  });
};

export default materials;
