import { describe, expect, it } from 'vitest';
import { forbiddenKeyAt, jsonBodyError } from './json-body.js';

describe('forbiddenKeyAt', () => {
  it('finds __proto__ and constructor.prototype wherever they are, as a JSON pointer', () => {
    expect(forbiddenKeyAt(JSON.parse('{"a": [1, {"__proto__": {}}]}'))).toBe('/a/1/__proto__');
    expect(forbiddenKeyAt(JSON.parse('{"a/b": {"constructor": {"prototype": {}}}}'))).toBe('/a~1b/constructor/prototype');
    expect(forbiddenKeyAt(JSON.parse('{"constructor": {"name": "x"}, "prototype": 1}'))).toBeUndefined();
    expect(forbiddenKeyAt(JSON.parse('[1, "__proto__", null]'))).toBeUndefined();
  });

  it('walks a body nested deeper than the call stack', () => {
    // JSON.parse does not recurse, so such a body parses; a recursive walk overflowed here (a 500).
    const depth = 50_000;
    const parsed: unknown = JSON.parse(`${'['.repeat(depth)}{"__proto__": 1}${']'.repeat(depth)}`);
    expect(forbiddenKeyAt(parsed)).toBe(`${'/0'.repeat(depth)}/__proto__`);
    expect(jsonBodyError(`${'['.repeat(depth)}{"__proto__": 1}${']'.repeat(depth)}`).details?.[0]?.path).toMatch(/\.__proto__$/);
  });
});
