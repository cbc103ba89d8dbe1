import type { FetchedPost, SourceErrorCode } from '@ritm/domain/evidence-source';
import { SourceError } from '../source-error.js';
import { apiMessage, countOf, instantOfUnixSeconds, isObject, objectAt, readJsonBytes, socialPost, unexpectedAnswer, type MediaKind } from './social-post.js';

// VK API `wall.get` (version 5.199, https://dev.vk.com/ru/method/wall.get): a community's wall
// read with a service token. The answer is `{"response":{"count","items"}}` or, with HTTP 200
// all the same, `{"error":{"error_code","error_msg","request_params"}}`.

export const VK_API_VERSION = '5.199';
/** The most posts `wall.get` gives per call. */
export const VK_PAGE_SIZE = 100;

/** Which wall to read: a community by its id (VK numbers a community's wall negatively), or by its short name. */
export type VkWall = { ownerId: string } | { domain: string };

/**
 * The wall a source names: `-123`, `club123`, `public123` and `123` are community 123
 * (`owner_id=-123`); anything else is a short name (`domain=`).
 *
 * @example vkWallOf('club123') // { ownerId: '-123' }
 * @example vkWallOf('czn_ekb') // { domain: 'czn_ekb' }
 */
export function vkWallOf(target: string): VkWall {
  const value = target.trim();
  const id = /^(?:-|club|public|event)?(\d{1,12})$/i.exec(value);
  return id ? { ownerId: `-${id[1]}` } : { domain: value };
}

/** The address of one `wall.get` page (the token goes as VK documents it: the `access_token` parameter). */
export function vkWallGetUrl(apiUrl: string, wall: VkWall, token: string, offset: number): string {
  const url = new URL(`${apiUrl.replace(/\/+$/, '')}/method/wall.get`);
  if ('ownerId' in wall) url.searchParams.set('owner_id', wall.ownerId);
  else url.searchParams.set('domain', wall.domain);
  // Only the community's own posts: a visitor's post on an open wall is no publication of the organisation's.
  url.searchParams.set('filter', 'owner');
  url.searchParams.set('offset', String(offset));
  url.searchParams.set('count', String(VK_PAGE_SIZE));
  url.searchParams.set('access_token', token);
  url.searchParams.set('v', VK_API_VERSION);
  return url.toString();
}

/** What VK's error codes mean to the editor (https://dev.vk.com/ru/reference/errors). */
const VK_ERRORS: Record<number, SourceErrorCode> = {
  5: 'token_invalid', // User authorization failed
  6: 'rate_limited', // Too many requests per second
  9: 'rate_limited', // Flood control
  29: 'rate_limited', // Rate limit reached (a method's daily quota)
  15: 'access_denied', // Access denied (a closed wall)
  30: 'access_denied', // This profile is private
  203: 'access_denied', // Access to the group is denied
};

/** One page of a wall: the posts worth keeping, how many items VK sent, and how many the wall has. */
export interface VkWallPage {
  posts: FetchedPost[];
  items: number;
  total: number;
}

/**
 * Reads a `wall.get` answer. Ads (`marked_as_ads`), postponed and suggested posts are left out;
 * a repost keeps its own text, and takes the original's only when it adds none.
 */
export function readVkWall(body: Uint8Array, secret: string | null = null): VkWallPage {
  const json = readJsonBytes(body);
  const error = objectAt(json, 'error');
  if (error) {
    const code = typeof error.error_code === 'number' ? error.error_code : 0;
    const mapped = VK_ERRORS[code];
    if (mapped) throw new SourceError(mapped, { code });
    throw new SourceError('api_error', { code, message: apiMessage(error.error_msg, secret) });
  }
  const response = objectAt(json, 'response');
  if (!response || !Array.isArray(response.items)) throw unexpectedAnswer();
  const posts: FetchedPost[] = [];
  for (const item of response.items) {
    const post = isObject(item) ? vkPost(item) : undefined;
    if (post) posts.push(post);
  }
  return { posts, items: response.items.length, total: countOf(response.count) ?? response.items.length };
}

function vkPost(item: Record<string, unknown>): FetchedPost | undefined {
  const publishedAt = instantOfUnixSeconds(item.date);
  if (typeof item.id !== 'number' || typeof item.owner_id !== 'number' || publishedAt === undefined) return undefined;
  if (item.marked_as_ads === 1 || item.post_type === 'postpone' || item.post_type === 'suggest') return undefined;
  const original = Array.isArray(item.copy_history) && isObject(item.copy_history[0]) ? item.copy_history[0] : undefined;
  const own = typeof item.text === 'string' ? item.text : '';
  const text = plainVkText(own.trim() === '' && typeof original?.text === 'string' ? original.text : own);
  const attachments = nonEmpty(item.attachments) ?? nonEmpty(original?.attachments) ?? [];
  const first = attachments.find(isObject);
  const poll = first && first.type === 'poll' ? objectAt(first, 'poll') : undefined;
  const id = `${item.owner_id}_${item.id}`;
  return socialPost({
    externalId: id,
    url: `https://vk.com/wall${id}`,
    text,
    publishedAt,
    media: first ? VK_MEDIA[String(first.type)] : undefined,
    pollQuestion: typeof poll?.question === 'string' ? poll.question : undefined,
    reach: {
      views: countOf(objectAt(item, 'views')?.count),
      likes: countOf(objectAt(item, 'likes')?.count),
      reposts: countOf(objectAt(item, 'reposts')?.count),
      comments: countOf(objectAt(item, 'comments')?.count),
    },
  });
}

function nonEmpty(value: unknown): unknown[] | undefined {
  return Array.isArray(value) && value.length > 0 ? value : undefined;
}

/**
 * A post's text as people read it: VK writes a mention as `[club1|Name]` or `[id1|Name]` and a
 * link with other words as `[https://…|words]`, and shows only the name or the words.
 *
 * @example plainVkText('Спасибо [club1|ЦЗН] и [id5|Анне]!') // 'Спасибо ЦЗН и Анне!'
 */
export function plainVkText(text: string): string {
  return text.replace(/\[(?:(?:id|club|public|event)\d+|https?:\/\/[^|\]\s]+)\|([^\]]+)\]/g, '$1');
}

/** VK's attachment types (https://dev.vk.com/ru/reference/objects/attachments-wall) by the media they are. */
const VK_MEDIA: Record<string, MediaKind> = {
  photo: 'photo',
  posted_photo: 'photo',
  album: 'photo',
  video: 'video',
  clip: 'video',
  audio: 'audio',
  audio_playlist: 'audio',
  podcast: 'audio',
  doc: 'file',
  graffiti: 'photo',
  poll: 'poll',
  link: 'link',
  article: 'article',
  note: 'article',
};
