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
    // A weight that is no number weighs 1, as no weight does: the order stays one order.
    expect(weighted('ru;q=0.5, de;q=., en;q=0.9, fr;q=1.0.0').map(({ token }) => token)).toEqual(['de', 'fr', 'en', 'ru']);
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
    ['', undefined],
    [undefined, undefined],
  ])('%j: %s', (header, expected) => {
    expect(contentCoding(header)).toBe(expected);
  });
});
