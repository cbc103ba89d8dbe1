import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchOptions } from './adapter.js';
import { guardedLookup, safeGet, USER_AGENT } from './http.js';
import { SourceError } from './source-error.js';

// Every server here listens on 127.0.0.1 and is closed after the file; no test reaches further.

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const routes = new Map<string, Handler>();
const seen: IncomingMessage[] = [];
let server: Server;
let base: string;
let port: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request);
    const handler = routes.get(new URL(request.url ?? '/', 'http://x').pathname);
    if (handler) handler(request, response);
    else response.writeHead(404).end('no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const local: FetchOptions = { allowPrivate: true, timeoutMs: 5_000, maxBytes: 64 * 1024, maxRedirects: 3 };

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error('expected a SourceError');
}

function route(path: string, handler: Handler): string {
  routes.set(path, handler);
  return `${base}${path}`;
}

describe('safeGet against a local server', () => {
  it('answers status, lower-case headers, body and final address, and names Ritm', async () => {
    const url = route('/ok', (request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ETag: '"v1"', 'X-Request-Ua': request.headers['user-agent'] ?? '' });
      response.end('<rss/>');
    });
    const answer = await safeGet(url, { ...local, headers: { 'If-None-Match': '"v0"' } });
    expect(answer.status).toBe(200);
    expect(answer.url).toBe(url);
    expect(new TextDecoder().decode(answer.body)).toBe('<rss/>');
    expect(answer.headers).toMatchObject({ 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"', 'x-request-ua': USER_AGENT });
    const request = seen.at(-1);
    expect(request?.headers['if-none-match']).toBe('"v0"');
    expect(request?.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(USER_AGENT).toMatch(/^Ritm\//);
  });

  it('gives any status back as an answer (304, 500)', async () => {
    const notModified = route('/304', (_request, response) => response.writeHead(304, { ETag: '"v1"' }).end());
    const broken = route('/500', (_request, response) => response.writeHead(500).end('oops'));
    expect(await safeGet(notModified, local)).toMatchObject({ status: 304, headers: { etag: '"v1"' } });
    expect((await safeGet(broken, local)).status).toBe(500);
  });

  it('follows a chain of redirects (relative and absolute) up to the limit', async () => {
    route('/hop1', (_request, response) => response.writeHead(301, { Location: '/hop2' }).end());
    route('/hop2', (_request, response) => response.writeHead(302, { Location: `${base}/hop3?x=1` }).end());
    route('/hop3', (_request, response) => response.writeHead(307, { Location: 'end' }).end());
    const end = route('/end', (_request, response) => response.writeHead(200).end('done'));
    const answer = await safeGet(`${base}/hop1`, local);
    expect(answer.url).toBe(end);
    expect(new TextDecoder().decode(answer.body)).toBe('done');
  });

  it('refuses one redirect more than allowed, and a redirect loop', async () => {
    expect((await failure(safeGet(`${base}/hop1`, { ...local, maxRedirects: 2 }))).params).toEqual({ max: 2 });
    const loop = route('/loop', (_request, response) => response.writeHead(308, { Location: '/loop' }).end());
    const before = seen.length;
    const error = await failure(safeGet(loop, local));
    expect(error.code).toBe('too_many_redirects');
    expect(seen.length - before).toBe(4);
  });

  it('refuses a redirect that leaves http(s)', async () => {
    const url = route('/to-file', (_request, response) => response.writeHead(302, { Location: 'file:///etc/passwd' }).end());
    const error = await failure(safeGet(url, local));
    expect(error.code).toBe('too_many_redirects');
    expect(error.params).toEqual({ scheme: 'file' });
  });

  it('gives up after the time limit, whether the head or the body is late', async () => {
    const silent = route('/silent', () => undefined);
    const trickle = route('/trickle', (_request, response) => {
      response.writeHead(200);
      response.write('<rss>');
    });
    for (const url of [silent, trickle]) {
      const started = Date.now();
      const error = await failure(safeGet(url, { ...local, timeoutMs: 300 }));
      expect(error.code).toBe('timeout');
      expect(error.params).toEqual({ seconds: 0.3 });
      expect(Date.now() - started).toBeLessThan(3_000);
    }
  });

  it('passes the caller’s abort up as it is (not as the source’s fault)', async () => {
    const silent = `${base}/silent`;
    const controller = new AbortController();
    const pending = safeGet(silent, { ...local, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('closing')), 50);
    await expect(pending).rejects.toThrow('closing');
  });

  it('refuses a body over the limit: announced by Content-Length, or streamed past it', async () => {
    const announced = route('/announced', (_request, response) => {
      response.writeHead(200, { 'Content-Length': String(local.maxBytes + 1) });
      response.write('x');
    });
    const streamed = route('/streamed', (_request, response) => {
      response.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 'x');
      // Far more than the limit, if the reader did not stop: 10 MiB.
      let sent = 0;
      const pump = () => {
        while (sent < 640 && response.write(chunk)) sent += 1;
        if (sent < 640 && !response.destroyed) response.once('drain', pump);
        else response.end();
      };
      pump();
    });
    for (const url of [announced, streamed]) {
      const error = await failure(safeGet(url, local));
      expect(error.code).toBe('too_large');
      expect(error.params).toEqual({ maxBytes: local.maxBytes });
    }
  });

  it('decompresses gzip, deflate (zlib and raw) and br answers', async () => {
    const body = Buffer.from('<rss version="2.0">Лента</rss>');
    const encodings: [string, Buffer][] = [
      ['gzip', gzipSync(body)],
      ['deflate', deflateSync(body)],
      ['deflate', deflateRawSync(body)],
      ['br', brotliCompressSync(body)],
    ];
    for (const [index, [encoding, compressed]] of encodings.entries()) {
      const url = route(`/encoded-${index}`, (_request, response) => response.writeHead(200, { 'Content-Encoding': encoding }).end(compressed));
      expect(Buffer.from((await safeGet(url, local)).body).toString(), encoding).toBe(body.toString());
    }
  });

  it('stops a gzip bomb at the limit of decompressed bytes', async () => {
    // 64 MiB of zeros in about 64 KiB: under the limit as sent, a thousand times over it inflated.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(local.maxBytes);
    const url = route('/bomb', (_request, response) => response.writeHead(200, { 'Content-Encoding': 'gzip' }).end(bomb));
    const error = await failure(safeGet(url, local));
    expect(error.code).toBe('too_large');
  });

  it('calls a body that does not decompress malformed', async () => {
    const url = route('/bad-gzip', (_request, response) => response.writeHead(200, { 'Content-Encoding': 'gzip' }).end('not gzip at all'));
    expect((await failure(safeGet(url, local))).params).toEqual({ reason: 'compression' });
  });

  it('calls a closed port, a bad address and another scheme unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await failure(safeGet(`http://127.0.0.1:${closedPort}/`, local))).params).toEqual({ host: '127.0.0.1', cause: 'ECONNREFUSED' });
    expect((await failure(safeGet('not a url', local))).params).toMatchObject({ cause: 'invalid_url' });
    expect((await failure(safeGet('ftp://127.0.0.1/feed', local))).params).toMatchObject({ cause: 'scheme' });
  });
});

