import type { Notification, NotificationList, NotificationListQuery, NotificationPreferences, NotificationSettings, UnreadCount } from '@ritm/contracts/notifications';
import { request } from './client.js';

export type { Notification, NotificationList, NotificationPreferences, NotificationSettings };

/**
 * The signed-in user's notification centre (issue 14): what they were told, newest first, in the
 * UI language (the server renders the texts), marking read, and their e-mail and digest choices.
 */
export const notificationsApi = {
  list: (query: NotificationListQuery = {}, signal?: AbortSignal) =>
    request<NotificationList>('/notifications', { query: { ...query }, ...(signal && { signal }) }),
  read: (notification: Pick<Notification, 'id'>) => request<UnreadCount>(`/notifications/${notification.id}/read`, { method: 'POST' }).then((r) => r.unreadCount),
  readAll: () => request<UnreadCount>('/notifications/read-all', { method: 'POST' }).then((r) => r.unreadCount),
  settings: () => request<NotificationSettings>('/me/notification-settings'),
  saveSettings: (preferences: NotificationPreferences) => request<NotificationSettings>('/me/notification-settings', { method: 'PUT', body: preferences }),
};
