import type { CalendarFeed, CalendarFeedList, CreateCalendarFeedBody, CreatedCalendarFeed } from '@ritm/contracts/calendar-feeds';
import { request } from './client.js';

/** The signed-in user's private calendar feeds; a new feed's address comes back once, at creation. */
export const calendarFeedsApi = {
  list: () => request<CalendarFeedList>('/auth/calendar-feeds').then((r) => r.feeds),
  create: (body: CreateCalendarFeedBody) => request<CreatedCalendarFeed>('/auth/calendar-feeds', { method: 'POST', body }),
  revoke: (feed: Pick<CalendarFeed, 'id'>) => request<void>(`/auth/calendar-feeds/${feed.id}`, { method: 'DELETE' }),
};
