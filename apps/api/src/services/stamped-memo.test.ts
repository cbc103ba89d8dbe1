import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { CacheBudget, codingFor, COMPRESSED_FROM, compressed, heapBytes, keptBody, StampedMemo, stringBytes, tagOf, taggedBodyBytes, taggedBytes, taggedList } from './stamped-memo.js';

// Keys and stamps of one character each: a value's size is its own plus 192 (the key with its
// memo's prefix and the stamp, 24 bytes each as V8 stores them, and the entry's 144).
const ENTRY = 192;
const body = (bytes: number) => Buffer.alloc(bytes - ENTRY);
const bodyLength = (value: Buffer) => value.length;

describe('StampedMemo', () => {
  it('gives a value back only under the stamp it was kept with', () => {
    const memo = new StampedMemo<string>(1000, (value) => value.length);
    memo.set('november', '3:0', 'list');
    expect(memo.get('november', '3:0')).toBe('list');
    expect(memo.get('november', '4:0')).toBeUndefined();
    expect(memo.get('december', '3:0')).toBeUndefined();
    expect([memo.hits, memo.misses]).toEqual([1, 2]);
  });

  it('lets the least recently used values go once their bytes pass the budget', () => {
    const memo = new StampedMemo<Buffer>(1000, bodyLength);
    memo.set('a', 's', body(400));
    memo.set('b', 's', body(400));
    memo.get('a', 's');
    memo.set('c', 's', body(400));
    expect(memo.bytes).toBe(800);
    expect(memo.get('b', 's')).toBeUndefined();
    expect(memo.get('a', 's')?.length).toBe(400 - ENTRY);
    expect(memo.get('c', 's')?.length).toBe(400 - ENTRY);
  });

  it('counts a value with its key, stamp and entry, and keeps nothing larger than the budget', () => {
    const memo = new StampedMemo<Buffer>(1000, bodyLength);
    memo.set('a', '1', body(400));
    memo.set('a', '2', body(300));
    expect(memo.bytes).toBe(300);
    memo.set('key', 'a longer stamp', Buffer.alloc(10));
    // '0\0key': 16 + 5 bytes, aligned to 24; the stamp 16 + 14, to 32.
    expect(memo.bytes).toBe(300 + 10 + 24 + 32 + 144);
    memo.set('huge', '1', body(1001));
    expect(memo.get('huge', '1')).toBeUndefined();
    expect(memo.bytes).toBe(510);
    memo.clear();
    expect([memo.bytes, memo.get('a', '2')]).toEqual([0, undefined]);
  });

  it('keeps a long stamp as its digest, and still tells stamps apart by their last character', () => {
    const memo = new StampedMemo<Buffer>(1000, bodyLength);
    const stamp = `${'r'.repeat(100_000)}1`;
    memo.set('k', stamp, Buffer.alloc(10));
    // The SHA-256 in base64, 44 characters: 64 bytes, not 100 KB.
    expect(memo.bytes).toBe(10 + 24 + 64 + 144);
    expect(memo.get('k', stamp)?.length).toBe(10);
    expect(memo.get('k', `${'r'.repeat(100_000)}2`)).toBeUndefined();
  });

  it('measures strings, objects and arrays as V8 holds them', () => {
    expect(stringBytes('Centre 1 of 15')).toBe(32);
    // Cyrillic takes two bytes a character.
    expect(stringBytes('Центр 1 из 15.')).toBe(48);
    expect(heapBytes({ counts: { met: 3 } })).toBe(24 + 8 + (24 + 8));
    expect(heapBytes([1, 0.5, 'ab', null, true])).toBe(48 + 5 * 8 + 16 + 24);
  });

  it('counts at least the heap its values really take', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heapUsed = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    // Ids as the database gives them, each a flat string of its own (randomUUID builds a tree of
    // concatenations, 480 bytes a UUID, that no value read from PostgreSQL has).
    const id = () => randomBytes(18).toString('hex');
    // Shaped as organisations' contributions to a summary.
    const contribution = () => ({
      summary: {
        org: id(),
        counts: { met: 3, on_track: 1, planned: 0, gap: 2, at_risk: 0, missed: 1, exempt: 0, not_applicable: 0 },
        judged: 7,
        healthy: 4,
        healthShare: Math.random(),
        worst: 'missed',
        overdue: 1,
        worstRows: Array.from({ length: 3 }, (_, n) => ({ norm: id(), channel: id(), periodStart: `2026-11-0${n + 1}`, periodEnd: `2026-11-${n + 10}`, required: 4, actual: 1, planned: 0, status: 'missed' })),
      },
      norms: Array.from({ length: 8 }, (_, n) => ({ norm: id(), counts: { met: n, gap: 1 }, failing: n % 2 === 0 })),
    });
    const memo = new StampedMemo<ReturnType<typeof contribution>>(1 << 30, heapBytes);
    const before = heapUsed();
    for (let n = 0; n < 5_000; n++) memo.set(`${id()}|2026-01-01|2026-03-31|2026-11-22`, `${n}:${id()}`, contribution());
    const held = heapUsed() - before;
    expect(memo.bytes).toBeGreaterThanOrEqual(held);
    // …and not so much more that the budget keeps far less than it may.
    expect(memo.bytes).toBeLessThan(1.5 * held);
  });

  it('keeps bodies in memory of their own, not in a pool slab that a small one would hold whole', () => {
    expect(Buffer.from('{"items":[]}').buffer.byteLength).toBe(Buffer.poolSize);
    const kept = keptBody('{"items":["Центр"]}');
    expect(kept.buffer.byteLength).toBe(kept.length);
    expect(kept.toString()).toBe('{"items":["Центр"]}');
  });
});

