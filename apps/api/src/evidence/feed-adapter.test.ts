import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedFixture } from '../../test/evidence-feeds.js';
import type { FetchOptions, SourceToRead } from './adapter.js';
import { feedAdapter } from './feed-adapter.js';
import { safeGet } from './http.js';
import { SourceError } from './source-error.js';

// A WordPress site on 127.0.0.1 that answers conditional requests as WordPress does (ETag and
// Last-Modified, 304 when they match), read through the real guarded GET.

const ETAG = '"b3c9e0d1f1f0a2d5"';
const LAST_MODIFIED = 'Fri, 20 Nov 2026 09:14:08 GMT';
let server: Server;
let base: string;
const requests: IncomingMessage[] = [];
let status = 200;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request);
    if (request.url === '/html/') return response.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' }).end(feedFixture('html-page.html'));
    if (status !== 200) return response.writeHead(status).end();
    if (request.headers['if-none-match'] === ETAG || request.headers['if-modified-since'] === LAST_MODIFIED) return response.writeHead(304, { ETag: ETAG }).end();
    response.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=UTF-8', 'Content-Encoding': 'gzip', ETag: ETAG, 'Last-Modified': LAST_MODIFIED });
    response.end(gzipSync(feedFixture('wordpress-rss2.xml')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const options: FetchOptions = { allowPrivate: true, timeoutMs: 5_000, maxBytes: 1024 * 1024, maxRedirects: 3 };
const read = feedAdapter(safeGet);

function source(overrides: Partial<SourceToRead> = {}): SourceToRead {
  return { id: 'source-1', type: 'feed', url: `${base}/feed/`, target: null, token: null, state: {}, ...overrides };
}

describe('feedAdapter', () => {
  it('reads the feed and keeps its validators for the next read', async () => {
    const reading = await read(source(), options);
    expect(reading.notModified).toBe(false);
    expect(reading.posts.map((post) => post.externalId)).toEqual(['https://czn-sokol.example/?p=4817', 'https://czn-sokol.example/?p=4811', 'https://czn-sokol.example/?p=4790']);
    expect(reading.state).toEqual({ etag: ETAG, lastModified: LAST_MODIFIED });
    expect(requests.at(-1)?.headers.accept).toMatch(/^application\/rss\+xml/);
  });

  it('asks conditionally and answers notModified on 304, keeping the state', async () => {
    const state = { etag: ETAG, lastModified: LAST_MODIFIED };
    const reading = await read(source({ state }), options);
    expect(reading).toEqual({ notModified: true, posts: [], state });
    expect(requests.at(-1)?.headers).toMatchObject({ 'if-none-match': ETAG, 'if-modified-since': LAST_MODIFIED });
    expect((await read(source({ state: { lastModified: LAST_MODIFIED } }), options)).notModified).toBe(true);
  });

  it('calls an error status http_status with the status', async () => {
    status = 503;
    try {
      const error = await read(source(), options).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ code: 'http_status', params: { status: 503 } });
    } finally {
      status = 200;
    }
  });

  it('calls an HTML page at the address malformed (not a feed)', async () => {
    const error = await read(source({ url: `${base}/html/` }), options).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'malformed', params: { reason: 'not_a_feed', found: 'html' } });
  });

  it('goes through the guard: loopback is refused unless allowed', async () => {
    const error = await read(source(), { ...options, allowPrivate: false }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'private_address' });
  });
});
