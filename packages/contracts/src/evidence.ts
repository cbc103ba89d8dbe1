import {
  EVIDENCE_POST_STATES,
  EVIDENCE_SOURCE_TYPES,
  FETCH_INTERVAL_MINUTES,
  SOURCE_ERROR_CODES,
  TELEGRAM_CHAT_PATTERN,
  TELEGRAM_USERNAME_PATTERN,
  VK_COMMUNITY_PATTERN,
} from '@ritm/domain/evidence-source';
import { WEB_URL_PATTERN } from '@ritm/domain/web-url';
import { Type, type Static } from 'typebox';
import { Instant, literalUnion, LocalDate, Text, Uuid, Version, Words } from './common.js';

// Evidence sources (issue 13): a channel's feed, VK wall, Telegram channel or statistics upload,
// read by Ritm; each post read is matched to a planned item (which turns published, with the
// post's URL and reach, as confirmed evidence) or becomes an unplanned publication waiting for
// review. Tokens go in and never come out: a source only says whether it has one.

export const EvidenceSourceType = literalUnion(EVIDENCE_SOURCE_TYPES);
export type EvidenceSourceType = Static<typeof EvidenceSourceType>;

export const EvidencePostState = literalUnion(EVIDENCE_POST_STATES);
export type EvidencePostState = Static<typeof EvidencePostState>;

export const SourceErrorCode = literalUnion(SOURCE_ERROR_CODES);
export type SourceErrorCode = Static<typeof SourceErrorCode>;

export const SourceParams = Type.Object({ orgId: Uuid, channelId: Uuid, sourceId: Uuid }, { additionalProperties: false });
export type SourceParams = Static<typeof SourceParams>;

export const EvidencePostParams = Type.Object({ orgId: Uuid, postId: Uuid }, { additionalProperties: false });
export type EvidencePostParams = Static<typeof EvidencePostParams>;

const FeedUrl = Text({ minLength: 1, maxLength: 2000, pattern: WEB_URL_PATTERN, description: 'An http(s) address of an RSS 2.0, Atom or JSON Feed' });
const Interval = Type.Integer({
  minimum: FETCH_INTERVAL_MINUTES.min,
  maximum: FETCH_INTERVAL_MINUTES.max,
  description: `How often Ritm reads the source, in minutes (default ${FETCH_INTERVAL_MINUTES.default})`,
});
const Token = Text({ minLength: 1, maxLength: 500, description: 'Stored encrypted; never sent back' });
/** A VK community: its numeric id (`club123` and `-123` are read as 123) or its short name. */
const VkCommunity = Text({ minLength: 1, maxLength: 100, pattern: VK_COMMUNITY_PATTERN });
/** A Telegram channel: `@name` or its numeric chat id (`-100…`). */
const TelegramChat = Text({ minLength: 1, maxLength: 100, pattern: TELEGRAM_CHAT_PATTERN });
/** A public Telegram channel's name, to link each post (`https://t.me/<name>/<id>`). */
const TelegramUsername = Text({ minLength: 4, maxLength: 64, pattern: TELEGRAM_USERNAME_PATTERN });
const Name = Words(200);

/** A new source on a channel; what it needs depends on its `type`. */
export const EvidenceSourceCreate = Type.Union([
  Type.Object({ type: Type.Literal('feed'), url: FeedUrl, name: Type.Optional(Name), intervalMinutes: Type.Optional(Interval) }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('vk'), community: VkCommunity, token: Token, name: Type.Optional(Name), intervalMinutes: Type.Optional(Interval) },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('telegram_bot'), chat: TelegramChat, token: Token, name: Type.Optional(Name), intervalMinutes: Type.Optional(Interval) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('telegram_export'), username: Type.Optional(TelegramUsername), name: Type.Optional(Name) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('stats_csv'), name: Type.Optional(Name) }, { additionalProperties: false }),
]);
export type EvidenceSourceCreate = Static<typeof EvidenceSourceCreate>;

/** A change to a source: only the fields given change; `token` replaces the stored one. */
export const EvidenceSourcePatch = Type.Object(
  {
    version: Version,
    name: Type.Optional(Name),
    enabled: Type.Optional(Type.Boolean()),
    intervalMinutes: Type.Optional(Interval),
    url: Type.Optional(FeedUrl),
    community: Type.Optional(VkCommunity),
    chat: Type.Optional(TelegramChat),
    username: Type.Optional(Type.Union([TelegramUsername, Type.Null()])),
    token: Type.Optional(Token),
  },
  { additionalProperties: false },
);
export type EvidenceSourcePatch = Static<typeof EvidenceSourcePatch>;

/** A source's last error, with its message in the caller's language. */
export const SourceError = Type.Object({
  code: SourceErrorCode,
  message: Text(),
  at: Instant,
});
export type SourceError = Static<typeof SourceError>;

