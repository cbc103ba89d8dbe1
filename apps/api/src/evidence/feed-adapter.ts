import type { FetchAdapter, HttpGet, SourceState } from './adapter.js';
import { parseFeed } from './formats/feed.js';
import { SourceError } from './source-error.js';

/** What a feed reader asks for: the feed formats first, any XML or JSON after, anything at all last. */
const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/** The validators to keep from an answer, for the next read's conditional request. */
function validators(headers: Record<string, string>, previous: SourceState): SourceState {
  const state: SourceState = {};
  const etag = headers.etag ?? previous.etag;
  const lastModified = headers['last-modified'] ?? previous.lastModified;
  if (etag) state.etag = etag;
  if (lastModified) state.lastModified = lastModified;
  return state;
}

/**
 * Reads a `feed` source: a conditional GET (the ETag and Last-Modified kept from the last read),
 * 304 → nothing changed, another non-2xx status → `http_status` {status}, else the feed parsed.
 * A read that fails keeps no new state: the service stores the state of successful reads only.
 */
export function feedAdapter(get: HttpGet): FetchAdapter {
  return async (source, options) => {
    if (!source.url) throw new Error(`feed source ${source.id} has no address`);
    const headers: Record<string, string> = { accept: FEED_ACCEPT };
    if (source.state.etag) headers['if-none-match'] = source.state.etag;
    if (source.state.lastModified) headers['if-modified-since'] = source.state.lastModified;
    const answer = await get(source.url, { ...options, headers });
    if (answer.status === 304) return { notModified: true, posts: [], state: validators(answer.headers, source.state) };
    if (answer.status < 200 || answer.status > 299) throw new SourceError('http_status', { status: answer.status });
    const posts = parseFeed(answer.body, { contentType: answer.headers['content-type'] ?? null, url: answer.url });
    // Validators of the new answer only: an old ETag kept beside a new body would skip the next change.
    return { notModified: false, posts, state: validators(answer.headers, {}) };
  };
}
