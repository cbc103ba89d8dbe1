import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * Bytes an API process may keep between requests, shared by every memo made on it: one
 * least-recently-used order over all their values, so a flood of one kind of value (a
 * director trying 20,000 summary ranges) pushes out the oldest values of any kind, and the
 * process never holds more than `capacity` bytes of them whatever the mix.
 */
export class CacheBudget {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  #memos = 0;

  /** @param capacity bytes, as the memos measure their values (see {@link StampedMemo}). */
  constructor(readonly capacity: number) {}

  /** The bytes of the values kept, by every memo of this budget. */
  get bytes(): number {
    return this.#bytes;
  }

  /** @internal a prefix no other memo of this budget uses, so that keys never meet. */
  nextPrefix(): string {
    return `${this.#memos++}\u0000`;
  }

  /** @internal */
  read(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    // Used now: to the end of the order, last to go.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /** @internal an entry as it is, used or not. */
  peek(key: string): Entry | undefined {
    return this.#entries.get(key);
  }

  /** @internal */
  write(key: string, entry: Entry): void {
    this.drop(key);
    if (entry.size > this.capacity) return;
    this.#entries.set(key, entry);
    this.#bytes += entry.size;
    entry.owner.bytes += entry.size;
    for (const oldest of this.#entries.keys()) {
      if (this.#bytes <= this.capacity) break;
      this.drop(oldest);
    }
  }

  /** @internal */
  drop(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.size;
    entry.owner.bytes -= entry.size;
  }

  /** @internal the keys of one memo's values. */
  keysOf(owner: StampedMemo<unknown>): string[] {
    return [...this.#entries].filter(([, entry]) => entry.owner === owner).map(([key]) => key);
  }
}

interface Entry {
  stamp: string;
  value: unknown;
  size: number;
  owner: StampedMemo<unknown>;
}

/**
 * Values kept between requests, each under the stamp of what it was made from, read from the
 * database by the caller each time: a value is given back only under the very stamp it was kept
 * with, so several API processes over one database never serve each other's stale results.
 *
 * A value's size is what the process really holds for it: `sizeOf(value)` (a body's bytes, see
 * {@link bodyBytes}, or an estimate of an object's heap, see {@link heapBytes}), its key and stamp
 * as V8 stores them, and the entry around them. A stamp longer than a digest (a subtree's stamp
 * names thousands of revisions, about 100 KB at 2,500 organisations) is kept as its SHA-256, so a
 * summary's entry costs its body, not its body and its stamp again. It takes from the
 * {@link CacheBudget} given, or from a budget of its own when given a number of bytes; a value
 * larger than the whole budget is not kept.
 */
export class StampedMemo<T> {
  readonly #budget: CacheBudget;
  readonly #prefix: string;
  /** Values given back, and asked for in vain, since the memo was made. */
  hits = 0;
  misses = 0;
  /** The bytes of this memo's values. */
  bytes = 0;

  constructor(
    budget: CacheBudget | number,
    private readonly sizeOf: (value: T) => number,
  ) {
    this.#budget = typeof budget === 'number' ? new CacheBudget(budget) : budget;
    this.#prefix = this.#budget.nextPrefix();
  }

  /** The value kept under `key`, if it was made from the same `stamp`. */
  get(key: string, stamp: string): T | undefined {
    const entry = this.#budget.read(this.#prefix + key);
    if (entry === undefined || entry.stamp !== keptStamp(stamp)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return entry.value as T;
  }

  set(key: string, stamp: string, value: T): void {
    this.#write(key, keptStamp(stamp), value);
  }

  /**
   * Lets `value` grow by `bytes` (`change` adds them to it: a body's compressed form) if it is
   * still the value kept under `key` and the budget holds it grown; true if it did. Measured
   * again, it may push out older values. Otherwise nothing changes: a value is never let grow
   * past what the budget counts, nor pushed out by its own growth.
   */
  grow(key: string, value: T, bytes: number, change: (value: T) => void): boolean {
    const entry = this.#budget.peek(this.#prefix + key);
    if (entry?.value !== value || entry.size + bytes > this.#budget.capacity) return false;
    change(value);
    this.#write(key, entry.stamp, value);
    return true;
  }

  /** The value kept under `key` whatever its stamp, neither counted nor moved up the eviction order. */
  peek(key: string): T | undefined {
    return this.#budget.peek(this.#prefix + key)?.value as T | undefined;
  }

  /** Whether `value` is the value kept under `key` now. */
  keeps(key: string, value: T): boolean {
    return this.peek(key) === value;
  }

  #write(key: string, kept: string, value: T): void {
    const size = this.sizeOf(value) + stringBytes(this.#prefix + key) + stringBytes(kept) + ENTRY_BYTES;
    this.#budget.write(this.#prefix + key, { stamp: kept, value, size, owner: this as StampedMemo<unknown> });
  }

  clear(): void {
    for (const key of this.#budget.keysOf(this as StampedMemo<unknown>)) this.#budget.drop(key);
  }
}

// What V8 spends around each value (64-bit, no pointer compression, as Node is built): the
// budget's Map slot (3 words, twice over as the table grows by doubling), its entry object
// (header and 4 fields), and the key's concatenation with the memo's prefix (a cons string).
const ENTRY_BYTES = 144;
// A Buffer's JavaScript object, its ArrayBuffer and the backing store's record (a typed array's too).
export const BUFFER_BYTES = 160;
// Object headers: map, properties, elements (and an array's length); a FixedArray's map and length.
const OBJECT_BYTES = 24;
const ARRAY_BYTES = 32 + 16;
export const WORD = 8;
const DIGEST_LENGTH = 44;

/** A stamp as an entry keeps it: itself when short, else its SHA-256 (base64, 44 characters). */
function keptStamp(stamp: string): string {
  return stamp.length <= DIGEST_LENGTH ? stamp : createHash('sha256').update(stamp).digest('base64');
}

/** The bytes of a string in V8's heap: a header, and one byte a character (two if any is beyond Latin-1). */
export function stringBytes(text: string): number {
  // eslint-disable-next-line no-control-regex -- Latin-1 is exactly what V8 stores one byte a character
  const width = /[^\u0000-\u00ff]/.test(text) ? 2 : 1;
  return align(16 + width * text.length);
}

const align = (bytes: number) => Math.ceil(bytes / WORD) * WORD;

/**
 * The size {@link StampedMemo} counts for a body kept as it is sent: its bytes and the Buffer's
 * objects. The body must be made by {@link keptBody}, or a small one holds a whole pool slab.
 */
export const bodyBytes = (body: Buffer): number => body.length + BUFFER_BYTES;

/**
 * A body to keep between requests. `Buffer.from` cuts small buffers out of shared 8 KB slabs, and
 * a kept one holds its whole slab: a month's list of 300 bytes would cost 8 KB. This one owns its memory.
 */
export function keptBody(text: string): Buffer {
  const body = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  body.write(text);
  return body;
}

/** The compressed forms a kept body may be sent in (`Content-Encoding`). */
export type ContentCoding = 'br' | 'gzip';

/** A body kept with its strong entity tag: a client that holds it asks again with `If-None-Match`. */
export interface TaggedBody {
  bytes: Buffer;
  /** `"…"`: the SHA-256 of the bytes, so equal answers have equal tags in every process. */
  etag: string;
  /** The bytes compressed, each form made the first time a client takes it and kept while its memo has room (http/conditional.ts `answerOf`). */
  forms: Partial<Record<ContentCoding, Buffer>>;
}

/** Bytes to keep (owning their memory, as a {@link keptBody}'s) and their entity tag, hashed once when made, never when sent. */
export function taggedBytes(bytes: Buffer): TaggedBody {
  return { bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url')}"`, forms: {} };
}

/** Text put into bytes at a time by {@link taggedList}: big enough to be its own allocation, small beside a large answer. */
const LIST_CHUNK = 1 << 16;

/**
 * A {@link TaggedBody} of the JSON object `{"<field>":[…items],…head}`, written item by item:
 * each item's text is put into bytes (and hashed) as soon as 64 KB are waiting, so the whole
 * answer is never one string. A 25,000-organisation period table is 106 MB of JSON, twice that as
 * a string of Cyrillic names, more than `ritm serve`'s heap holds; written this way V8's heap
 * holds one chunk of text at a time. The chunks' bytes, outside the heap, are held together with
 * the final copy for a moment: twice the body. `head`: a JSON object, written after the list.
 */
export function taggedList<T>(field: string, items: Iterable<T>, item: (value: T) => string, head: string): TaggedBody {
  if (!head.startsWith('{')) throw new TypeError(`taggedList: the head must be a JSON object, not ${head.slice(0, 20)}`);
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let text = `{${JSON.stringify(field)}:[`;
  const flush = () => {
    const bytes = Buffer.from(text);
    hash.update(bytes);
    chunks.push(bytes);
    text = '';
  };
  let first = true;
  for (const value of items) {
    text += first ? item(value) : `,${item(value)}`;
    first = false;
    if (text.length >= LIST_CHUNK) flush();
  }
  text += head === '{}' ? ']}' : `],${head.slice(1)}`;
  flush();
  // One piece of memory of its own (see keptBody), the chunks copied in and let go.
  const bytes = Buffer.allocUnsafeSlow(chunks.reduce((length, chunk) => length + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(bytes, at);
  return { bytes, etag: `"${hash.digest('base64url')}"`, forms: {} };
}

/**
 * Bodies smaller than this go as they are: compressed, they would save less than a packet's
 * headers. A month of a centre's items (20 KB) is compressed, a centre's empty list is not.
 */
export const COMPRESSED_FROM = 1024;

/** The coding `body` goes in to a client that takes `coding`: none when it is too small to gain. */
export const codingFor = (body: TaggedBody, coding: ContentCoding | undefined): ContentCoding | undefined => (body.bytes.length >= COMPRESSED_FROM ? coding : undefined);

/**
 * The tag of `body` as sent in `coding`: a compressed form is another representation, with a tag
 * of its own, weak (`W/"<digest>.br"`): its bytes are zlib's, which another version may write
 * otherwise; the body's own tag is its bytes' hash, strong.
 */
export const tagOf = (body: TaggedBody, coding: ContentCoding | undefined): string => (coding === undefined ? body.etag : `W/${body.etag.slice(0, -1)}.${coding}"`);

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * `bytes` in `coding`, in memory of its own (see keptBody). At the fastest settings, for a form is
 * made while a client waits (22 MB of a 25,000-organisation summary in about 35 ms as Brotli, to
 * a seventh of its size), on libuv's pool, off the event loop.
 */
export async function compressed(bytes: Buffer, coding: ContentCoding): Promise<Buffer> {
  const made =
    coding === 'br'
      ? await brotli(bytes, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MIN_QUALITY,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        })
      : await gzip(bytes, { level: zlib.constants.Z_BEST_SPEED });
  const kept = Buffer.allocUnsafeSlow(made.length);
  made.copy(kept);
  return kept;
}

/**
 * An answer too large for the cache as JSON, kept as the one compressed form a client took (the
 * week-by-week period table of 25,000 organisations: 106 MB of JSON, 6.6 MB as Brotli), with that
 * form's tag.
 */
export interface KeptForm {
  etag: string;
  coding: ContentCoding;
  bytes: Buffer;
}

/** The size {@link StampedMemo} counts for a {@link KeptForm}: its bytes, its tag and the object around them. */
export const keptFormBytes = (form: KeptForm): number => bodyBytes(form.bytes) + stringBytes(form.etag) + OBJECT_BYTES + 3 * WORD;

/** The size {@link StampedMemo} counts for a {@link TaggedBody}: its bytes and forms, and its tag and the objects around them. */
export const taggedBodyBytes = (body: TaggedBody): number =>
  Object.values(body.forms).reduce((bytes, form) => bytes + bodyBytes(form), bodyBytes(body.bytes) + stringBytes(body.etag) + 2 * OBJECT_BYTES + 5 * WORD);

/**
 * The size {@link StampedMemo} counts for a value made of plain objects, arrays, strings, numbers
 * and booleans: an estimate of its bytes in V8's heap (headers, one word a field or element, each
 * string and non-small number on its own), counting a string met twice twice, so never less than it holds.
 */
export function heapBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return stringBytes(value);
    case 'number':
      // Small integers live in the field itself; other numbers in a box of their own.
      return Number.isInteger(value) && Math.abs(value) < 2 ** 30 ? 0 : 16;
    case 'object': {
      if (value === null) return 0;
      if (Array.isArray(value)) return value.reduce((bytes: number, element) => bytes + WORD + heapBytes(element), ARRAY_BYTES);
      let bytes = OBJECT_BYTES;
      for (const field in value) bytes += WORD + heapBytes((value as Record<string, unknown>)[field]);
      return bytes;
    }
    default:
      return 0;
  }
}
