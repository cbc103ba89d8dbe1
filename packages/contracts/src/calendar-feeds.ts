import { Type, type Static } from 'typebox';
import { Instant, Text, Uuid, Words } from './common.js';
import { ItemStatus } from './items.js';

/** A private calendar feed of the caller (never its secret: only the hash is stored). */
export const CalendarFeed = Type.Object({
  id: Uuid,
  name: Text(),
  orgIds: Type.Array(Uuid),
  includeSubtree: Type.Boolean({ description: 'The organisations below those chosen are in the feed too' }),
  channelIds: Type.Array(Uuid, { description: 'Only items on one of these channels; empty for every item' }),
  statuses: Type.Array(ItemStatus),
  createdAt: Instant,
  lastUsedAt: Type.Union([Instant, Type.Null()], { description: 'When a calendar last fetched it (to within ten minutes)' }),
});
export type CalendarFeed = Static<typeof CalendarFeed>;

export const CalendarFeedList = Type.Object({ feeds: Type.Array(CalendarFeed) });
export type CalendarFeedList = Static<typeof CalendarFeedList>;

export const CreateCalendarFeedBody = Type.Object(
  {
    name: Type.Optional(Words(100)),
    orgIds: Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true, description: 'Organisations the caller may read' }),
    includeSubtree: Type.Optional(Type.Boolean({ default: false })),
    channelIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, uniqueItems: true, description: 'Channels of those organisations; omitted or empty for all' })),
    statuses: Type.Optional(Type.Array(ItemStatus, { minItems: 1, uniqueItems: true, description: 'Item statuses to include; all by default' })),
  },
  { additionalProperties: false },
);
export type CreateCalendarFeedBody = Static<typeof CreateCalendarFeedBody>;

/** The only time the address is shown: it holds the secret, which is stored hashed. */
export const CreatedCalendarFeed = Type.Object({
  ...CalendarFeed.properties,
  url: Text({ description: 'The private address to subscribe to; shown once' }),
});
export type CreatedCalendarFeed = Static<typeof CreatedCalendarFeed>;

export const CalendarFeedParams = Type.Object({ feedId: Uuid }, { additionalProperties: false });

/**
 * A feed's file name: its secret and `.ics`. Not checked by pattern: any name that is no live
 * feed's answers the same 404, as a calendar client expects of an address that is gone.
 */
export const CalendarFeedFileParams = Type.Object(
  { file: Type.String({ maxLength: 200, description: 'The secret from the feed URL, with .ics (`ritmcal_….ics`)' }) },
  { additionalProperties: false },
);
