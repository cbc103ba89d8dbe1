import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Created, ErrorBody, OrgParams } from '@ritm/contracts/common';
import { ExemptionCreate, ExemptionList, ExemptionParams } from '@ritm/contracts/exemptions';
import { VersionQuery } from '@ritm/contracts/version';
import { exemptionMayNameChannel } from '@ritm/domain/exemption';
import { issue } from '@ritm/domain/issue';
import { countsChannelType } from '@ritm/domain/norm';
import { Type } from 'typebox';
import { recordAudit } from '../../repositories/audit.js';
import { requireAccess } from '../../auth/access.js';
import { expectedVersion, written } from '../../http/version.js';
import { badRequest, notFound } from '../../http/errors.js';
import { domainDetail, message } from '../../http/messages.js';
import { findChannel } from '../../repositories/channels.js';
import { exemptionsOfLineage, findExemption, insertExemption } from '../../repositories/exemptions.js';
import { effectiveNorms, toDomainNorm } from '../../repositories/norms.js';
import { loadOrgContext } from '../../services/org-context.js';
import { deleteVersioned } from '../../repositories/versioned.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

// Exemptions, granted by a director with a reason (Mintrud rec. p.72(в): «с учетом эпидемиологической обстановки»).
const exemptions: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs/:orgId/exemptions',
    {
      schema: { tags: ['exemptions'], summary: 'Exemptions in force at the organisation (its own and from above)', params: OrgParams, response: { 200: ExemptionList, ...errors } },
    },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      return { exemptions: await exemptionsOfLineage(db, await loadOrgContext(db, request.params.orgId)) };
    },
  );

  app.post(
    '/orgs/:orgId/exemptions',
    {
      schema: {
        tags: ['exemptions'],
        summary: 'Grant an exemption from a norm for a date range, with a reason (director)',
        params: OrgParams,
        body: ExemptionCreate,
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const { normKey, channelId, from, to, reason } = request.body;
      await requireAccess(db, request.user, orgId, 'exemption.grant');
      if (to < from) throw badRequest('exemptionReversed', [domainDetail(issue('body.to', 'before_from', { from }))]);
      const userId = request.user!.id;
      const created = await db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId);
        const norm = (await effectiveNorms(trx, org)).find((resolved) => resolved.row.key === normKey);
        if (!norm) throw badRequest('noSuchNorm', [{ path: 'body.normKey', message: message('fieldNotNormHere') }]);
        if (channelId !== undefined) {
          const domainNorm = toDomainNorm(norm.row);
          if (!exemptionMayNameChannel(domainNorm)) {
            throw badRequest('channelNotPerChannel', [{ path: 'body.channelId', message: message('fieldNotPerChannel', { key: normKey }) }]);
          }
          const channel = await findChannel(trx, orgId, channelId);
          if (!channel) throw badRequest('noSuchChannel', [{ path: 'body.channelId', message: message('fieldNotChannelHere') }]);
          // The norm has no row for a channel it does not count, so the exemption would waive nothing.
          if (domainNorm.type === 'frequency' && !countsChannelType(domainNorm, channel.type)) {
            throw badRequest('channelNotCounted', [{ path: 'body.channelId', message: message('fieldChannelNotCounted', { key: normKey, type: channel.type }) }]);
          }
        }
        const row = await insertExemption(trx, { orgId, normKey, channelId: channelId ?? null, from, to, reason, grantedBy: userId });
        await recordAudit(trx, { orgId, userId, entity: 'exemption', entityId: row.id, action: 'create', after: { normKey, channelId: channelId ?? null, from, to, reason } });
        return row;
      });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/orgs/:orgId/exemptions/:exemptionId',
    {
      schema: {
        tags: ['exemptions'],
        summary: 'Withdraw an exemption of this organisation (versioned; director)',
        params: ExemptionParams,
        querystring: VersionQuery,
        response: { 204: Type.Null(), 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, exemptionId } = request.params;
      await requireAccess(db, request.user, orgId, 'exemption.grant');
      const version = expectedVersion(request);
      await db.transaction().execute(async (trx) => {
        const before = await findExemption(trx, orgId, exemptionId);
        if (!before) throw notFound('exemption');
        written(await deleteVersioned(trx, 'exemptions', exemptionId, version), 'exemption');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'exemption', entityId: exemptionId, action: 'delete', before });
      });
      return reply.code(204).send(null);
    },
  );
};

export default exemptions;
