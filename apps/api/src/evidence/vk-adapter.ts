import type { FetchedPost } from '@ritm/domain/evidence-source';
import type { FetchAdapter, HttpGet } from './adapter.js';
import { readVkWall, VK_PAGE_SIZE, vkWallGetUrl, vkWallOf } from './formats/vk.js';
import { withSecretHidden } from './formats/social-post.js';
import { SourceError } from './source-error.js';

/**
 * Pages of 100 posts read per fetch: the newest 200 posts cover far more than one interval of any
 * community's posting, and a wall of thousands of posts is never read whole (VK's daily quota).
 */
export const VK_MAX_PAGES = 2;

/**
 * Reads a VK community's wall (`vk` sources) through `wall.get`. `apiUrl` is RITM_VK_API_URL
 * (`https://api.vk.com`; tests point it at a local server), `get` the guarded GET.
 */
export function vkAdapter({ apiUrl, get, maxPages = VK_MAX_PAGES }: { apiUrl: string; get: HttpGet; maxPages?: number }): FetchAdapter {
  return async (source, options) => {
    // The API refuses a VK source without a community; one here is a bug, not the editor's to fix.
    if (!source.target) throw new Error(`VK source ${source.id} has no community`);
    if (!source.token) throw new SourceError('token_invalid', {});
    const token = source.token;
    const wall = vkWallOf(source.target);
    const posts = new Map<string, FetchedPost>();
    let offset = 0;
    for (let page = 0; page < maxPages; page++) {
      const answer = await withSecretHidden(token, () => get(vkWallGetUrl(apiUrl, wall, token, offset), options));
      // VK reports its own errors with HTTP 200; another status is a proxy or an outage.
      if (answer.status !== 200) throw new SourceError('http_status', { status: answer.status });
      const read = readVkWall(answer.body, token);
      // The pinned post comes first whatever its date and may come again in its place: one post per id.
      for (const post of read.posts) if (!posts.has(post.externalId)) posts.set(post.externalId, post);
      offset += read.items;
      if (read.items < VK_PAGE_SIZE || offset >= read.total) break;
    }
    return { notModified: false, posts: [...posts.values()], state: {} };
  };
}
