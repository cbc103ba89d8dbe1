import { describe, expect, it } from 'vitest';
import { etagMatches } from './conditional.js';

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

  it('holds a compressed form’s tag and the body’s own for the same content, either way round', () => {
    expect(etagMatches('"abc.br"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc.gzip"', '"abc.br"')).toBe(true);
    expect(etagMatches('"abc"', '"abc.gzip"')).toBe(true);
    expect(etagMatches('"abd.br"', '"abc.br"')).toBe(false);
    expect(etagMatches('"abc.zstd"', '"abc"')).toBe(false);
  });
});
