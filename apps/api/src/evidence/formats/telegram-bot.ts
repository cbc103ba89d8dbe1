import type { FetchedPost } from '@ritm/domain/evidence-source';
import { SourceError } from '../source-error.js';
import { apiMessage, instantOfUnixSeconds, isObject, NO_REACH, objectAt, readJsonBytes, socialPost, unexpectedAnswer, type MediaKind } from './social-post.js';

// Telegram Bot API `getUpdates` (https://core.telegram.org/bots/api#getupdates) for a channel the
// bot administers: each `channel_post` and `edited_channel_post` of that channel is a post. The
// Bot API gives no view counts, so these posts carry no reach.

/** The most updates `getUpdates` gives per call. */
export const TELEGRAM_PAGE_SIZE = 100;

/**
 * The address of one `getUpdates` call. The token is part of the path, as the Bot API wants it;
 * `timeout=0` asks for what is waiting now (no long polling from a scheduled read).
 */
export function telegramGetUpdatesUrl(apiUrl: string, token: string, offset: number | undefined): string {
  const url = new URL(`${apiUrl.replace(/\/+$/, '')}/bot${token}/getUpdates`);
  if (offset !== undefined) url.searchParams.set('offset', String(offset));
  url.searchParams.set('limit', String(TELEGRAM_PAGE_SIZE));
  url.searchParams.set('timeout', '0');
  url.searchParams.set('allowed_updates', JSON.stringify(['channel_post', 'edited_channel_post']));
  return url.toString();
}

/** One `getUpdates` answer: the posts of the configured channel, and the offset that confirms every update read. */
export interface TelegramUpdates {
  posts: FetchedPost[];
  /** `update_id` of the last update + 1; undefined when there were no updates. */
  nextOffset: number | undefined;
  updates: number;
  /** The channel's public name when an update showed it. */
  username: string | undefined;
}

/**
 * Whether a chat is the one a source names: `@name` (Telegram names are case-insensitive) or its
 * numeric id (`-100…`).
 */
export function isConfiguredChat(chat: Record<string, unknown>, target: string): boolean {
  const wanted = target.trim();
  if (wanted.startsWith('@')) return typeof chat.username === 'string' && chat.username.toLowerCase() === wanted.slice(1).toLowerCase();
  return typeof chat.id === 'number' && String(chat.id) === wanted;
}

/**
 * Reads a `getUpdates` answer: `{"ok":true,"result":[…]}`, or `{"ok":false,"error_code",
 * "description","parameters"}` with the HTTP status of the same number. An edit replaces the
 * post it edits (the last version read wins); the post keeps its first date.
 */
export function readTelegramUpdates(status: number, body: Uint8Array, target: string, secret: string | null = null): TelegramUpdates {
  let json: unknown;
  try {
    json = readJsonBytes(body);
  } catch (error) {
    // An answer that is not the Bot API's JSON: a proxy's error page says more by its status.
    if (status !== 200) throw new SourceError('http_status', { status });
    throw error;
  }
  if (!isObject(json) || json.ok !== true) throw telegramError(status, json, secret);
  if (!Array.isArray(json.result)) throw unexpectedAnswer();
  const posts = new Map<string, FetchedPost>();
  let lastUpdate: number | undefined;
  let username: string | undefined;
  for (const update of json.result) {
    if (!isObject(update) || typeof update.update_id !== 'number') continue;
    lastUpdate = Math.max(lastUpdate ?? update.update_id, update.update_id);
    const message = objectAt(update, 'channel_post') ?? objectAt(update, 'edited_channel_post');
    const chat = objectAt(message, 'chat');
    if (!message || !chat || !isConfiguredChat(chat, target)) continue;
    if (typeof chat.username === 'string') username = chat.username;
    let post = telegramPost(message, chat);
    if (!post) continue;
    // An album is one publication sent as one message per photo or video, tied by media_group_id
    // (one of them carries the caption): one post, under the album's id, linked to its first message.
    if (typeof message.media_group_id === 'string') post = foldAlbum(posts.get(`album:${message.media_group_id}`), { ...post, externalId: `album:${message.media_group_id}` });
    // A new version replaces the old one in place: delete first so the map keeps the order of the latest.
    posts.delete(post.externalId);
    posts.set(post.externalId, post);
  }
  return { posts: [...posts.values()], nextOffset: lastUpdate === undefined ? undefined : lastUpdate + 1, updates: json.result.length, username };
}

/** One more message of an album: the caption wherever it is, the first message's time and address. */
function foldAlbum(earlier: FetchedPost | undefined, next: FetchedPost): FetchedPost {
  if (earlier === undefined) return next;
  const first = Date.parse(next.publishedAt) < Date.parse(earlier.publishedAt) || (next.publishedAt === earlier.publishedAt && messageIdOf(next) < messageIdOf(earlier)) ? next : earlier;
  const worded = next.text.trim() !== '' ? next : earlier;
  return { ...worded, externalId: next.externalId, url: first.url, publishedAt: first.publishedAt };
}

// The message id at the end of a post's t.me address (albums only fold posts of one chat, which all have or all lack one).
function messageIdOf(post: FetchedPost): number {
  const id = post.url === null ? Number.NaN : Number(post.url.slice(post.url.lastIndexOf('/') + 1));
  return Number.isNaN(id) ? Number.POSITIVE_INFINITY : id;
}

function telegramError(status: number, json: unknown, secret: string | null): SourceError {
  const code = isObject(json) && typeof json.error_code === 'number' ? json.error_code : status;
  // A token Telegram does not know answers 401; one that is no token at all, 404 (no such bot path).
  if (code === 401 || code === 404) return new SourceError('token_invalid', {});
  // The bot was removed from the channel or lost its admin rights.
  if (code === 403) return new SourceError('access_denied', {});
  if (code === 429) {
    const retryAfter = objectAt(json, 'parameters')?.retry_after;
    return new SourceError('rate_limited', typeof retryAfter === 'number' ? { retryAfter } : {});
  }
  const description = isObject(json) ? apiMessage(json.description, secret) : '';
  return new SourceError('api_error', { code, message: description });
}

function telegramPost(message: Record<string, unknown>, chat: Record<string, unknown>): FetchedPost | undefined {
  const publishedAt = instantOfUnixSeconds(message.date);
  if (typeof message.message_id !== 'number' || publishedAt === undefined) return undefined;
  const text = typeof message.text === 'string' ? message.text : typeof message.caption === 'string' ? message.caption : '';
  const media = TELEGRAM_MEDIA.find((kind) => message[kind] !== undefined);
  const poll = objectAt(message, 'poll');
  return socialPost({
    externalId: String(message.message_id),
    url: typeof chat.username === 'string' ? `https://t.me/${chat.username}/${message.message_id}` : null,
    text,
    publishedAt,
    media: media === undefined ? undefined : MEDIA_OF_FIELD[media],
    pollQuestion: typeof poll?.question === 'string' ? poll.question : undefined,
    reach: NO_REACH,
  });
}

/** A Message's media fields (https://core.telegram.org/bots/api#message), in the order a title prefers them. */
const MEDIA_OF_FIELD = {
  photo: 'photo',
  video: 'video',
  animation: 'animation',
  video_note: 'video_note',
  voice: 'voice',
  audio: 'audio',
  document: 'file',
  sticker: 'sticker',
  poll: 'poll',
  location: 'location',
  venue: 'location',
  contact: 'contact',
} as const satisfies Record<string, MediaKind>;
const TELEGRAM_MEDIA = Object.keys(MEDIA_OF_FIELD) as (keyof typeof MEDIA_OF_FIELD)[];
