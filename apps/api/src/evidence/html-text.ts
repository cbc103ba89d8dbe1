import { Parser } from 'htmlparser2';
import { storableText } from '@ritm/contracts/common';

// Feed HTML becomes plain text here, once, on the server: the admin shows a post's text and never
// renders a source's HTML, so nothing a site puts in its feed (a script, a tracking pixel, a
// styled overlay) reaches an editor's browser.

/** Elements whose content is not text a reader sees. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'head', 'select', 'canvas']);

/** Elements that start a new line of text. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
]);

/** Table cells: separated by a space, not glued together. */
const CELLS = new Set(['td', 'th']);

/** Past this much gathered text the parser stops adding: a 5 MiB page yields no 5 MiB string to tidy. */
const GATHER_FACTOR = 2;

/**
 * HTML (a fragment or a page) → plain text: entities decoded, scripts, styles and comments dropped,
 * block elements on lines of their own (and `pre` text's own lines kept), runs of spaces collapsed, no empty lines, at most `maxLength` characters (cut at a word where one is near).
 * @example htmlToText('<p>Ярмарка&nbsp;вакансий</p><script>x()</script><p>20&#160;ноября</p>') // 'Ярмарка вакансий\n20 ноября'
 */
export function htmlToText(html: string, maxLength = 10_000): string {
  const parts: string[] = [];
  let gathered = 0;
  let skipDepth = 0;
  const gatherLimit = maxLength * GATHER_FACTOR + 64;
  // Line breaks in HTML's text are spaces; a field with no markup at all is plain text whose lines
  // are meant (many feeds put plain text in an HTML field).
  const markup = /<[a-zA-Z!/?]/.test(html);
  let preDepth = 0;
  const push = (text: string) => {
    if (gathered > gatherLimit) return;
    parts.push(text);
    gathered += text.length;
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'pre' || name === 'textarea') preDepth += 1;
        if (SKIPPED.has(name)) skipDepth += 1;
        else if (BLOCKS.has(name)) push('\n');
        else if (CELLS.has(name)) push(' ');
      },
      onclosetag(name, isImplied) {
        if (name === 'pre' || name === 'textarea') preDepth = Math.max(0, preDepth - 1);
        if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (BLOCKS.has(name) && !(name === 'br' && isImplied)) push('\n');
      },
      ontext(text) {
        if (skipDepth === 0) push(markup && preDepth === 0 ? text.replace(/\s+/g, ' ') : text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return tidyText(parts.join(''), maxLength);
}

/**
 * Plain text tidied as `htmlToText` leaves it: spaces (incl. no-break and zero-width ones)
 * collapsed within lines, lines trimmed, empty lines dropped (a paragraph is a line), cut to
 * `maxLength`.
 */
export function tidyText(text: string, maxLength = 10_000): string {
  // What another system sent may hold what PostgreSQL cannot store (NUL, half of an emoji).
  const lines = storableText(text)
    .split(/\r\n?|\n|\u2028|\u2029/)
    .map((line) => line.replace(/[\u200b-\u200d\ufeff]/g, '').replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '');
  return truncate(lines.join('\n'), maxLength);
}

/** At most `maxLength` characters, cut at a space when one is within the last tenth, marked with `…`. */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let head = text.slice(0, Math.max(0, maxLength - 1));
  // Never leave half of a surrogate pair (an emoji) at the cut.
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  const space = head.lastIndexOf(' ');
  const cut = space >= maxLength * 0.9 ? head.slice(0, space) : head;
  return `${cut.trimEnd()}…`;
}
