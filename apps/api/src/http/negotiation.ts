import type { ContentCoding } from '../services/stamped-memo.js';

/**
 * The entries of an `Accept-*` header (RFC 9110 §12.4.2) in lower case with their weights, the
 * heaviest first and equals in the client's order. An entry without a weight, or with one that is
 * not a number, weighs 1.
 */
export function weighted(header: string | undefined): { token: string; q: number }[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [token = '', ...params] = part.trim().split(';');
      const q = Number(params.map((p) => /^q=([\d.]+)$/i.exec(p.trim())?.[1]).find(Boolean));
      return { token: token.trim().toLowerCase(), q: Number.isFinite(q) ? q : 1 };
    })
    .filter((entry) => entry.token !== '')
    .sort((a, b) => b.q - a.q);
}

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
