import { describe, expect, it } from 'vitest';
import { contentCoding, weighted } from './negotiation.js';

describe('weighted (Accept-* headers, RFC 9110 §12.4.2)', () => {
  it('gives the entries in lower case, heaviest first, equals in the order given', () => {
    expect(weighted(' gzip;q=0.5, BR , deflate;q=0.5,  , zstd;Q=0.8')).toEqual([
      { token: 'br', q: 1 },
      { token: 'zstd', q: 0.8 },
      { token: 'gzip', q: 0.5 },
      { token: 'deflate', q: 0.5 },
    ]);
    // A weight that is not one (RFC 9110's qvalue) weighs 0: refused, never preferred.
    expect(weighted('ru;q=0.5, de;q=., en;q=0.9, fr;q=1.0.0, es;q=-1, it;q=1.5, pt;q=0.1234, nl;q=1.000')).toEqual([
      { token: 'nl', q: 1 },
      { token: 'en', q: 0.9 },
      { token: 'ru', q: 0.5 },
      { token: 'de', q: 0 },
      { token: 'fr', q: 0 },
      { token: 'es', q: 0 },
      { token: 'it', q: 0 },
      { token: 'pt', q: 0 },
    ]);
    expect(weighted(undefined)).toEqual([]);
    expect(weighted('')).toEqual([]);
  });
});

describe('contentCoding (Accept-Encoding, RFC 9110 §12.5.3)', () => {
  it.each([
    // What browsers send: Chromium over HTTPS, and over plain HTTP (no Brotli there).
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br', 'br'],
    ['x-gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['*', 'br'],
    ['gzip, *;q=0.1', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.5', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, *', 'gzip'],
    ['*;q=0', undefined],
    ['identity', undefined],
    ['deflate', undefined],
    ['gzip;q=0', undefined],
    ['br;q=-1, gzip;q=.', undefined],
    ['br;q=2, gzip', 'gzip'],
    ['', undefined],
    [undefined, undefined],
  ])('%j: %s', (header, expected) => {
    expect(contentCoding(header)).toBe(expected);
  });
});
