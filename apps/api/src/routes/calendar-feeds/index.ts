import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { FEED_DEFAULT_STATUSES, FEED_MAX_EVENTS, feedWindow } from '@ritm/domain/calendar-feed';
import { CalendarFeedFileParams, CalendarFeedList, CalendarFeedParams, CreateCalendarFeedBody, CreatedCalendarFeed } from '@ritm/contracts/calendar-feeds';
import { ErrorBody, NotModified } from '@ritm/contracts/common';
import { Type } from 'typebox';
import { hashSecret } from '../../auth/tokens.js';
import { etagMatches } from '../../http/conditional.js';
import { badRequest, HttpError, notFound } from '../../http/errors.js';
import { message } from '../../http/messages.js';
import { recordAudit } from '../../repositories/audit.js';
import {
  channelIdsOf,
  createCalendarFeed,
  findLiveFeed,
  listCalendarFeeds,
  listFeedItems,
  readableFeedOrganisations,
  recordFeedServed,
  revokeCalendarFeed,
} from '../../repositories/calendar-feeds.js';
import { feedEtag, renderFeed } from '../../services/calendar-feed.js';
import { findSeriesByIds } from '../../repositories/series.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** Fetches of one feed allowed per minute: clients poll hourly, a person pressing "refresh" a few times more. */
const FEED_FETCHES_PER_MINUTE = 30;

/**
 * Private calendar feeds: the signed-in user makes, lists and revokes them under /auth; calendar
 * clients fetch `/feeds/<secret>.ics` without a session. Each fetch reads the owner's roles anew.
 */
const calendarFeeds: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  const publicUrl = app.ritmConfig.publicUrl;
  /** Where people reach Ritm: RITM_PUBLIC_URL, else the origin this request came to. */
  const baseUrl = (request: FastifyRequest) => publicUrl ?? `${request.protocol}://${request.host}`;

  app.get(
    '/auth/calendar-feeds',
    { schema: { tags: ['auth'], summary: 'My calendar feeds that still work (never their addresses)', response: { 200: CalendarFeedList, ...errors } } },
    async (request) => ({ feeds: await listCalendarFeeds(db, request.user!.id) }),
  );

  app.post(
    '/auth/calendar-feeds',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create a private calendar feed of organisations I may read; its address is in this answer only',
        body: CreateCalendarFeedBody,
        response: { 201: CreatedCalendarFeed, ...errors },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { orgIds, includeSubtree = false, channelIds = [], statuses = [...FEED_DEFAULT_STATUSES] } = request.body;
      const readable = await readableFeedOrganisations(db, user, orgIds, false);
      // An organisation outside the caller's trees does not exist for them (as everywhere else).
      if (readable.length !== orgIds.length) throw notFound('organisation');
      if (channelIds.length > 0) {
        const covered = await readableFeedOrganisations(db, user, orgIds, includeSubtree);
        const known = await channelIdsOf(
          db,
          covered.map((org) => org.id),
          channelIds,
        );
        const details = channelIds.flatMap((id, index) => (known.has(id) ? [] : [{ path: `body.channelIds[${index}]`, message: message('fieldNotChannelHere') }]));
        if (details.length > 0) throw badRequest('feedChannelsElsewhere', details);
      }
      const name = request.body.name ?? '';
      const created = await db.transaction().execute(async (trx) => {
        const feed = await createCalendarFeed(trx, user.id, { name, orgIds, includeSubtree, channelIds, statuses });
        await recordAudit(trx, { orgId: null, userId: user.id, entity: 'calendar_feed', entityId: feed.id, action: 'create', after: { name, orgIds, includeSubtree, channelIds, statuses } });
        return feed;
      });
      const { token, ...feed } = created;
      return reply.code(201).send({ ...feed, url: `${baseUrl(request)}/api/feeds/${token}.ics` });
    },
  );

  app.delete(
    '/auth/calendar-feeds/:feedId',
    { schema: { tags: ['auth'], summary: 'Revoke one of my calendar feeds', params: CalendarFeedParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const userId = request.user!.id;
      await db.transaction().execute(async (trx) => {
        const revoked = await revokeCalendarFeed(trx, userId, request.params.feedId);
        if (!revoked) throw notFound('calendar feed');
        await recordAudit(trx, { orgId: null, userId, entity: 'calendar_feed', entityId: request.params.feedId, action: 'revoke', before: revoked });
      });
      return reply.code(204).send(null);
    },
  );

  await app.register(rateLimit, { global: false });

  app.get(
    '/feeds/:file',
    {
      config: {
        public: true,
        rateLimit: {
          max: FEED_FETCHES_PER_MINUTE,
          timeWindow: 60_000,
          // Per feed: a calendar service fetches many users' feeds from few addresses.
          keyGenerator: (request) => (request.params as { file?: string }).file ?? request.ip,
          errorResponseBuilder: () => new HttpError(429, 'rate_limited', message('feedRateLimited')),
        },
      },
      schema: {
        tags: ['feeds'],
        summary: 'A private calendar feed (iCalendar) for calendar clients; no session needed',
        params: CalendarFeedFileParams,
        response: {
          200: { description: 'The calendar', content: { 'text/calendar': { schema: Type.String() } } },
          304: NotModified,
          404: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      const feed = file.endsWith('.ics') ? await findLiveFeed(db, hashSecret(file.slice(0, -'.ics'.length))) : undefined;
      if (!feed) throw notFound('calendar feed');
      const now = new Date();
      const window = feedWindow(now.toISOString().slice(0, 10));
      // The owner's roles as they are now: an organisation they lost is simply not in the file.
      const organisations = await readableFeedOrganisations(db, feed.owner, feed.orgIds, feed.includeSubtree);
      const items = await listFeedItems(db, {
        orgIds: organisations.map((org) => org.id),
        window,
        statuses: feed.statuses,
        channelIds: feed.channelIds,
        limit: FEED_MAX_EVENTS,
      });
      const series = await findSeriesByIds(db, [...new Set(items.flatMap((item) => (item.seriesId ? [item.seriesId] : [])))]);
      const base = baseUrl(request);
      const doc = { name: feed.name, lang: feed.owner.locale, host: new URL(base).host, adminUrl: base, window, organisations, items, series };
      const etag = feedEtag(doc);
      const changedAt = await recordFeedServed(db, feed, etag, now);
      reply
        .header('etag', etag)
        .header('last-modified', changedAt.toUTCString())
        // Kept by the client only: it must ask again (cheaply, with the validators) every time.
        .header('cache-control', 'private, no-cache')
        .header('x-robots-tag', 'noindex, nofollow')
        .header('content-disposition', 'inline; filename="ritm.ics"');
      if (notModified(request, etag, changedAt)) return reply.code(304).send(null);
      return reply.type('text/calendar; charset=utf-8').send(renderFeed(doc));
    },
  );
};

/** Conditional GET (RFC 9110 §13.1): If-None-Match decides when sent; else If-Modified-Since, to the second. */
function notModified(request: FastifyRequest, etag: string, changedAt: Date): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, etag);
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Math.floor(changedAt.getTime() / 1000) * 1000 <= since;
}

export default calendarFeeds;
