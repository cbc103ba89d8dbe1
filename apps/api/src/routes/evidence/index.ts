import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import { ChannelParams } from '@ritm/contracts/channels';
import {
  EvidencePost,
  EvidencePostParams,
  EvidenceReadResult,
  EvidenceRelinkBody,
  EvidenceReview,
  EvidenceReviewQuery,
  EvidenceSource,
  EvidenceSourceCreate,
  EvidenceSourceList,
  EvidenceSourcePatch,
  SourceParams,
} from '@ritm/contracts/evidence';
import { VersionQuery } from '@ritm/contracts/version';
import { hasCapability } from '@ritm/domain/access';
import { isFetchedSourceType, REVIEW_POST_STATES } from '@ritm/domain/evidence-source';
import { Type } from 'typebox';
import { nowOf } from '../../config.js';
import { requireAccess } from '../../auth/access.js';
import { conflict, HttpError, notFound } from '../../http/errors.js';
import { message } from '../../http/messages.js';
import { expectedVersion } from '../../http/version.js';
import { preferredLanguage, sendError } from '../../plugins/errors.js';
import { contentStart } from '../../evidence/formats/social-post.js';
import { findChannel } from '../../repositories/channels.js';
import { countPosts, listPosts } from '../../repositories/evidence-posts.js';
import { findSource, listSources } from '../../repositories/evidence-sources.js';
import {
  createSource,
  patchSource,
  postView,
  readSource,
  removeSource,
  reviewPost,
  sourceErrorAnswer,
  sourceView,
  type ReadTrigger,
  type ReviewAction,
} from '../../services/evidence.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const readErrors = { ...errors, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody };

/**
 * Evidence sources (issue 13): a channel's sources (read with `org.read`, kept with
 * `catalogue.edit`), reading them now or from an upload, and reviewing the posts read (both
 * `item.edit`, as they write items). A read that fails answers 422 `evidence_source_<code>`.
 */