describe('taggedList', () => {
  const organisation = (n: number) => ({ orgId: `org-${n}`, name: `Центр занятости населения № ${n} «Ёлки»`, level: n % 3 });

  it('writes the list and then the head as one JSON object, across many chunks of Cyrillic text, tagged with the hash of its bytes', () => {
    const organisations = Array.from({ length: 5_000 }, (_, n) => organisation(n));
    const head = { asOf: '2026-11-22', totals: { met: 3, missed: 1 } };
    const body = taggedList('organisations', organisations, (o) => JSON.stringify(o), JSON.stringify(head));
    expect(body.bytes.length).toBeGreaterThan(4 * 65_536);
    expect(JSON.parse(body.bytes.toString())).toEqual({ ...head, organisations });
    expect(body.etag).toBe(`"${createHash('sha256').update(body.bytes).digest('base64url')}"`);
    // In memory of its own, like keptBody.
    expect(body.bytes.buffer.byteLength).toBe(body.bytes.length);
    expect(body.forms).toEqual({});
  });

  it('writes empty lists and empty heads, reads the items once, and refuses a head that is not an object', () => {
    expect(taggedList('organisations', [], String, '{"asOf":"2026-11-22"}').bytes.toString()).toBe('{"organisations":[],"asOf":"2026-11-22"}');
    expect(taggedList('items', [1, 2], String, '{}').bytes.toString()).toBe('{"items":[1,2]}');
    let reads = 0;
    function* once() {
      reads++;
      yield organisation(1);
    }
    expect(JSON.parse(taggedList('organisations', once(), (o) => JSON.stringify(o), '{}').bytes.toString())).toEqual({ organisations: [organisation(1)] });
    expect(reads).toBe(1);
    expect(() => taggedList('items', [], String, '[]')).toThrow(TypeError);
  });
});

