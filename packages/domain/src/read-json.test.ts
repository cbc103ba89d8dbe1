import { describe, expect, it } from 'vitest';
import { jsonErrorPlace } from './read-json.js';

/** What JSON.parse throws for a text, on whichever Node runs the suite. */
function failure(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`parsed: ${text}`);
}

describe('jsonErrorPlace', () => {
  it('names the line and column of the fault, as an editor counts them', () => {
    const text = '{\n  "items": [\n    {"kind": "post",, "title": "x"}\n  ]\n}';
    expect(jsonErrorPlace(failure(text), text)).toEqual({ line: 3, column: 21 });
    expect(jsonErrorPlace(failure('{"a" 1}'), '{"a" 1}')).toEqual({ line: 1, column: 6 });
    // A carriage return ends no line of its own.
    expect(jsonErrorPlace(failure('{\r\n"a" 1}'), '{\r\n"a" 1}')).toEqual({ line: 2, column: 5 });
  });

  it('names the end of a text cut short, which Node 20 gives no position for', () => {
    expect(jsonErrorPlace(failure('{"name": "X",'), '{"name": "X",')).toEqual({ line: 1, column: 14 });
    expect(jsonErrorPlace(failure(''), '')).toEqual({ line: 1, column: 1 });
    expect(jsonErrorPlace(new SyntaxError('Unexpected end of JSON input'), '{\n"a": [')).toEqual({ line: 2, column: 7 });
    expect(jsonErrorPlace(new SyntaxError('Unexpected token } in JSON at position 9'), '{\n  "a": }')).toEqual({ line: 2, column: 8 });
  });

  it('is undefined when the error names no place', () => {
    // V8 quotes the text instead of a position for an unexpected token (Node 20 and 24 alike),
    // and the text quoted may itself say "position".
    expect(jsonErrorPlace(failure('[1,]'), '[1,]')).toBeUndefined();
    expect(jsonErrorPlace(failure('["position 5",]'), '["position 5",]')).toBeUndefined();
    expect(jsonErrorPlace(failure('"end of JSON input'), '"end of JSON input')).toEqual({ line: 1, column: 19 });
    expect(jsonErrorPlace(new Error('something else'), '{}')).toBeUndefined();
    expect(jsonErrorPlace('not an error', '{}')).toBeUndefined();
  });
});
