import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FetchOptions, HttpAnswer, HttpGet } from './adapter.js';
import { isPublicAddress } from './address.js';
import { SourceError } from './source-error.js';

// The one GET every evidence adapter makes (feeds, VK, Telegram). The parameters of the errors it
// throws, for their messages: `unreachable` {host, cause} (cause: a system code such as
// ECONNREFUSED or ENOTFOUND), `timeout` {seconds}, `too_large` {maxBytes}, `too_many_redirects`
// {max} (or {scheme} when a redirect leaves http(s)), `private_address` {host}, and `malformed`
// {reason: 'compression'} when a compressed body cannot be decompressed.

/** Sent with every request, so a site's owner can tell who reads their feed. */
export const USER_AGENT = 'Ritm/1.0 (publication evidence reader)';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Raised inside the connection's lookup; mapped to `private_address`. */
const PRIVATE_ADDRESS = 'ERR_RITM_PRIVATE_ADDRESS';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:http(s) that refuses a host name resolving to any address that is not public.
 * It runs when the socket connects, on the very addresses it connects to, so a name that resolves
 * to a public address when checked and to a private one when used (DNS rebinding) cannot slip by.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused || addresses.length === 0) {
      const failure: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${refused?.address ?? 'nothing'}`);
      failure.code = PRIVATE_ADDRESS;
      return callback(failure, []);
    }
    if (options.all) return callback(null, addresses);
    const [first] = addresses as [LookupAddress];
    return callback(null, first.address, first.family);
  });
}

function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Refuses what the lookup never sees: a scheme other than http(s), and an IP address written as the host. */
function checkTarget(url: URL, allowPrivate: boolean): void {
  const host = hostOf(url);
  if (!allowPrivate && isIP(host) !== 0 && !isPublicAddress(host)) throw new SourceError('private_address', { host });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Opens one request; resolves with the response head, its body still to be read. */
function open(url: URL, headers: Record<string, string>, allowPrivate: boolean, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    // No agent: every request connects anew, so no pooled socket skips the lookup's check.
    const request = client.request(url, { method: 'GET', headers, agent: false, signal, ...(allowPrivate ? {} : { lookup: guardedLookup }) }, resolve);
    request.on('error', reject);
    request.end();
  });
}

/** Reads the body as sent (possibly compressed), refusing more than `maxBytes`. */
async function readRaw(response: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new SourceError('too_large', { maxBytes });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      response.destroy();
      throw new SourceError('too_large', { maxBytes });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

const gunzip = promisify<zlib.InputType, zlib.ZlibOptions, Buffer>(zlib.gunzip);
const inflate = promisify<zlib.InputType, zlib.ZlibOptions, Buffer>(zlib.inflate);
const inflateRaw = promisify<zlib.InputType, zlib.ZlibOptions, Buffer>(zlib.inflateRaw);
const brotli = promisify<zlib.InputType, zlib.BrotliOptions, Buffer>(zlib.brotliDecompress);

/** Whether deflate data starts with a zlib header (RFC 1950); some servers send it raw (RFC 1951) instead. */
function hasZlibHeader(body: Buffer): boolean {
  const [first = 0, second = 0] = body;
  return (first & 0x0f) === 8 && (first * 256 + second) % 31 === 0;
}

/**
 * Undoes `Content-Encoding`, refusing to produce more than `maxBytes`: a few kilobytes of gzip can
 * inflate to gigabytes, so the limit applies to what comes out, not only to what came in.
 */
async function decode(body: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const codings = (encoding ?? '').split(',').map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== '' && coding !== 'identity');
  let result = body;
  try {
    for (const coding of codings.reverse()) {
      const limit = { maxOutputLength: maxBytes };
      if (coding === 'gzip' || coding === 'x-gzip') result = await gunzip(result, limit);
      else if (coding === 'deflate') result = await (hasZlibHeader(result) ? inflate : inflateRaw)(result, limit);
      else if (coding === 'br') result = await brotli(result, limit);
      // An encoding we did not ask for is left as it is: the parser then says it cannot read it.
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new SourceError('too_large', { maxBytes });
    throw new SourceError('malformed', { reason: 'compression' });
  }
  if (result.length > maxBytes) throw new SourceError('too_large', { maxBytes });
  return result;
}

function failure(error: unknown, url: URL, timeout: AbortSignal, outer: AbortSignal | undefined, timeoutMs: number): unknown {
  if (error instanceof SourceError) return error;
  // The caller's own abort (the server is closing) is not the source's fault: it goes up as it is.
  if (outer?.aborted) return outer.reason;
  if (timeout.aborted) return new SourceError('timeout', { seconds: Math.round(timeoutMs / 100) / 10 });
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === PRIVATE_ADDRESS) return new SourceError('private_address', { host: hostOf(url) });
  return new SourceError('unreachable', { host: hostOf(url), cause: code ?? 'error' });
}

/**
 * The guarded GET (`HttpGet`): http and https only, no private addresses unless allowed (checked
 * at connect time and for IP hosts), redirects followed by hand and checked hop by hop, one time
 * limit for the whole exchange, the body (decompressed) at most `maxBytes`. Any HTTP status comes
 * back as an answer.
 */
export const safeGet: HttpGet = async (address, options) => {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let url = parseHttpUrl(address);
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: '*/*',
    'accept-encoding': 'gzip, deflate, br',
    ...lowerCaseKeys(options.headers ?? {}),
  };
  try {
    for (let redirects = 0; ; redirects += 1) {
      checkTarget(url, options.allowPrivate);
      const response = await open(url, headers, options.allowPrivate, signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        response.destroy();
        if (redirects >= options.maxRedirects) throw new SourceError('too_many_redirects', { max: options.maxRedirects });
        const next = new URL(location, url);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new SourceError('too_many_redirects', { scheme: next.protocol.slice(0, -1) });
        // Credentials meant for one site are not handed to the next.
        if (next.origin !== url.origin) delete headers.authorization;
        url = next;
        continue;
      }
      const raw = await readRaw(response, options.maxBytes);
      const body = await decode(raw, headerValue(response.headers['content-encoding']), options.maxBytes);
      return { status, headers: answerHeaders(response), body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), url: url.href } satisfies HttpAnswer;
    }
  } catch (error) {
    throw failure(error, url, timeout, options.signal, options.timeoutMs);
  }
};

/** An http(s) address, or `unreachable` for anything else (a typo, `file:`, `ftp:`). */
function parseHttpUrl(address: string): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new SourceError('unreachable', { host: address.slice(0, 200), cause: 'invalid_url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SourceError('unreachable', { host: url.host, cause: 'scheme' });
  return url;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function answerHeaders(response: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    const text = headerValue(value);
    if (text !== undefined) headers[name] = text;
  }
  return headers;
}

/** The defaults the configuration starts from (`RITM_FETCH_*`). */
export const FETCH_DEFAULTS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 3 } as const satisfies Partial<FetchOptions>;
