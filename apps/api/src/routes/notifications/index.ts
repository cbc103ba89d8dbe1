import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '@ritm/contracts/common';
import { NotificationList, NotificationListQuery, NotificationParams, NotificationPreferences, NotificationSettings, UnreadCount } from '@ritm/contracts/notifications';
import { withDefaultPreferences } from '@ritm/domain/notifications';
import { isTimeZone } from '@ritm/domain/time-zone';
import { nowOf } from '../../config.js';
import { badRequest, notFound } from '../../http/errors.js';
import { message } from '../../http/messages.js';
import { notificationLink, notificationText } from '../../notifications/texts.js';
import { preferredLanguage } from '../../plugins/errors.js';
import { preferencesOf, savePreferences } from '../../repositories/notification-preferences.js';
import { countUnread, listNotifications, markAllRead, markRead, topmostOrgZoneOf } from '../../repositories/notifications.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The bell's page when the caller names no size. */
const DEFAULT_PAGE = 20;

/**
 * The notification centre (issue 14): the caller's own notifications, rendered in the caller's
 * language (the same texts the mail uses), marking them read, and the caller's choices of what
 * reaches them by e-mail. Nobody reads or marks anybody else's: another's id answers 404.
 */
const notifications: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  const config = app.ritmConfig;

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first, with how many are unread',
        querystring: NotificationListQuery,
        response: { 200: NotificationList, ...errors },
      },
    },
    async (request) => {
      const userId = request.user!.id;
      const lang = preferredLanguage(request);
      const limit = request.query.limit ?? DEFAULT_PAGE;
      const [page, unreadCount] = await Promise.all([listNotifications(db, userId, { ...request.query, limit }), countUnread(db, userId)]);
      return {
        items: page.items.map((row) => ({
          id: row.id,
          kind: row.kind,
          orgId: row.orgId,
          ...notificationText(row.payload, lang),
          link: notificationLink(row.payload),
          createdAt: row.createdAt.toISOString(),
          readAt: row.readAt?.toISOString() ?? null,
        })),
        unreadCount,
        nextBefore: page.more ? page.items[page.items.length - 1]!.id : null,
      };
    },
  );

  app.post(
    '/notifications/:notificationId/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read (again is harmless); answers how many are still unread',
        params: NotificationParams,
        response: { 200: UnreadCount, ...errors },
      },
    },
    async (request) => {
      const userId = request.user!.id;
      if (!(await markRead(db, userId, request.params.notificationId, nowOf(config)))) throw notFound('notification');
      return { unreadCount: await countUnread(db, userId) };
    },
  );

  app.post(
    '/notifications/read-all',
    { schema: { tags: ['notifications'], summary: 'Mark every notification of mine read', response: { 200: UnreadCount, ...errors } } },
    async (request) => {
      const userId = request.user!.id;
      await markAllRead(db, userId, nowOf(config));
      return { unreadCount: await countUnread(db, userId) };
    },
  );

  app.get(
    '/me/notification-settings',
    {
      schema: {
        tags: ['notifications'],
        summary: 'What reaches me by e-mail and how often, my weekly digest, and whether this Ritm sends e-mail at all',
        response: { 200: NotificationSettings, ...errors },
      },
    },
    async (request) => settingsOf(request.user!),
  );

  app.put(
    '/me/notification-settings',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Choose what reaches me by e-mail and how often, and when my weekly digest comes (the whole document)',
        body: NotificationPreferences,
        response: { 200: NotificationSettings, ...errors },
      },
    },
    async (request) => {
      const preferences = request.body;
      const zone = preferences.digest.timeZone;
      if (zone !== null && !isTimeZone(zone)) {
        throw badRequest('notificationSettingsInvalid', [{ path: 'body.digest.timeZone', message: message('issue.unknown_time_zone', { zone }) }]);
      }
      // The contract bounds the weekday to 1…7 and the domain reads the stored document back through withDefaultPreferences.
      await savePreferences(db, request.user!.id, withDefaultPreferences(preferences));
      return settingsOf(request.user!);
    },
  );

  async function settingsOf(user: { id: string; email: string }) {
    const [preferences, organisationTimeZone] = await Promise.all([preferencesOf(db, [user.id]), topmostOrgZoneOf(db, user.id)]);
    return {
      preferences: preferences.get(user.id)!,
      // H3's SMTP setting: without it nothing is mailed, and the profile says so.
      emailConfigured: config.smtpUrl !== undefined,
      email: user.email,
      organisationTimeZone,
    };
  }
};

export default notifications;
