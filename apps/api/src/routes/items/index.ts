import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, NotModified, OrgParams } from '@ritm/contracts/common';
import { Item, ItemBulkCreate, ItemBulkCreated, ItemList, ItemParams, ItemPatch, ItemQuery } from '@ritm/contracts/items';
import { ItemCreateRequest, ItemCreated } from '@ritm/contracts/series';
import { VersionQuery } from '@ritm/contracts/version';
import { Type } from 'typebox';
import { nowOf } from '../../config.js';
import { recordAudit } from '../../repositories/audit.js';
import { requireAccess } from '../../auth/access.js';
import { badRequest, notFound } from '../../http/errors.js';
import { message } from '../../http/messages.js';
import { askedOf, sendAnswer } from '../../http/conditional.js';
import { checkDateRange } from '../../http/date-range.js';
import { expectedVersion, written } from '../../http/version.js';
import { ItemLists } from '../../plugins/item-lists.js';
import { findItem } from '../../repositories/items.js';
import { loadOrgContext } from '../../services/org-context.js';
import { deleteVersioned } from '../../repositories/versioned.js';
import { createItems, patchItem } from '../../services/items.js';
import { refuseTaskDeletion } from '../../services/materials.js';
import { notePlanContentChanged } from '../../services/plan-approval.js';
import { createRecurringItem, noteOccurrenceChanged, noteOccurrenceDeleted } from '../../services/series.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** A list spans at most this many days, so that one request cannot read years of items. */

const items: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs/:orgId/items',
    {
      schema: {
        tags: ['items'],
        summary: "The organisation's items on local days from … to, with their channels, audiences and key messages",
        params: OrgParams,
        querystring: ItemQuery,
        response: { 200: ItemList, 304: NotModified, ...errors },
      },
      // The lists' revision, or a list asked for afresh, is read with the caller in the same round trip (auth plugin).
      config: { readWithCaller: (request, orgId) => app.itemLists.readWithCaller(request, orgId) },
    },
    async (request, reply) => {
      checkDateRange(request.query);
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      const answer = await app.itemLists.list(db, orgId, request.query, { readWithCaller: request.readWithCaller, fresh: ItemLists.fresh(request), asked: askedOf(request) });
      // The database wrote the ItemList already: sent as bytes, without the response schema's
      // serializer (the schema stays for the OpenAPI document), with its ETag; a browser asking
      // again for a month it holds, unchanged, gets 304 without the body.
      return sendAnswer(reply, answer);
    },
  );

  app.post(
    '/orgs/:orgId/items',
    {
      schema: {
        tags: ['items'],
        summary: 'Add an item (planned or done); with `recurrence` (an RRULE) a series of planned occurrences',
        params: OrgParams,
        body: ItemCreateRequest,
        response: { 201: ItemCreated, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const userId = request.user!.id;
      const { recurrence, skipNonWorkingDays, ...input } = request.body;
      if (skipNonWorkingDays !== undefined && recurrence === undefined) {
        throw badRequest('seriesInvalid', [{ path: 'body.skipNonWorkingDays', message: message('series.needsRecurrence') }]);
      }
      const created = await db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId, { lock: true });
        if (recurrence !== undefined) {
          const made = await createRecurringItem(trx, org, { ...request.body, recurrence }, { userId, now: nowOf(app.ritmConfig) });
          return { id: made.first.id, version: made.first.version, seriesId: made.series.id, occurrences: made.occurrences };
        }
        const [item] = await createItems(trx, org, [input], { userId, paths: ['body'], now: nowOf(app.ritmConfig) });
        await recordAudit(trx, { orgId, userId, entity: 'item', entityId: item!.id, action: 'create', after: item });
        return { id: item!.id, version: item!.version };
      });
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/orgs/:orgId/items/bulk',
    {
      schema: {
        tags: ['items'],
        summary: 'Add many items in one transaction (all or none), e.g. to fill a gap',
        params: OrgParams,
        body: ItemBulkCreate,
        response: { 201: ItemBulkCreated, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const userId = request.user!.id;
      const created = await db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId, { lock: true });
        const paths = request.body.items.map((_, i) => `body.items[${i}]`);
        const rows = await createItems(trx, org, request.body.items, { userId, paths, now: nowOf(app.ritmConfig) });
        for (const after of rows) await recordAudit(trx, { orgId, userId, entity: 'item', entityId: after.id, action: 'create', after });
        return rows;
      });
      return reply.code(201).send({ items: created.map((item) => ({ id: item.id, version: item.version })) });
    },
  );

  app.get(
    '/orgs/:orgId/items/:itemId',
    { schema: { tags: ['items'], summary: 'One item', params: ItemParams, response: { 200: Item, ...errors } } },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      const item = await findItem(db, request.params.orgId, request.params.itemId);
      if (!item) throw notFound('item');
      return item;
    },
  );

  app.patch(
    '/orgs/:orgId/items/:itemId',
    {
      schema: {
        tags: ['items'],
        summary: 'Change an item (versioned); {at, version} reschedules it',
        params: ItemParams,
        body: ItemPatch,
        response: { 200: Item, 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, itemId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const version = expectedVersion(request);
      const { version: _ignored, ...patch } = request.body;
      return db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId, { lock: true });
        const before = await findItem(trx, orgId, itemId);
        if (!before) throw notFound('item');
        const after = await patchItem(trx, org, before, patch, version, { userId: request.user!.id, now: nowOf(app.ritmConfig) });
        await noteOccurrenceChanged(trx, before);
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'item', entityId: itemId, action: 'update', before, after });
        return after;
      });
    },
  );

  app.delete(
    '/orgs/:orgId/items/:itemId',
    {
      schema: {
        tags: ['items'],
        summary: 'Delete an item (versioned)',
        params: ItemParams,
        querystring: VersionQuery,
        response: { 204: Type.Null(), 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, itemId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const version = expectedVersion(request);
      await db.transaction().execute(async (trx) => {
        const before = await findItem(trx, orgId, itemId);
        if (!before) throw notFound('item');
        refuseTaskDeletion(before);
        written(await deleteVersioned(trx, 'items', itemId, version), 'item');
        await noteOccurrenceDeleted(trx, before);
        await notePlanContentChanged(trx, orgId, request.user!.id, [{ before }]);
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'item', entityId: itemId, action: 'delete', before });
      });
      return reply.code(204).send(null);
    },
  );
};

export default items;
