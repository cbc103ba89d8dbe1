import { describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { CacheBudget, keptBody, StampedMemo, tagOf, taggedBodyBytes, taggedBytes } from '../services/stamped-memo.js';
import { answerOf, etagMatches } from './conditional.js';

describe('etagMatches (If-None-Match, RFC 9110 §13.1.2)', () => {
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    [' "x", "abc" ', true],
    ['"x",W/"abc"', true],
    ['*', true],
    ['"abcd"', false],
    ['abc', false],
    ['"x", "y"', false],
    ['', false],
  ])('%j against "abc": %s', (header, expected) => {
    expect(etagMatches(header, '"abc"')).toBe(expected);
  });

  it('is false without the header, and compares a weak tag of ours weakly too', () => {
    expect(etagMatches(undefined, '"abc"')).toBe(false);
    expect(etagMatches('"abc"', 'W/"abc"')).toBe(true);
  });

  it('tells a compressed form’s tag from the body’s own: each is a representation of its own (RFC 9111 §4.3.4)', () => {
    expect(etagMatches('"abc.br"', '"abc"')).toBe(false);
    expect(etagMatches('"abc"', '"abc.gzip"')).toBe(false);
    expect(etagMatches('"abc.gzip"', '"abc.br"')).toBe(false);
    expect(etagMatches('W/"abc.br"', '"abc.br"')).toBe(true);
  });
});

describe('answerOf', () => {
  const json = JSON.stringify({ items: Array.from({ length: 100 }, (_, n) => ({ id: n, title: `Публикация ${n}` })) });
  const kept = () => {
    const budget = new CacheBudget(1_000_000);
    const memo = new StampedMemo(budget, taggedBodyBytes);
    const body = taggedBytes(keptBody(json));
    memo.set('k', 's', body);
    return { budget, memo, body };
  };

  it('sends the form the client takes, compressed once and kept with the body in the budget', async () => {
    const { budget, memo, body } = kept();
    const before = budget.bytes;
    const first = await answerOf(body, { coding: 'br', ifNoneMatch: undefined }, memo, 'k');
    expect([first.coding, first.etag]).toEqual(['br', tagOf(body, 'br')]);
    expect(brotliDecompressSync(first.bytes!).equals(body.bytes)).toBe(true);
    expect(body.forms.br).toBe(first.bytes);
    expect(budget.bytes - before).toBe(first.bytes!.length + 160);
    const again = await answerOf(body, { coding: 'br', ifNoneMatch: '"other"' }, memo, 'k');
    expect(again.bytes).toBe(first.bytes);
    expect(budget.bytes - before).toBe(first.bytes!.length + 160);
  });

  it('compresses nothing for a client that holds the representation: 304', async () => {
    const { memo, body } = kept();
    const held = await answerOf(body, { coding: 'gzip', ifNoneMatch: tagOf(body, 'gzip') }, memo, 'k');
    expect(held).toEqual({ etag: tagOf(body, 'gzip'), coding: 'gzip', bytes: undefined });
    expect(body.forms).toEqual({});
    // The body's own tag is not the gzip form's: that client gets the form.
    const other = await answerOf(body, { coding: 'gzip', ifNoneMatch: body.etag }, memo, 'k');
    expect(gunzipSync(other.bytes!).equals(body.bytes)).toBe(true);
  });

  it('makes a form for this answer only when the memo no longer keeps the body, or has no room for both', async () => {
    const { memo, budget, body } = kept();
    memo.set('k', 's2', taggedBytes(keptBody(json)));
    const bytes = budget.bytes;
    const answer = await answerOf(body, { coding: 'br', ifNoneMatch: undefined }, memo, 'k');
    expect(brotliDecompressSync(answer.bytes!).equals(body.bytes)).toBe(true);
    expect([body.forms, budget.bytes]).toEqual([{}, bytes]);

    const tight = new StampedMemo(new CacheBudget(taggedBodyBytes(body) + 400), taggedBodyBytes);
    tight.set('k', 's', body);
    expect((await answerOf(body, { coding: 'gzip', ifNoneMatch: undefined }, tight, 'k')).coding).toBe('gzip');
    expect([body.forms, tight.get('k', 's')]).toEqual([{}, body]);
  });

  it('sends a small body, or one to a client taking no compression, as it is', async () => {
    const { memo, body } = kept();
    expect(await answerOf(body, { coding: undefined, ifNoneMatch: undefined }, memo, 'k')).toEqual({ etag: body.etag, coding: undefined, bytes: body.bytes });
    const small = taggedBytes(keptBody('{"items":[]}'));
    expect(await answerOf(small, { coding: 'br', ifNoneMatch: undefined }, memo, 'small')).toEqual({ etag: small.etag, coding: undefined, bytes: small.bytes });
  });
});
