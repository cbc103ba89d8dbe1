import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Channel, ChannelCreate, ChannelList, ChannelParams, ChannelPatch } from '@ritm/contracts/channels';
import { Created, ErrorBody, OrgParams } from '@ritm/contracts/common';
import { VersionQuery } from '@ritm/contracts/version';
import { Type } from 'typebox';
import { recordAudit } from '../../repositories/audit.js';
import { requireAccess } from '../../auth/access.js';
import { conflict, notFound } from '../../http/errors.js';
import { message } from '../../http/messages.js';
import { itemsUsingEntry } from '../../repositories/references.js';
import { expectedVersion, written } from '../../http/version.js';
import { findChannel, insertChannel, listChannels, updateChannel } from '../../repositories/channels.js';
import { deleteVersioned } from '../../repositories/versioned.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

const channels: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs/:orgId/channels',
    { schema: { tags: ['channels'], summary: "The organisation's channels", params: OrgParams, response: { 200: ChannelList, ...errors } } },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      return { channels: await listChannels(db, [request.params.orgId]) };
    },
  );

  app.post(
    '/orgs/:orgId/channels',
    {
      schema: { tags: ['channels'], summary: 'Add a channel', params: OrgParams, body: ChannelCreate, response: { 201: Created, ...errors } },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'catalogue.edit');
      const channel = await db.transaction().execute(async (trx) => {
        const created = await insertChannel(trx, orgId, request.body);
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'channel', entityId: created.id, action: 'create', after: created });
        return created;
      });
      return reply.code(201).send({ id: channel.id, version: channel.version });
    },
  );

  app.get(
    '/orgs/:orgId/channels/:channelId',
    { schema: { tags: ['channels'], summary: 'One channel', params: ChannelParams, response: { 200: Channel, ...errors } } },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      const channel = await findChannel(db, request.params.orgId, request.params.channelId);
      if (!channel) throw notFound('channel');
      return channel;
    },
  );

  app.patch(
    '/orgs/:orgId/channels/:channelId',
    {
      schema: {
        tags: ['channels'],
        summary: 'Change a channel (versioned); deactivate one to stop judging it',
        params: ChannelParams,
        body: ChannelPatch,
        response: { 200: Channel, 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, channelId } = request.params;
      await requireAccess(db, request.user, orgId, 'catalogue.edit');
      const version = expectedVersion(request);
      return db.transaction().execute(async (trx) => {
        const before = await findChannel(trx, orgId, channelId);
        if (!before) throw notFound('channel');
        const { version: _ignored, ...patch } = request.body;
        const after = written(await updateChannel(trx, channelId, version, patch), 'channel');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'channel', entityId: channelId, action: 'update', before, after });
        return after;
      });
    },
  );

  app.delete(
    '/orgs/:orgId/channels/:channelId',
    {
      schema: {
        tags: ['channels'],
        summary: 'Delete a channel without items (versioned); one with items is deactivated instead',
        params: ChannelParams,
        querystring: VersionQuery,
        response: { 204: Type.Null(), 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, channelId } = request.params;
      await requireAccess(db, request.user, orgId, 'catalogue.edit');
      const version = expectedVersion(request);
      await db.transaction().execute(async (trx) => {
        const before = await findChannel(trx, orgId, channelId, { forUpdate: true });
        if (!before) throw notFound('channel');
        const used = await itemsUsingEntry(trx, 'channel', channelId);
        if (used > 0) throw conflict('channel_in_use', message('channelInUse', { count: used }));
        written(await deleteVersioned(trx, 'channels', channelId, version), 'channel');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'channel', entityId: channelId, action: 'delete', before });
      });
      return reply.code(204).send(null);
    },
  );
};

export default channels;
