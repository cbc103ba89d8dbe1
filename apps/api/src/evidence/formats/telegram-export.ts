import type { FetchedPost } from '@ritm/domain/evidence-source';
import type { SourceToRead, UploadReading } from '../adapter.js';
import { SourceError } from '../source-error.js';
import { contentStart, countOf, instantOfUnixSeconds, isObject, mediaKindOf, NO_REACH, objectAt, readJsonBytes, socialPost, type MediaKind } from './social-post.js';

// Telegram Desktop's export of one channel («Экспорт истории чата», format «Машиночитаемый
// JSON»): `result.json` with the chat's `name`, `type`, `id` and `messages`. A message's `text` is
// a string or an array of strings and entity objects (`{"type":"bold","text":"…"}`,
// `{"type":"text_link","text":"…","href":"…"}`), repeated as `text_entities`; `date` is the
// exporting computer's wall clock, `date_unixtime` the instant.

/** The chat types of a channel export; any other chat is not a publication channel. */
const CHANNEL_TYPES = ['public_channel', 'private_channel'];

/**
 * Reads a channel's `result.json` into its posts: service messages (a pin, the channel's creation)
 * are left out; posts of media alone are kept, titled by their media; the edited version is the
 * one exported, and the post keeps its first date. Links are `https://t.me/<username>/<id>` when
 * the source knows the channel's public name (`state.username`; the export does not say it).
 */
export function readTelegramExport(body: Uint8Array, source: Pick<SourceToRead, 'state'>): UploadReading {
  // A CSV, a PDF or an archive sent here is a file of another kind, not a damaged export (an empty
  // one the JSON reader calls empty).
  const first = body[contentStart(body)];
  if (first !== undefined && first !== 0x7b && first !== 0x5b) throw new SourceError('wrong_kind', { found: 'not_telegram_export' });
  const json = readJsonBytes(body);
  if (!isObject(json)) throw new SourceError('wrong_kind', { found: 'not_telegram_export' });
  // «Экспорт данных Telegram» of a whole account: every chat at once, not one channel's history.
  if (objectAt(json, 'chats') !== undefined || objectAt(json, 'personal_information') !== undefined) {
    throw new SourceError('wrong_kind', { found: 'full_export' });
  }
  if (typeof json.type !== 'string' || !Array.isArray(json.messages)) throw new SourceError('wrong_kind', { found: 'not_telegram_export' });
  if (!CHANNEL_TYPES.includes(json.type)) throw new SourceError('wrong_kind', { found: json.type });
  const username = source.state.username?.replace(/^@/, '') || undefined;
  const posts = new Map<string, FetchedPost>();
  let undated = 0;
  for (const message of json.messages) {
    if (!isObject(message) || message.type !== 'message') continue;
    const post = exportedPost(message, username);
    if (post) posts.set(post.externalId, post);
    else if (instantOfUnixSeconds(message.date_unixtime) === undefined) undated += 1;
  }
  // Posts there, and not one with its instant (an export from an old Telegram Desktop, or edited by
  // hand): reading none would look like a channel that published nothing.
  if (posts.size === 0 && undated > 0) throw new SourceError('wrong_kind', { found: 'no_dates' });
  return { kind: 'posts', posts: [...posts.values()] };
}

function exportedPost(message: Record<string, unknown>, username: string | undefined): FetchedPost | undefined {
  const publishedAt = instantOfUnixSeconds(message.date_unixtime);
  // Older exports have only `date`, a wall clock of an unknown zone: a post dated wrongly would move an item's day.
  // Telegram numbers a channel's messages from 1: anything else names no post (and would make a link to none).
  if (typeof message.id !== 'number' || !Number.isSafeInteger(message.id) || message.id <= 0 || publishedAt === undefined) return undefined;
  const poll = objectAt(message, 'poll');
  return socialPost({
    externalId: String(message.id),
    url: username === undefined ? null : `https://t.me/${username}/${message.id}`,
    // `text_entities` is the newer, regular form (every part an object); `text` what older exports have.
    text: plainText(Array.isArray(message.text_entities) && message.text_entities.length > 0 ? message.text_entities : message.text),
    publishedAt,
    media: mediaOf(message),
    pollQuestion: typeof poll?.question === 'string' ? poll.question : undefined,
    reach: { ...NO_REACH, views: countOf(message.views) },
  });
}

/** A message's text: a string, or the texts of its parts (strings and entities) joined. */
function plainText(text: unknown): string {
  if (typeof text === 'string') return text;
  if (!Array.isArray(text)) return '';
  return text.map((part) => (typeof part === 'string' ? part : isObject(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

/** What Telegram Desktop writes in `media_type` for a `file`. */
const MEDIA_TYPES: Record<string, MediaKind> = {
  animation: 'animation',
  video_file: 'video',
  video_message: 'video_note',
  voice_message: 'voice',
  audio_file: 'audio',
  sticker: 'sticker',
};

function mediaOf(message: Record<string, unknown>): MediaKind | undefined {
  if (message.photo !== undefined) return 'photo';
  if (typeof message.media_type === 'string') return mediaKindOf(MEDIA_TYPES, message.media_type) ?? 'file';
  if (message.file !== undefined) return 'file';
  if (message.poll !== undefined) return 'poll';
  if (message.location_information !== undefined || message.place_name !== undefined) return 'location';
  if (message.contact_information !== undefined) return 'contact';
  return undefined;
}
