import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Audience, AudienceCreate, AudienceList, AudienceParams, AudiencePatch } from '@ritm/contracts/audiences';
import { Created, ErrorBody, OrgParams } from '@ritm/contracts/common';
import { VersionQuery } from '@ritm/contracts/version';
import { Type } from 'typebox';
import { recordAudit } from '../../repositories/audit.js';
import { requireAccess } from '../../auth/access.js';
import { conflict, notFound } from '../../http/errors.js';
import { message } from '../../http/messages.js';
import { itemsUsingEntry } from '../../repositories/references.js';
import { expectedVersion, written } from '../../http/version.js';
import { findAudience, insertAudience, listAudiences, updateAudience } from '../../repositories/audiences.js';
import { loadOrgContext } from '../../services/org-context.js';
import { deleteVersioned } from '../../repositories/versioned.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

// Target audiences, Mintrud rec. p.63.
const audiences: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs/:orgId/audiences',
    {
      schema: { tags: ['audiences'], summary: "Audiences of the organisation and those above it", params: OrgParams, response: { 200: AudienceList, ...errors } },
    },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      const org = await loadOrgContext(db, request.params.orgId);
      return { audiences: await listAudiences(db, org.lineage) };
    },
  );

  app.post(
    '/orgs/:orgId/audiences',
    { schema: { tags: ['audiences'], summary: 'Add an audience', params: OrgParams, body: AudienceCreate, response: { 201: Created, ...errors } } },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'catalogue.edit');
      const audience = await db.transaction().execute(async (trx) => {
        const created = await insertAudience(trx, orgId, request.body);
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'audience', entityId: created.id, action: 'create', after: created });
        return created;
      });
      return reply.code(201).send({ id: audience.id, version: audience.version });
    },
  );

  app.patch(
    '/orgs/:orgId/audiences/:audienceId',
    {
      schema: {
        tags: ['audiences'],
        summary: 'Change an audience of this organisation (versioned)',
        params: AudienceParams,
        body: AudiencePatch,
        response: { 200: Audience, 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, audienceId } = request.params;
      await requireAccess(db, request.user, orgId, 'catalogue.edit');
      const version = expectedVersion(request);
      return db.transaction().execute(async (trx) => {
        const before = await findAudience(trx, orgId, audienceId);
        if (!before) throw notFound('audience');
        const { version: _ignored, ...patch } = request.body;
        const after = written(await updateAudience(trx, audienceId, version, patch), 'audience');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'audience', entityId: audienceId, action: 'update', before, after });
        return after;
      });
    },
  );

  app.delete(
    '/orgs/:orgId/audiences/:audienceId',
    {
      schema: {
        tags: ['audiences'],
        summary: 'Delete an audience of this organisation (versioned) that no item is for (409 audience_in_use, with how many); key messages lose the link',
        params: AudienceParams,
        querystring: VersionQuery,
        response: { 204: Type.Null(), 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, audienceId } = request.params;
      await requireAccess(db, request.user, orgId, 'catalogue.edit');
      const version = expectedVersion(request);
      await db.transaction().execute(async (trx) => {
        const before = await findAudience(trx, orgId, audienceId);
        if (!before) throw notFound('audience');
        const used = await itemsUsingEntry(trx, 'audience', audienceId);
        if (used > 0) throw conflict('audience_in_use', message('audienceInUse', { count: used }));
        written(await deleteVersioned(trx, 'audiences', audienceId, version), 'audience');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'audience', entityId: audienceId, action: 'delete', before });
      });
      return reply.code(204).send(null);
    },
  );
};

export default audiences;
