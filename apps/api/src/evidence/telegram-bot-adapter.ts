import type { FetchedPost } from '@ritm/domain/evidence-source';
import type { FetchAdapter, HttpGet } from './adapter.js';
import { withSecretHidden } from './formats/social-post.js';
import { readTelegramUpdates, TELEGRAM_PAGE_SIZE, telegramGetUpdatesUrl } from './formats/telegram-bot.js';
import { SourceError } from './source-error.js';

/**
 * Pages of updates read per fetch. One, on purpose: asking `getUpdates` for the next page passes
 * a higher `offset`, which confirms — deletes on Telegram's side — the updates of the page before,
 * while Ritm has not stored them yet (the service stores a read's posts and its new offset in one
 * transaction after the adapter returns). A busier channel is read on by the next scheduled fetch
 * from the offset kept; Telegram holds unconfirmed updates for 24 hours.
 */
export const TELEGRAM_MAX_PAGES = 1;

/**
 * Reads a Telegram channel's posts (`telegram_bot` sources) through the Bot API's `getUpdates`.
 * `apiUrl` is RITM_TELEGRAM_API_URL (`https://api.telegram.org`; tests point it at a local
 * server), `get` the guarded GET. The offset of the next unread update is kept in the source's
 * state. The bot token rides in the address's path and nowhere else, and no error repeats it.
 */
export function telegramBotAdapter({ apiUrl, get, maxPages = TELEGRAM_MAX_PAGES }: { apiUrl: string; get: HttpGet; maxPages?: number }): FetchAdapter {
  return async (source, options) => {
    if (!source.target) throw new Error(`Telegram source ${source.id} has no chat`);
    if (!source.token) throw new SourceError('token_invalid', {});
    const token = source.token;
    const target = source.target;
    const posts = new Map<string, FetchedPost>();
    let offset = source.state.offset;
    let username = source.state.username;
    for (let page = 0; page < maxPages; page++) {
      const answer = await withSecretHidden(token, () => get(telegramGetUpdatesUrl(apiUrl, token, offset), options));
      const read = readTelegramUpdates(answer.status, answer.body, target, token);
      for (const post of read.posts) {
        posts.delete(post.externalId);
        posts.set(post.externalId, post);
      }
      offset = read.nextOffset ?? offset;
      username = read.username ?? username;
      if (read.updates < TELEGRAM_PAGE_SIZE || read.nextOffset === undefined) break;
    }
    return {
      notModified: false,
      posts: [...posts.values()],
      state: { ...(offset !== undefined && { offset }), ...(username !== undefined && { username }) },
    };
  };
}
