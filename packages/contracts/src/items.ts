import { ATTACHMENT_TYPES } from '@ritm/domain/attachment';
import { ITEM_KINDS, ITEM_STATUSES } from '@ritm/domain/item';
import { VOCABULARY_CODE_PATTERN } from '@ritm/domain/vocabulary-code';
import { WEB_URL_PATTERN } from '@ritm/domain/web-url';
import { Type, type Static } from 'typebox';
import { Instant, literalUnion, LocalDate, patchOf, Text, type FormatName, Uuid, Version, Words } from './common.js';


// Items: the rows of a media plan and the publications that actually happened (Mintrud rec.
// p.70: news hooks, dates, topics and formats, media). An item may belong to no plan: an
// unplanned publication still counts toward norms.

/** An item kind: one of the domain's `ITEM_KINDS` or an organisation's own. */
export const ItemKind = Text({
  pattern: VOCABULARY_CODE_PATTERN,
  description: `One of ${ITEM_KINDS.join(', ')}, or an organisation's own kind in the same spelling`,
  examples: ['post', 'press_release', 'public_event'],
});

/** `held` is `published` for events (public_event, group_event, meeting, commission_meeting, review). */
export const ItemStatus = literalUnion(ITEM_STATUSES);
export type ItemStatus = Static<typeof ItemStatus>;

/**
 * When, as in `ritm check`: a local date `2026-11-20` (the organisation's calendar) or an
 * instant with an offset `2026-11-20T10:00:00+03:00` / `…Z`. Answers give a date back as it was
 * sent and an instant in UTC (`2026-11-20T07:00:00.000Z`).
 */
export const ItemAt = Type.String({
  format: 'item-at' satisfies FormatName,
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2}))?$',
  examples: ['2026-11-20', '2026-11-20T10:00:00+03:00'],
});

export const ItemParams = Type.Object({ orgId: Uuid, itemId: Uuid }, { additionalProperties: false });
export type ItemParams = Static<typeof ItemParams>;

/** Who last wrote an item: their name, or their e-mail when they have not given one. */
export const ItemEditor = Type.Object({ id: Uuid, name: Text() });
export type ItemEditor = Static<typeof ItemEditor>;

const Count = Type.Union([Type.Integer({ minimum: 0, maximum: 2_000_000_000 }), Type.Null()]);
const Url = Type.Union([Text({ minLength: 1, maxLength: 2000, pattern: WEB_URL_PATTERN }), Type.Null()]);

export const Item = Type.Object({
  id: Uuid,
  orgId: Uuid,
  planId: Type.Union([Uuid, Type.Null()]),
  kind: ItemKind,
  title: Text(),
  /** The news hook or event the item answers (инфоповод). */
  newsHook: Text(),
  format: Text(),
  status: ItemStatus,
  at: ItemAt,
  /** The item's day on the organisation's calendar (for an instant, in its time zone). */
  localDay: LocalDate,
  channelIds: Type.Array(Uuid),
  audienceIds: Type.Array(Uuid),
  keyMessageIds: Type.Array(Uuid),
  responsibleId: Type.Union([Uuid, Type.Null()]),
  /** When it actually came out. */
  publishedAt: Type.Union([Instant, Type.Null()]),
  url: Url,
  views: Count,
  likes: Count,
  reposts: Count,
  comments: Count,
  /** When views, likes, reposts and comments were last read from the post that proves the item (issue 13); null when typed by hand. */
  reachReadAt: Type.Union([Instant, Type.Null()]),
  notes: Text(),
  /** How many files (photos, scans, PDFs) prove the item. */
  attachmentCount: Type.Integer({ minimum: 0 }),
  /** Published or held, with a URL or an attachment (the domain's `isConfirmed`). */
  confirmed: Type.Boolean(),
  /** The recurring series the item is an occurrence of (issue 15); null for a single item. */
  seriesId: Type.Union([Uuid, Type.Null()]),
  /** An occurrence's day on its series' rule (RECURRENCE-ID), kept when it is moved: the `from` of "this and following"; null for a single item. */
  seriesDay: Type.Union([LocalDate, Type.Null()]),
  /** The material this item is the placement task of (issue 15); null otherwise. */
  materialId: Type.Union([Uuid, Type.Null()]),
  version: Version,
  createdAt: Instant,
  /** When the item was last written, and by whom (null once that user is deleted). */
  updatedAt: Instant,
  updatedBy: Type.Union([ItemEditor, Type.Null()]),
});
export type Item = Static<typeof Item>;

