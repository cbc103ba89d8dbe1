import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Created, ErrorBody, OrgParams } from '@ritm/contracts/common';
import { KeyMessage, KeyMessageCreate, KeyMessageList, KeyMessageParams, KeyMessagePatch } from '@ritm/contracts/key-messages';
import { VersionQuery } from '@ritm/contracts/version';
import { Type } from 'typebox';
import { recordAudit } from '../../repositories/audit.js';
import { requireAccess } from '../../auth/access.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { message, type Detail } from '../../http/messages.js';
import { itemsUsingEntry } from '../../repositories/references.js';
import { expectedVersion, written } from '../../http/version.js';
import { findKeyMessage, insertKeyMessage, listKeyMessages, setKeyMessageAudiences } from '../../repositories/key-messages.js';
import { loadOrgContext } from '../../services/org-context.js';
import { updateVersioned, deleteVersioned } from '../../repositories/versioned.js';
import { checkVisible } from '../../services/visibility.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

// Key messages for audiences, Mintrud rec. p.64, 66.
const keyMessages: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs/:orgId/key-messages',
    {
      schema: {
        tags: ['key-messages'],
        summary: 'Key messages of the organisation and those above it, by priority',
        params: OrgParams,
        response: { 200: KeyMessageList, ...errors },
      },
    },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      const org = await loadOrgContext(db, request.params.orgId);
      return { keyMessages: await listKeyMessages(db, org.lineage) };
    },
  );

  app.post(
    '/orgs/:orgId/key-messages',
    {
      schema: { tags: ['key-messages'], summary: 'Add a key message', params: OrgParams, body: KeyMessageCreate, response: { 201: Created, ...errors } },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'catalogue.edit');
      const created = await db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId);
        const issues: Detail[] = [];
        await checkVisible(trx, 'audiences', org, request.body.audienceIds ?? [], 'body.audienceIds', issues);
        if (issues.length > 0) throw badRequest('referencesInvalid', issues);
        const id = await insertKeyMessage(trx, orgId, request.body);
        const after = await findKeyMessage(trx, orgId, id);
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'key_message', entityId: id, action: 'create', after });
        return after!;
      });
      return reply.code(201).send({ id: created.id, version: created.version });
    },
  );

  app.patch(
    '/orgs/:orgId/key-messages/:keyMessageId',
    {
      schema: {
        tags: ['key-messages'],
        summary: 'Change a key message of this organisation (versioned)',
        params: KeyMessageParams,
        body: KeyMessagePatch,
        response: { 200: KeyMessage, 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, keyMessageId } = request.params;
      await requireAccess(db, request.user, orgId, 'catalogue.edit');
      const version = expectedVersion(request);
      const { text, priority, audienceIds } = request.body;
      return db.transaction().execute(async (trx) => {
        const before = await findKeyMessage(trx, orgId, keyMessageId);
        if (!before) throw notFound('key message');
        const issues: Detail[] = [];
        if (audienceIds) await checkVisible(trx, 'audiences', await loadOrgContext(trx, orgId), audienceIds, 'body.audienceIds', issues);
        if (issues.length > 0) throw badRequest('referencesInvalid', issues);
        const changes = { ...(text !== undefined && { text }), ...(priority !== undefined && { priority }) };
        written(await updateVersioned(trx, 'key_messages', keyMessageId, version, changes), 'key message');
        if (audienceIds) await setKeyMessageAudiences(trx, keyMessageId, audienceIds);
        const after = (await findKeyMessage(trx, orgId, keyMessageId))!;
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'key_message', entityId: keyMessageId, action: 'update', before, after });
        return after;
      });
    },
  );

  app.delete(
    '/orgs/:orgId/key-messages/:keyMessageId',
    {
      schema: {
        tags: ['key-messages'],
        summary: 'Delete a key message of this organisation (versioned) that no item carries (409 key_message_in_use, with how many)',
        params: KeyMessageParams,
        querystring: VersionQuery,
        response: { 204: Type.Null(), 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, keyMessageId } = request.params;
      await requireAccess(db, request.user, orgId, 'catalogue.edit');
      const version = expectedVersion(request);
      await db.transaction().execute(async (trx) => {
        const before = await findKeyMessage(trx, orgId, keyMessageId);
        if (!before) throw notFound('key message');
        const used = await itemsUsingEntry(trx, 'key_message', keyMessageId);
        if (used > 0) throw conflict('key_message_in_use', message('keyMessageInUse', { count: used }));
        written(await deleteVersioned(trx, 'key_messages', keyMessageId, version), 'key message');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'key_message', entityId: keyMessageId, action: 'delete', before });
      });
      return reply.code(204).send(null);
    },
  );
};

export default keyMessages;