const evidence: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  const reader = app.evidence;

  /** Reads a source of the channel and answers what it did, or its error (stored on the source). */
  async function answerRead(params: SourceParams, request: FastifyRequest, trigger: ReadTrigger) {
    const { orgId, channelId, sourceId } = params;
    await requireAccess(db, request.user, orgId, 'item.edit');
    const source = await findSource(db, sourceId, { orgId, channelId });
    if (!source) throw notFound('evidence source');
    const fetched = isFetchedSourceType(source.type);
    if (trigger.kind === 'upload' && fetched) throw conflict('evidence_source_not_uploaded', 'evidenceSourceNotUploaded');
    if (trigger.kind === 'fetch' && !fetched) throw conflict('evidence_source_not_fetched', 'evidenceSourceNotFetched');
    const outcome = await readSource(reader, sourceId, trigger, { userId: request.user!.id });
    if (!outcome) throw notFound('evidence source');
    if (!outcome.ok) throw sourceErrorAnswer(outcome.error);
    return { source: sourceView(outcome.source, preferredLanguage(request)), ...outcome.result };
  }

  app.get(
    '/orgs/:orgId/channels/:channelId/sources',
    { schema: { tags: ['evidence'], summary: "A channel's evidence sources (tokens never included)", params: ChannelParams, response: { 200: EvidenceSourceList, ...errors } } },
    async (request) => {
      const { orgId, channelId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      if (!(await findChannel(db, orgId, channelId))) throw notFound('channel');
      const lang = preferredLanguage(request);
      return { sources: (await listSources(db, orgId, channelId)).map((s) => sourceView(s, lang)) };
    },
  );

  app.post(
    '/orgs/:orgId/channels/:channelId/sources',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Add a source to a channel: a feed address, a VK community or a Telegram bot (with a token, stored sealed), a Telegram export or statistics upload',
        params: ChannelParams,
        body: EvidenceSourceCreate,
        response: { 201: EvidenceSource, 409: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, channelId } = request.params;
      await requireAccess(db, request.user, orgId, 'catalogue.edit');
      const source = await createSource(reader, { orgId, channelId, source: request.body, userId: request.user!.id });
      return reply.code(201).send(sourceView(source, preferredLanguage(request)));
    },
  );

  app.patch(
    '/orgs/:orgId/channels/:channelId/sources/:sourceId',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Change a source (versioned): name, enabled, interval, address, community or chat, a new token',
        params: SourceParams,
        body: EvidenceSourcePatch,
        response: { 200: EvidenceSource, 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, channelId, sourceId } = request.params;
      await requireAccess(db, request.user, orgId, 'catalogue.edit');
      const version = expectedVersion(request);
      const source = await patchSource(reader, { orgId, channelId, sourceId, patch: request.body, version, userId: request.user!.id });
      return sourceView(source, preferredLanguage(request));
    },
  );

  app.delete(
    '/orgs/:orgId/channels/:channelId/sources/:sourceId',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Delete a source and the posts read from it (versioned); the items they proved stay',
        params: SourceParams,
        querystring: VersionQuery,
        response: { 204: Type.Null(), 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, channelId, sourceId } = request.params;
      await requireAccess(db, request.user, orgId, 'catalogue.edit');
      await removeSource(db, { orgId, channelId, sourceId, version: expectedVersion(request), userId: request.user!.id });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/orgs/:orgId/channels/:channelId/sources/:sourceId/fetch',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Read a feed, VK or Telegram bot source now; a failure answers 422 evidence_source_<code> and is kept as its last error',
        params: SourceParams,
        response: { 200: EvidenceReadResult, ...readErrors },
      },
    },
    async (request) => answerRead(request.params, request, { kind: 'fetch' }),
  );

  // The upload's body is the file as it is (a Telegram export's JSON, a statistics CSV): parsed
  // by the source's adapter, not by the JSON parser, so this route has parsers of its own.
  await app.register(async (child) => {
    const uploads = child.withTypeProvider<TypeBoxTypeProvider>();
    const maxBytes = app.ritmConfig.importMaxBytes;
    const tooLarge = () => new HttpError(413, 'too_large', message('evidenceUploadTooLarge', { max: Math.round(maxBytes / 1_048_576) }));
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));
    uploads.setErrorHandler((error: Error & { code?: string }, request, reply) =>
      sendError(error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? tooLarge() : error, request, reply),
    );
    uploads.post(
      '/orgs/:orgId/channels/:channelId/sources/:sourceId/upload',
      {
        bodyLimit: maxBytes,
        config: { fileBody: true },
        preParsing: async (request) => {
          if (Number(request.headers['content-length'] ?? 0) > maxBytes) throw tooLarge();
        },
        schema: {
          tags: ['evidence'],
          summary: 'Upload a Telegram Desktop channel export (result.json, application/json) or reach statistics (text/csv) to a source of that type',
          params: SourceParams,
          response: { 200: EvidenceReadResult, ...readErrors },
        },
      },
      async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : undefined;
        // A byte-order mark and spaces alone are an empty file too, however it was saved.
        if (body === undefined || contentStart(body) === body.length) {
          await requireAccess(db, request.user, request.params.orgId, 'item.edit');
          throw new HttpError(400, 'validation', message('evidenceUploadEmpty'), [{ path: 'body', message: message('evidenceUploadEmpty') }]);
        }
        return answerRead(request.params, request, { kind: 'upload', body: new Uint8Array(body.buffer, body.byteOffset, body.length) });
      },
    );
  });

  app.get(
    '/orgs/:orgId/evidence/sources',
    { schema: { tags: ['evidence'], summary: "Every evidence source of the organisation's channels", params: OrgParams, response: { 200: EvidenceSourceList, ...errors } } },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      const lang = preferredLanguage(request);
      return { sources: (await listSources(db, request.params.orgId)).map((s) => sourceView(s, lang)) };
    },
  );

  app.get(
    '/orgs/:orgId/evidence/review',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Posts read from sources: by default those awaiting review (matched, unplanned), newest first',
        params: OrgParams,
        querystring: EvidenceReviewQuery,
        response: { 200: EvidenceReview, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const roles = await requireAccess(db, request.user, orgId, 'org.read');
      const { state, channelId, limit = 200 } = request.query;
      const states = state === undefined ? REVIEW_POST_STATES : [state];
      const [posts, pending] = await Promise.all([listPosts(db, orgId, { states, channelId, limit }), countPosts(db, orgId, REVIEW_POST_STATES, channelId)]);
      const may = { review: hasCapability(roles, 'item.edit') };
      return { posts: posts.map((post) => postView(post, may)), pending };
    },
  );

  const review = (path: 'confirm' | 'relink' | 'ignore', summary: string, action: (body: unknown) => ReviewAction) =>
    app.post(
      `/orgs/:orgId/evidence/posts/:postId/${path}`,
      {
        schema: {
          tags: ['evidence'],
          summary,
          params: EvidencePostParams,
          ...(path === 'relink' && { body: EvidenceRelinkBody }),
          response: { 200: EvidencePost, 409: ErrorBody, ...errors },
        },
      },
      async (request) => {
        const { orgId, postId } = request.params;
        await requireAccess(db, request.user, orgId, 'item.edit');
        const post = await reviewPost(db, { orgId, postId, review: action(request.body), userId: request.user!.id, now: nowOf(app.ritmConfig) });
        return postView(post, { review: true });
      },
    );
  review('confirm', 'Confirm what a read did with a post (its link to an item, or its unplanned item)', () => ({ action: 'confirm' }));
  review('relink', 'Link a post to another item of its channel instead (undoing what it did to the first)', (body) => ({
    action: 'relink',
    itemId: (body as EvidenceRelinkBody).itemId,
  }));
  review('ignore', 'Say a post is no publication of the organisation: its effect on items is undone, later reads only update its reach', () => ({ action: 'ignore' }));
};

export default evidence;
