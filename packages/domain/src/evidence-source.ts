/**
 * Evidence sources: the places an organisation already publishes that say, by themselves, what
 * was published and when — a website's feed, a VK community wall, a Telegram channel, a statistics
 * export. Ritm reads them and turns each post into proof of a planned item (or into an unplanned
 * publication). This module is the vocabulary every layer shares; the matching rule is in
 * `evidence-match.ts`.
 */

import { allowedChannelTypes } from './plan-ops.js';

/**
 * How a source is read:
 * - `feed`: an RSS 2.0, Atom or JSON Feed address (a WordPress site, Dzen's RSS), fetched on a schedule;
 * - `vk`: a VK community's wall through the VK API's `wall.get` with a service token;
 * - `telegram_bot`: a Telegram channel's posts through the Bot API (the bot administers the channel);
 * - `telegram_export`: a Telegram Desktop channel export (`result.json`), uploaded;
 * - `stats_csv`: reach statistics (date or link, views, likes, reposts, comments), uploaded as CSV.
 */
export const EVIDENCE_SOURCE_TYPES = ['feed', 'vk', 'telegram_bot', 'telegram_export', 'stats_csv'] as const;
export type EvidenceSourceType = (typeof EVIDENCE_SOURCE_TYPES)[number];

/** Sources Ritm fetches by itself on a schedule; the others are uploaded. */
export const FETCHED_SOURCE_TYPES = ['feed', 'vk', 'telegram_bot'] as const satisfies readonly EvidenceSourceType[];
/** Sources whose content arrives as an upload (`POST …/sources/:id/upload`). */
export const UPLOADED_SOURCE_TYPES = ['telegram_export', 'stats_csv'] as const satisfies readonly EvidenceSourceType[];
/** Sources that hold a secret (a token), stored encrypted and never sent back. */
export const SECRET_SOURCE_TYPES = ['vk', 'telegram_bot'] as const satisfies readonly EvidenceSourceType[];

/** Whether a source type is fetched on a schedule (as opposed to uploaded). */
export function isFetchedSourceType(type: EvidenceSourceType): boolean {
  return (FETCHED_SOURCE_TYPES as readonly string[]).includes(type);
}

/** Whether a source type holds a token. */
export function isSecretSourceType(type: EvidenceSourceType): boolean {
  return (SECRET_SOURCE_TYPES as readonly string[]).includes(type);
}

/** A VK community as a user gives it: its numeric id (`club123`, `public123` and `-123` are read as 123) or its short name. */
export const VK_COMMUNITY_PATTERN = '^(-?\\d{1,12}|club\\d{1,12}|public\\d{1,12}|[A-Za-z0-9_.]{2,64})$';
/** A Telegram channel: `@name` or its numeric chat id (`-100…`). */
export const TELEGRAM_CHAT_PATTERN = '^(@[A-Za-z0-9_]{4,64}|-?\\d{1,20})$';
/** A public Telegram channel's name, with or without the `@`. */
export const TELEGRAM_USERNAME_PATTERN = '^@?[A-Za-z0-9_]{4,64}$';

/** How often a fetched source is read, in minutes: the default and the bounds a user may choose. */
export const FETCH_INTERVAL_MINUTES = { default: 30, min: 5, max: 1440 } as const;

/**
 * What became of a post Ritm read:
 * - `matched`: the rule linked it to a planned item, which is now published with its URL and reach;
 * - `unplanned`: it matched nothing; Ritm made it an unplanned published item that waits for review;
 * - `confirmed`: an editor confirmed the link (or the unplanned item) in review;
 * - `ignored`: an editor said it is no publication of the organisation's (a repost, a test); its
 *   item, if Ritm had made one, is gone, and reading the post again changes nothing.
 */
export const EVIDENCE_POST_STATES = ['matched', 'unplanned', 'confirmed', 'ignored'] as const;
export type EvidencePostState = (typeof EVIDENCE_POST_STATES)[number];

/** The states the review screen lists: what a person has not looked at yet. */
export const REVIEW_POST_STATES = ['matched', 'unplanned'] as const satisfies readonly EvidencePostState[];

/**
 * The largest figure of reach Ritm keeps (the API's counts are bounded by it, the database stores
 * them as integers): a source that says more is not believed.
 */
export const MAX_REACH = 2_000_000_000;

/** Reach of a post as last read: each figure null when the source does not give it. */
export interface Reach {
  views: number | null;
  likes: number | null;
  reposts: number | null;
  comments: number | null;
}