export const ItemList = Type.Object({ items: Type.Array(Item) });
export type ItemList = Static<typeof ItemList>;

/**
 * `from`/`to`: local days, inclusive (at most 400 days apart). The other filters narrow the list;
 * `channelId`/`audienceId` keep items on that channel / for that audience.
 */
export const ItemQuery = Type.Object(
  {
    from: LocalDate,
    to: LocalDate,
    channelId: Type.Optional(Uuid),
    audienceId: Type.Optional(Uuid),
    kind: Type.Optional(ItemKind),
    status: Type.Optional(ItemStatus),
    responsibleId: Type.Optional(Uuid),
    planId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type ItemQuery = Static<typeof ItemQuery>;

const itemFields = {
  planId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  newsHook: Type.Optional(Text({ maxLength: 2000 })),
  format: Type.Optional(Text({ maxLength: 300 })),
  channelIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
  audienceIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
  keyMessageIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
  responsibleId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  publishedAt: Type.Optional(Type.Union([Instant, Type.Null()])),
  url: Type.Optional(Url),
  views: Type.Optional(Count),
  likes: Type.Optional(Count),
  reposts: Type.Optional(Count),
  comments: Type.Optional(Count),
  notes: Type.Optional(Text({ maxLength: 10_000 })),
};

/**
 * A new item. `status` defaults to `planned`. Channels, audiences, key messages, the plan and
 * the responsible user must be the organisation's (audiences and key messages may come from an
 * organisation above; the responsible user must be a member of the organisation's tree); the
 * date must lie in the plan's period; the kind must fit each channel (no `stand_update` on `vk`).
 */
export const ItemCreate = Type.Object(
  {
    kind: ItemKind,
    title: Words(500),
    at: ItemAt,
    status: Type.Optional(ItemStatus),
    ...itemFields,
  },
  { additionalProperties: false },
);
export type ItemCreate = Static<typeof ItemCreate>;

/** Changes to an item; send `version` here or as `If-Match`. `{at, version}` reschedules it. */
export const ItemPatch = patchOf(ItemCreate);
export type ItemPatch = Static<typeof ItemPatch>;

/** Many new items in one transaction (e.g. "fill the gap"): all are created or none. */
export const ItemBulkCreate = Type.Object(
  { items: Type.Array(ItemCreate, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);
export type ItemBulkCreate = Static<typeof ItemBulkCreate>;

export const ItemBulkCreated = Type.Object({ items: Type.Array(Type.Object({ id: Uuid, version: Version })) });
export type ItemBulkCreated = Static<typeof ItemBulkCreated>;


// Evidence: files attached to an item (issue 11). An upload is the file's bytes as the request
// body, whatever its Content-Type: the server tells the type by the content.

/** The types an attachment may be, told by its first bytes. */
export const AttachmentType = literalUnion(ATTACHMENT_TYPES);

export const AttachmentParams = Type.Object({ orgId: Uuid, itemId: Uuid, attachmentId: Uuid }, { additionalProperties: false });
export type AttachmentParams = Static<typeof AttachmentParams>;

/** `name`: the file's name as the user chose it (shown, and offered on download). */
export const AttachmentUploadQuery = Type.Object(
  { name: Words(255, { examples: ['stand-2026-11-20.jpg'] }) },
  { additionalProperties: false },
);
export type AttachmentUploadQuery = Static<typeof AttachmentUploadQuery>;

export const Attachment = Type.Object({
  id: Uuid,
  itemId: Uuid,
  name: Text(),
  contentType: AttachmentType,
  /** Bytes. */
  size: Type.Integer({ minimum: 1 }),
  /** SHA-256 of the content, hex. */
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  uploadedAt: Instant,
  uploadedBy: Type.Union([ItemEditor, Type.Null()]),
});
export type Attachment = Static<typeof Attachment>;

export const AttachmentList = Type.Object({ attachments: Type.Array(Attachment) });
export type AttachmentList = Static<typeof AttachmentList>;