describe('compressed forms of a tagged body', () => {
  const json = (items: number) => JSON.stringify({ items: Array.from({ length: items }, (_, n) => ({ id: n, title: `Публикация ${n}`, status: 'planned' })) });

  it('decompress to the very bytes, in memory of their own', async () => {
    const body = taggedBytes(keptBody(json(200)));
    const [br, gzip] = [await compressed(body.bytes, 'br'), await compressed(body.bytes, 'gzip')];
    expect(brotliDecompressSync(br).equals(body.bytes)).toBe(true);
    expect(gunzipSync(gzip).equals(body.bytes)).toBe(true);
    expect(br.length).toBeLessThan(body.bytes.length / 4);
    expect([br.buffer.byteLength, gzip.buffer.byteLength]).toEqual([br.length, gzip.length]);
  });

  it('are not used for a body too small to gain from one, and have tags of their own', () => {
    const small = taggedBytes(keptBody(json(1)));
    const large = taggedBytes(keptBody(json(200)));
    expect(small.bytes.length).toBeLessThan(COMPRESSED_FROM);
    expect([codingFor(small, 'br'), codingFor(large, 'br'), codingFor(large, undefined)]).toEqual([undefined, 'br', undefined]);
    expect(tagOf(large, 'gzip')).toBe(`W/${large.etag.slice(0, -1)}.gzip"`);
    expect(tagOf(large, undefined)).toBe(large.etag);
  });

  it('are counted with the body once kept with it, and only while the memo keeps that body and has room for both', async () => {
    const budget = new CacheBudget(1_000_000);
    const memo = new StampedMemo(budget, taggedBodyBytes);
    const body = taggedBytes(keptBody(json(200)));
    memo.set('k', 's', body);
    const before = budget.bytes;
    const gzip = await compressed(body.bytes, 'gzip');
    expect(memo.grow('k', body, bodyOf(gzip), (kept) => (kept.forms.gzip = gzip))).toBe(true);
    expect(budget.bytes - before).toBe(bodyOf(gzip));
    expect(budget.bytes - before).toBe(taggedBodyBytes(body) - taggedBodyBytes(taggedBytes(keptBody(json(200)))));
    expect(memo.get('k', 's')).toBe(body);
    // Replaced meanwhile by a newer answer: nothing changes.
    const newer = taggedBytes(keptBody(json(201)));
    memo.set('k', 't', newer);
    const kept = budget.bytes;
    const grown = vi.fn();
    expect(memo.grow('k', body, 10, grown)).toBe(false);
    expect([grown.mock.calls.length, budget.bytes, memo.get('k', 't')]).toEqual([0, kept, newer]);
    // No room for both: the body stays kept as it was, without the form.
    const tight = new StampedMemo(new CacheBudget(taggedBodyBytes(newer) + 400), taggedBodyBytes);
    tight.set('k', 's', newer);
    const bytes = tight.bytes;
    expect(tight.grow('k', newer, bodyOf(gzip), grown)).toBe(false);
    expect([grown.mock.calls.length, tight.get('k', 's'), tight.bytes]).toEqual([0, newer, bytes]);
  });
});

// A kept Buffer as the memo counts it (bodyBytes).
const bodyOf = (bytes: Buffer) => bytes.length + 160;

describe('CacheBudget', () => {
  it('is shared by its memos: the oldest value of any memo goes first, and no memo sees another one’s keys', () => {
    const budget = new CacheBudget(1000);
    const summaries = new StampedMemo<Buffer>(budget, bodyLength);
    const lists = new StampedMemo<Buffer>(budget, bodyLength);
    summaries.set('k', 's', body(300));
    lists.set('k', 's', body(300));
    expect(summaries.get('k', 's')?.length).toBe(300 - ENTRY);
    lists.set('l', 's', body(500));
    // 1,100 bytes: the list under `k`, least recently used, goes; the summary read since stays.
    expect([budget.bytes, summaries.bytes, lists.bytes]).toEqual([800, 300, 500]);
    expect(lists.get('k', 's')).toBeUndefined();
    expect(summaries.get('k', 's')).toBeDefined();
    summaries.clear();
    expect([budget.bytes, lists.get('l', 's')?.length]).toEqual([500, 500 - ENTRY]);
  });

  it('keeps nothing with a budget of 0 bytes', () => {
    const memo = new StampedMemo<Buffer>(new CacheBudget(0), bodyLength);
    memo.set('k', 's', body(ENTRY));
    expect(memo.get('k', 's')).toBeUndefined();
  });
});