/**
 * A post as a source gives it, whatever its format. Parsers of every format produce this; the
 * matching rule and the storage take nothing else.
 */
export interface FetchedPost {
  /** The source's own id of the post (a feed entry's guid/id, VK's post id, Telegram's message id): the key that makes reading again idempotent. */
  externalId: string;
  /** The post's public address, when it has one (http or https). */
  url: string | null;
  /** A title: the entry's title, or the first line of the text (at most 300 characters). */
  title: string;
  /** The post's text as plain text (HTML removed, entities decoded), at most 10,000 characters. */
  text: string;
  /** When it was published: an instant, ISO 8601 in UTC (`2026-11-20T07:00:00.000Z`). */
  publishedAt: string;
  reach: Reach;
}

/** A reach statistics row (CSV upload): which post, by its link or its day, and its figures. */
export interface ReachRow {
  /** 1-based row of the file the figures come from (the header is row 1), for messages. */
  row: number;
  url: string | null;
  /** The local day of the post, when the row names a day instead of a link. */
  day: string | null;
  reach: Reach;
}

/**
 * Why reading a source failed. Each code has a translated message on the API
 * (`evidence_source_<code>`), shown to the editor on the source as its last error.
 */
export const SOURCE_ERROR_CODES = [
  /** The address could not be reached (DNS, connection refused, TLS). */
  'unreachable',
  /** No answer within the time limit. */
  'timeout',
  /** The answer was larger than the size limit. */
  'too_large',
  /** More redirects than allowed, or a redirect to an address that is not http(s). */
  'too_many_redirects',
  /** The address (or a redirect) points to a private, loopback or link-local address. */
  'private_address',
  /** The server answered with an HTTP error status. */
  'http_status',
  /** The content is not a feed (RSS 2.0, Atom, JSON Feed) or is malformed or truncated. */
  'malformed',
  /**
   * The bytes are not valid in the encoding the content declares; in a statistics CSV read as
   * UTF-8, a heading's bytes are not (params: reason `heading`, row, column, value).
   */
  'encoding',
  /** An upload of another kind than the source reads (e.g. a group chat export, a personal chat). */
  'wrong_kind',
  /** The token is wrong, expired or revoked (VK error 5, Telegram 401). */
  'token_invalid',
  /** The token lacks the rights (VK 15/30, a bot that does not administer the channel). */
  'access_denied',
  /** The API asks to slow down (VK 6/9/29, Telegram 429). */
  'rate_limited',
  /** Another error the third-party API reported (its code and message are kept in params). */
  'api_error',
  /** A statistics row that cannot be read (params: row, column; reason `encoding` and value when the cell's bytes are not UTF-8). */
  'bad_row',
  /** A token source cannot be stored: the server has no RITM_SECRET_KEY. */
  'secret_key_missing',
  /** Ritm failed to write what it read (a fault of Ritm's, in the server's log); nothing was written. */
  'internal',
] as const;
export type SourceErrorCode = (typeof SOURCE_ERROR_CODES)[number];

/** A source's last error as stored and shown: its code and what the message needs. */
export interface SourceErrorInfo {
  code: SourceErrorCode;
  params: Record<string, string | number>;
  /** When it happened (ISO instant). */
  at: string;
}

/**
 * Why a post was linked to an item, as the matching rule explains it:
 * - `link`: the item's URL is the post's (after normalising both);
 * - `date_title`: the post came out within a day of the item's date (`days`: post's local day
 *   minus the item's, −1…1) and their titles are alike (`similarity` 0…1; `words`: the words they
 *   share, as written in the item's title);
 * - `manual`: an editor linked them in review.
 */
export type MatchReason =
  | { by: 'link' }
  | { by: 'date_title'; days: number; similarity: number; words: string[] }
  | { by: 'manual' };

/** Channel types whose posts are articles rather than posts: an unplanned one becomes a `publication`. */
const ARTICLE_CHANNEL_TYPES: readonly string[] = ['website', 'mass_media'];

/**
 * The kind of the item Ritm makes for a post that matched nothing: a `publication` on a website
 * (or in the media) and wherever a `post` cannot go, a `post` anywhere else (a social network,
 * Telegram, Dzen), so the item rules always accept it on its channel.
 *
 * @example unplannedPostKind('website') // 'publication'
 * @example unplannedPostKind('vk') // 'post'
 */
export function unplannedPostKind(channelType: string): 'post' | 'publication' {
  const postFits = allowedChannelTypes('post')?.includes(channelType) ?? true;
  return ARTICLE_CHANNEL_TYPES.includes(channelType) || !postFits ? 'publication' : 'post';
}
