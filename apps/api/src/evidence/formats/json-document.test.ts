import { describe, expect, it } from 'vitest';
import { SourceError } from '../source-error.js';
import { jsonErrorOffset, parseJsonDocument } from './json-document.js';

describe('jsonErrorOffset', () => {
  it('finds nothing wrong in JSON', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u0041"]} ', '"s"', '0']) expect(jsonErrorOffset(text), text).toBe(-1);
  });

  it('points at the first character that is not JSON', () => {
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('[1,]')).toBe(3);
    expect(jsonErrorOffset('{"a": "\\x"}')).toBe(8);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('[01]')).toBe(2);
  });

  it('points past the end of JSON cut short', () => {
    expect(jsonErrorOffset('{"a": [1, 2')).toBe(11);
    expect(jsonErrorOffset('{"a": "abc')).toBe(10);
  });

  it('stops at nesting too deep to walk', () => {
    expect(jsonErrorOffset('['.repeat(5000) + ']'.repeat(5000))).toBeGreaterThan(0);
  });
});

describe('parseJsonDocument', () => {
  it('parses JSON', () => {
    expect(parseJsonDocument('{"a": 1}')).toEqual({ a: 1 });
  });

  it('says truncated or syntax, with line and column', () => {
    const error = (text: string) => {
      try {
        parseJsonDocument(text);
      } catch (caught) {
        if (caught instanceof SourceError) return { code: caught.code, ...caught.params };
      }
      return undefined;
    };
    expect(error('{\n  "items": [\n    {"id": 1},\n')).toEqual({ code: 'malformed', reason: 'truncated', line: 3, column: 15 });
    expect(error('{\n  "items": [}\n')).toEqual({ code: 'malformed', reason: 'syntax', line: 2, column: 13 });
  });
});