describe('safeGet without private addresses', () => {
  const guarded: FetchOptions = { ...local, allowPrivate: false };

  it('refuses loopback written as an address, before connecting', async () => {
    const before = seen.length;
    for (const host of ['127.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '0.0.0.0', '2130706433']) {
      const error = await failure(safeGet(`http://${host}:${port}/ok`, guarded));
      expect(error.code, host).toBe('private_address');
    }
    expect(seen.length).toBe(before);
  });

  it('refuses a host name that resolves to loopback, at connect time', async () => {
    const before = seen.length;
    const error = await failure(safeGet(`http://localhost:${port}/ok`, guarded));
    expect(error).toMatchObject({ code: 'private_address', params: { host: 'localhost' } });
    expect(seen.length).toBe(before);
  });
  // A redirect from an allowed (public) server to a private one is not testable without the internet;
  // each hop goes through the same checks as the first (`checkTarget` and the lookup), shown above.
});

describe('guardedLookup', () => {
  const resolve = (hostname: string, options: { all?: boolean } = {}) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((done) => guardedLookup(hostname, options, (error, address) => done({ error, address })));

  it('refuses a name resolving to loopback, in both of node’s calling forms', async () => {
    for (const options of [{}, { all: true }]) {
      const { error } = await resolve('localhost', options);
      expect(error?.code).toBe('ERR_RITM_PRIVATE_ADDRESS');
    }
  });

  it('passes public addresses on in the form node asked for (an IP needs no DNS)', async () => {
    expect(await resolve('93.184.215.14')).toEqual({ error: null, address: '93.184.215.14' });
    expect(await resolve('93.184.215.14', { all: true })).toEqual({ error: null, address: [{ address: '93.184.215.14', family: 4 }] });
  });
});
