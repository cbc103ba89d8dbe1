import { MAX_REACH, type FetchedPost, type Reach } from '@ritm/domain/evidence-source';
import { isProductInstant } from '@ritm/domain/product-range';
import { tidyText, truncate } from '../html-text.js';
import { SourceError } from '../source-error.js';
import { MAX_TEXT_LENGTH, MAX_TITLE_LENGTH } from './feed.js';
import { parseJsonDocument } from './json-document.js';

// What the VK, Telegram Bot API and Telegram export readers share: a post built from a social
// network's plain text (its title the first line, or the kind of media when there is no text),
// JSON read strictly, and a token kept out of anything that may be stored or shown.

/** The media a post may consist of alone, as each reader names it. */
export type MediaKind =
  | 'photo'
  | 'video'
  | 'animation'
  | 'audio'
  | 'voice'
  | 'video_note'
  | 'sticker'
  | 'file'
  | 'poll'
  | 'link'
  | 'article'
  | 'location'
  | 'contact';

/**
 * A media-only post's title, in the product's language: it becomes the title of the unplanned
 * item the post creates, and the editor reads it in review beside the plan's Russian titles.
 */
const MEDIA_TITLES: Record<MediaKind, string> = {
  photo: 'Фото',
  video: 'Видео',
  animation: 'GIF-анимация',
  audio: 'Аудио',
  voice: 'Голосовое сообщение',
  video_note: 'Видеосообщение',
  sticker: 'Стикер',
  file: 'Файл',
  poll: 'Опрос',
  link: 'Ссылка',
  article: 'Статья',
  location: 'Место на карте',
  contact: 'Контакт',
};
/**
 * The media kind a reader's table gives a name a third party chose (`photo`, `video_file`), or
 * undefined: only the table's own entries count, so `constructor` or `__proto__` is no kind.
 */
export function mediaKindOf(table: Readonly<Record<string, MediaKind>>, name: unknown): MediaKind | undefined {
  return typeof name === 'string' && Object.hasOwn(table, name) ? table[name] : undefined;
}

/** A post with neither text nor media Ritm knows (a new kind of attachment). */
const UNTITLED = 'Публикация';

export const NO_REACH: Reach = { views: null, likes: null, reposts: null, comments: null };

/**
 * A post from a social network's plain text, tidied as feed text is (spaces collapsed, empty lines
 * dropped): the title is its first line; a post with no text is titled by its media (`Фото`; a
 * poll by its question).
 */
export function socialPost(post: {
  externalId: string;
  url: string | null;
  text: string;
  publishedAt: string;
  reach: Reach;
  media?: MediaKind | undefined;
  /** A poll's question, which titles a post with a poll and no text. */
  pollQuestion?: string | undefined;
}): FetchedPost {
  const text = tidyText(post.text, MAX_TEXT_LENGTH);
  let title = text.split('\n', 1)[0] ?? '';
  if (title === '') {
    const kind = post.media === undefined ? UNTITLED : MEDIA_TITLES[post.media];
    title = post.media === 'poll' && post.pollQuestion ? tidyText(`${kind}: ${post.pollQuestion}`).split('\n', 1)[0]! : kind;
  }
  title = truncate(title, MAX_TITLE_LENGTH);
  return { externalId: post.externalId, url: post.url, title, text, publishedAt: post.publishedAt, reach: post.reach };
}

/**
 * An instant from Unix seconds (a number, or digits as Telegram's export writes them); undefined
 * when it is none, or lies outside the product's range (2000–2100), where no item can be.
 */
export function instantOfUnixSeconds(value: unknown): string | undefined {
  const seconds = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0 || seconds > 32_503_680_000) return undefined;
  const instant = new Date(seconds * 1000).toISOString();
  return isProductInstant(instant) ? instant : undefined;
}

/** A count a social network reports (views, likes), or null when it gives none. */
export function countOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_REACH ? value : null;
}

/** Whether a value is a JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object's field as an object, or undefined. */
export function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  const field = isObject(value) ? value[key] : undefined;
  return isObject(field) ? field : undefined;
}

/**
 * UTF-8 JSON as every social API and Telegram's export write it: bytes that are no UTF-8 →
 * `encoding` {charset}, text that is no JSON → `malformed` {reason: 'truncated' | 'syntax', line,
 * column} as feeds report it.
 */
/**
 * Where an uploaded file's content starts: past a UTF-8 byte-order mark and spaces (its length
 * when it holds nothing else).
 */
export function contentStart(body: Uint8Array): number {
  let at = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  while (at < body.length && (body[at] === 0x20 || body[at] === 0x09 || body[at] === 0x0a || body[at] === 0x0d)) at += 1;
  return at;
}

export function readJsonBytes(body: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new SourceError('encoding', { charset: 'utf-8' });
  }
  return parseJsonDocument(text);
}

/**
 * JSON of another shape than the API documents (`{"response":{}}` without items, `{"ok":true}`
 * without a result): `malformed` {reason: 'unexpected_answer'}.
 */
export function unexpectedAnswer(): SourceError {
  return new SourceError('malformed', { reason: 'unexpected_answer' });
}

const API_MESSAGE_LENGTH = 300;

/** A message from a third-party API, short enough to store and show, without the token in it. */
export function apiMessage(value: unknown, secret: string | null): string {
  const text = typeof value === 'string' ? value : '';
  return truncate(hideSecretIn(text, secret), API_MESSAGE_LENGTH);
}

function hideSecretIn(text: string, secret: string | null): string {
  return secret ? text.replaceAll(secret, '***').replaceAll(encodeURIComponent(secret), '***') : text;
}

/**
 * Runs a request whose address carries a token and makes sure no error it throws repeats the
 * token (a `SourceError`'s params are stored as the source's last error and shown to editors; an
 * unexpected error is logged).
 */
export async function withSecretHidden<T>(secret: string | null, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (!secret) throw error;
    if (error instanceof SourceError) {
      const params = Object.fromEntries(Object.entries(error.params).map(([k, v]) => [k, typeof v === 'string' ? hideSecretIn(v, secret) : v]));
      throw new SourceError(error.code, params);
    }
    if (error instanceof Error && (error.message.includes(secret) || error.message.includes(encodeURIComponent(secret)))) {
      throw new Error(hideSecretIn(error.message, secret));
    }
    throw error;
  }
}