export const EvidenceSource = Type.Object({
  id: Uuid,
  orgId: Uuid,
  channelId: Uuid,
  type: EvidenceSourceType,
  name: Text(),
  /** A feed's address; null for other types. */
  url: Type.Union([Text(), Type.Null()]),
  /** A VK community or a Telegram chat as given; null for other types. */
  target: Type.Union([Text(), Type.Null()]),
  /** Whether a token is stored (the token itself never leaves the server). */
  hasToken: Type.Boolean(),
  enabled: Type.Boolean(),
  /** Minutes between reads; null for uploaded sources. */
  intervalMinutes: Type.Union([Type.Integer(), Type.Null()]),
  lastFetchedAt: Type.Union([Instant, Type.Null()]),
  lastSuccessAt: Type.Union([Instant, Type.Null()]),
  /** When Ritm reads it next; null for uploaded or disabled sources. */
  nextFetchAt: Type.Union([Instant, Type.Null()]),
  lastError: Type.Union([SourceError, Type.Null()]),
  /** How many posts it gave so far. */
  postCount: Type.Integer({ minimum: 0 }),
  version: Version,
  createdAt: Instant,
});
export type EvidenceSource = Static<typeof EvidenceSource>;

export const EvidenceSourceList = Type.Object({ sources: Type.Array(EvidenceSource) });
export type EvidenceSourceList = Static<typeof EvidenceSourceList>;

/** What one read (a fetch or an upload) did. */
export const EvidenceReadResult = Type.Object({
  source: EvidenceSource,
  /** The server said nothing changed since the last read (HTTP 304). */
  notModified: Type.Boolean(),
  /** Posts in what was read. */
  read: Type.Integer({ minimum: 0 }),
  /** New posts linked to planned items. */
  matched: Type.Integer({ minimum: 0 }),
  /** New posts that matched nothing: unplanned items waiting for review. */
  unplanned: Type.Integer({ minimum: 0 }),
  /** Posts read before, whose reach was updated (nothing else changes). */
  updated: Type.Integer({ minimum: 0 }),
  /** Statistics rows (CSV) that named no known post, by row. */
  unknownRows: Type.Array(Type.Integer({ minimum: 1 })),
});
export type EvidenceReadResult = Static<typeof EvidenceReadResult>;

export const MatchReason = Type.Union([
  Type.Object({ by: Type.Literal('link') }),
  Type.Object({
    by: Type.Literal('date_title'),
    days: Type.Integer({ minimum: -1, maximum: 1 }),
    similarity: Type.Number({ minimum: 0, maximum: 1 }),
    words: Type.Array(Text()),
  }),
  Type.Object({ by: Type.Literal('manual') }),
]);
export type MatchReason = Static<typeof MatchReason>;

/** The item a post is linked to, as the review shows it. */
export const EvidenceLinkedItem = Type.Object({ id: Uuid, title: Text(), localDay: LocalDate, status: Text() });

/** A post Ritm read, as plain text (feed HTML is never passed on). */
export const EvidencePost = Type.Object({
  id: Uuid,
  orgId: Uuid,
  sourceId: Uuid,
  sourceType: EvidenceSourceType,
  channelId: Uuid,
  externalId: Text(),
  url: Type.Union([Text(), Type.Null()]),
  title: Text(),
  /** Plain text, at most 10,000 characters; render it as text, never as HTML. */
  text: Text(),
  publishedAt: Instant,
  /** The post's day on the organisation's calendar. */
  localDay: LocalDate,
  views: Type.Union([Type.Integer(), Type.Null()]),
  likes: Type.Union([Type.Integer(), Type.Null()]),
  reposts: Type.Union([Type.Integer(), Type.Null()]),
  comments: Type.Union([Type.Integer(), Type.Null()]),
  reachReadAt: Type.Union([Instant, Type.Null()]),
  state: EvidencePostState,
  item: Type.Union([EvidenceLinkedItem, Type.Null()]),
  reason: Type.Union([MatchReason, Type.Null()]),
  firstSeenAt: Instant,
  reviewedAt: Type.Union([Instant, Type.Null()]),
  /** What the caller may do with it in review. */
  may: Type.Object({ review: Type.Boolean() }),
});
export type EvidencePost = Static<typeof EvidencePost>;

/** `state`: one state, or by default the ones awaiting review (`matched`, `unplanned`). */
export const EvidenceReviewQuery = Type.Object(
  {
    state: Type.Optional(EvidencePostState),
    channelId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  { additionalProperties: false },
);
export type EvidenceReviewQuery = Static<typeof EvidenceReviewQuery>;

export const EvidenceReview = Type.Object({
  posts: Type.Array(EvidencePost),
  /** How many posts await review in all (the list may be cut at `limit`). */
  pending: Type.Integer({ minimum: 0 }),
});
export type EvidenceReview = Static<typeof EvidenceReview>;

/** Re-link a post to another item of the organisation on the post's channel. */
export const EvidenceRelinkBody = Type.Object({ itemId: Uuid }, { additionalProperties: false });
export type EvidenceRelinkBody = Static<typeof EvidenceRelinkBody>;
