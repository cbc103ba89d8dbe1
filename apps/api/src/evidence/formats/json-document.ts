import { SourceError } from '../source-error.js';
import { positionOf } from './xml-tree.js';

// JSON.parse says what is wrong but, depending on the engine's version, not always where. A source
// that sends broken JSON deserves a line and a column in its error, so on failure (only then) this
// scanner walks the text to the first place that is not JSON.

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrtu';
/** Deeper nesting than this is reported where it starts rather than walked (the stack stays small). */
const MAX_DEPTH = 2_000;

/** The offset of the first character that is not JSON (the text's length when it ends too soon), or -1 if it is JSON. */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at += 1;
  };
  const string = (): boolean => {
    at += 1;
    while (at < text.length) {
      const char = text.charAt(at);
      if (char === '"') {
        at += 1;
        return true;
      }
      if (char === '\\') {
        const escape = text.charAt(at + 1);
        if (!ESCAPES.includes(escape) || escape === '') return (at += 1), false;
        if (escape === 'u' && !/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) return (at += 2), false;
        at += escape === 'u' ? 6 : 2;
      } else if (char.charCodeAt(0) < 0x20) {
        return false;
      } else {
        at += 1;
      }
    }
    return false;
  };
  const value = (depth: number): boolean => {
    space();
    const char = text.charAt(at);
    if (depth > MAX_DEPTH) return false;
    if (char === '"') return string();
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      at += 1;
      space();
      if (text.charAt(at) === close) return (at += 1), true;
      for (;;) {
        if (close === '}') {
          space();
          if (text.charAt(at) !== '"' || !string()) return false;
          space();
          if (text.charAt(at) !== ':') return false;
          at += 1;
        }
        if (!value(depth + 1)) return false;
        space();
        if (text.charAt(at) === ',') at += 1;
        else if (text.charAt(at) === close) return (at += 1), true;
        else return false;
      }
    }
    for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, at)) return (at += literal.length), true;
    NUMBER.lastIndex = at;
    if (NUMBER.test(text)) return (at = NUMBER.lastIndex), true;
    return false;
  };
  if (!value(0)) return at;
  space();
  return at < text.length ? at : -1;
}

/**
 * A JSON document, or `malformed`: `{reason: 'truncated', line, column}` when it ends too soon
 * (a download cut short), `{reason: 'syntax', line, column}` where it stops being JSON.
 */
export function parseJsonDocument(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const end = text.trimEnd().length;
    const offset = jsonErrorOffset(text);
    const reason = offset >= end ? 'truncated' : 'syntax';
    throw new SourceError('malformed', { reason, ...positionOf(text, Math.min(Math.max(offset, 0), end)) });
  }
}
