import type { ContentCoding } from '../services/stamped-memo.js';
import type { Language } from './messages.js';

/**
 * The entries of an `Accept-*` header (RFC 9110 §12.4.2) in lower case with their weights, the
 * heaviest first and equals in the client's order. An entry without a weight weighs 1; one whose
 * weight is not a weight (`q=.`, `q=-1`, `q=1.5`) weighs 0, refused, as asking for nothing in
 * particular is safer than guessing.
 */
export function weighted(header: string | undefined): { token: string; q: number }[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [token = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => /^q=/i.test(p));
      const weight = q === undefined ? 1 : QVALUE.test(q.slice(2)) ? Number(q.slice(2)) : 0;
      return { token: token.trim().toLowerCase(), q: weight };
    })
    .filter((entry) => entry.token !== '')
    .sort((a, b) => b.q - a.q);
}

// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * The compressed form a client takes for a body (`Accept-Encoding`, RFC 9110 §12.5.3): Brotli
 * before gzip at equal weight (smaller, and quicker to make at its fastest setting); none when
 * it names neither, nor `*`, or refuses them with `q=0`, and the body goes as it is.
 */
export function contentCoding(header: string | undefined): ContentCoding | undefined {
  const entries = weighted(header);
  const named = (...tokens: string[]) => entries.find((entry) => tokens.includes(entry.token));
  const weightOf = (...tokens: string[]) => (named(...tokens) ?? named('*'))?.q ?? 0;
  const br = weightOf('br');
  const gzip = weightOf('gzip', 'x-gzip');
  if (br > 0 && br >= gzip) return 'br';
  return gzip > 0 ? 'gzip' : undefined;
}

/**
 * The language of Ritm's words for an `Accept-Language` header: Russian unless it prefers English
 * over Russian. English refused (`en;q=0`) is never chosen; Russian, the product's language, is
 * what a client gets that accepts neither, even one that refuses it.
 */
export function languageOf(header: string | undefined): Language {
  const best = weighted(header).find(({ token, q }) => q > 0 && (token.startsWith('ru') || token.startsWith('en')));
  return (best?.token.slice(0, 2) as Language | undefined) ?? 'ru';
}
