import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { FetchOptions } from '../src/evidence/adapter.js';
import { FETCH_DEFAULTS } from '../src/evidence/http.js';
import { SourceError } from '../src/evidence/source-error.js';

// A local HTTP server on 127.0.0.1 that answers as a recorded third-party API would (VK,
// Telegram), so adapter tests run the real guarded GET and parsing with no internet.

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'evidence');

/** The bytes of a recorded answer under `test/fixtures/evidence/`. */
export function evidenceFixture(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, name));
}

/**
 * A file of UTF-8 text with a few bytes that are not UTF-8 (a cell cut inside a letter, or pasted
 * from a Windows-1251 file): each `\xff` written is the byte 0xFF, which UTF-8 never has.
 */
export function damagedUtf8(text: string): Buffer {
  const parts = text.split('\xff').map((part) => Buffer.from(part));
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from([0xff]), part])));
}

/** What the server answers one request with. */
export interface CannedAnswer {
  status?: number;
  body: string | Uint8Array;
  contentType?: string;
}

export interface CannedServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request's address as received, in order. */
  requests: URL[];
  close(): Promise<void>;
}

/** Starts a server that answers each request with what `answer` gives for its address. */
export async function serveCanned(answer: (url: URL) => CannedAnswer): Promise<CannedServer> {
  const requests: URL[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const canned = answer(url);
    response.writeHead(canned.status ?? 200, { 'content-type': canned.contentType ?? 'application/json; charset=utf-8' });
    response.end(canned.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Limits as tests read with them: loopback allowed, as `RITM_FETCH_ALLOW_PRIVATE=true` does. */
export const TEST_FETCH_OPTIONS: FetchOptions = { ...FETCH_DEFAULTS, allowPrivate: true };

/** The `SourceError` a reader throws; the test fails when it throws anything else, or nothing. */
export function sourceErrorOf(read: () => unknown): SourceError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('the read did not fail');
}

/** The `SourceError` an adapter's read rejects with (see {@link sourceErrorOf}). */
export async function sourceErrorOfRead(read: Promise<unknown>): Promise<SourceError> {
  const error = await read.then(
    () => new Error('the read did not fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}
