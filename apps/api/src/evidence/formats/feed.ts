import { createHash } from 'node:crypto';
import { isStorableText } from '@ritm/contracts/common';
import type { FetchedPost, Reach } from '@ritm/domain/evidence-source';
import { isProductInstant } from '@ritm/domain/product-range';
import { htmlToText, tidyText, truncate } from '../html-text.js';
import { SourceError } from '../source-error.js';
import { parseFeedDate } from './feed-date.js';
import { parseJsonDocument } from './json-document.js';
import { child, childrenOf, innerMarkup, parseXml, textOf, type XmlElement } from './xml-tree.js';

// Website feeds → posts: RSS 2.0 (WordPress, Dzen and most Russian CMSs), RSS 1.0 (RDF), Atom 1.0
// and JSON Feed 1.0/1.1. Errors, as `SourceError` params for their messages:
// - `encoding` {charset}: the bytes are not valid in the charset the document declares (or the
//   charset is unknown);
// - `malformed` {reason: 'syntax' | 'truncated', line, column}: XML or JSON that cannot be read;
// - `malformed` {reason: 'not_a_feed', found: 'html' | 'xml' | 'json' | 'text' | 'empty'}: a
//   readable document that is no feed (an HTML page, a sitemap, some other JSON).

/** Most entries read from one feed (feeds list the newest first); the rest are left. */
export const MAX_FEED_ENTRIES = 5_000;
/** Longest title and text kept (as `FetchedPost` documents). */
export const MAX_TITLE_LENGTH = 300;
export const MAX_TEXT_LENGTH = 10_000;

const NS = {
  rss1: 'http://purl.org/rss/1.0/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  slash: 'http://purl.org/rss/1.0/modules/slash/',
  /** Yandex's RSS extension (Dzen, Yandex News): the full text of an entry. */
  yandex: 'http://news.yandex.ru',
} as const;

export interface FeedContext {
  /** The answer's `Content-Type`, for its charset. */
  contentType?: string | null;
  /** The feed's address (after redirects), against which relative links are read. */
  url?: string | null;
}

const BOMS: readonly (readonly [number[], string])[] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

function bomCharset(bytes: Uint8Array): string | undefined {
  return BOMS.find(([mark]) => mark.every((byte, index) => bytes[index] === byte))?.[1];
}

function declaredCharset(contentType: string | null | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}

function xmlDeclarationCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 256));
  return /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1]?.toLowerCase();
}

function decodeStrictly(bytes: Uint8Array, charset: string): string | undefined {
  try {
    return new TextDecoder(charset, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The document's text in the charset it declares: a byte order mark decides; else the HTTP
 * `charset` and the XML declaration's `encoding`, else UTF-8. When the two disagree (Russian
 * shared hosting long served every file as windows-1251, or every file as UTF-8), UTF-8 is tried
 * first if either names it: it is self-checking, so Cyrillic windows-1251 text never passes as
 * UTF-8, while any bytes pass as windows-1251. Bytes invalid in every declared charset → `encoding`.
 */
export function decodeFeedText(bytes: Uint8Array, contentType?: string | null): string {
  const bom = bomCharset(bytes);
  const declared = bom ? [bom] : [declaredCharset(contentType), xmlDeclarationCharset(bytes)].filter((name): name is string => name !== undefined);
  const unique = [...new Set(declared.map((name) => (name === 'utf8' ? 'utf-8' : name)))];
  const candidates = unique.length === 0 ? ['utf-8'] : unique.includes('utf-8') ? ['utf-8', ...unique.filter((name) => name !== 'utf-8')] : unique;
  for (const charset of candidates) {
    const text = decodeStrictly(bytes, charset);
    if (text !== undefined) return text;
  }
  throw new SourceError('encoding', { charset: unique[0] ?? 'utf-8' });
}

/** An absolute http(s) address, or null (a `javascript:` link, garbage). */
function webUrl(value: string | null | undefined, base: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  try {
    const url = base ? new URL(text, base) : new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function noReach(comments: number | null = null): Reach {
  return { views: null, likes: null, reposts: null, comments };
}

/** A count as feeds write it (`slash:comments`), or null. */
function count(text: string): number | null {
  const value = text.trim();
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}

interface EntryDraft {
  id: string | null;
  url: string | null;
  /** The title as plain text. */
  title: string;
  /** The body as plain text. */
  text: string;
  publishedAt: string | null;
  comments: number | null;
}

/** An item's address is at most this long (the items' own rule); a longer link proves nothing it could carry. */
const MAX_POST_URL_LENGTH = 2000;
/**
 * The key a post is known by is kept as it is up to 1,000 characters and 2,000 bytes; past that (a
 * guid that is a long Cyrillic address) it is kept as its SHA-256, because the unique index on
 * (source, key) cannot hold a key much longer than 2,700 bytes. Keys that fitted before keep their
 * value, so a source read again knows its posts.
 */
const MAX_EXTERNAL_ID_BYTES = 2000;

function externalIdOf(raw: string): string {
  const cut = raw.slice(0, 1000);
  // A key PostgreSQL cannot store as it is (NUL, half a surrogate pair) is kept by its hash too.
  return Buffer.byteLength(cut, 'utf8') <= MAX_EXTERNAL_ID_BYTES && isStorableText(cut) ? cut : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/** A post from an entry, or null when it has no date or nothing to know it by again. */
function toPost(draft: EntryDraft): FetchedPost | null {
  const externalId = externalIdOf(draft.id?.trim() || draft.url || '');
  // An entry dated outside 2000–2100 can prove no item (none can be dated there).
  if (draft.publishedAt === null || !isProductInstant(draft.publishedAt) || externalId === '') return null;
  const text = truncate(draft.text, MAX_TEXT_LENGTH);
  // A title is one line, whatever line breaks its source had.
  const title = truncate((draft.title || text.split('\n', 1)[0] || '').replace(/\s*\n\s*/g, ' '), MAX_TITLE_LENGTH);
  const url = draft.url !== null && draft.url.length <= MAX_POST_URL_LENGTH ? draft.url : null;
  return { externalId, url, title, text, publishedAt: draft.publishedAt, reach: noReach(draft.comments) };
}

function collect(entries: readonly XmlElement[], read: (entry: XmlElement) => EntryDraft): FetchedPost[] {
  const posts: FetchedPost[] = [];
  for (const entry of entries.slice(0, MAX_FEED_ENTRIES)) {
    const post = toPost(read(entry));
    if (post) posts.push(post);
  }
  return posts;
}

/** Text of an element that holds HTML (RSS descriptions, `content:encoded`). */
function htmlField(element: XmlElement | undefined, maxLength = MAX_TEXT_LENGTH): string {
  return element ? htmlToText(textOf(element), maxLength) : '';
}

/** The first of the fields, in order of preference, that has any text (an empty `content:encoded` is no body). */
function firstText(fields: readonly (XmlElement | undefined)[], read: (element: XmlElement) => string): string {
  for (const field of fields) {
    const text = field ? read(field) : '';
    if (text !== '') return text;
  }
  return '';
}

function readRssItem(item: XmlElement, itemNs: string, base: string | null | undefined): EntryDraft {
  const guid = child(item, itemNs, 'guid');
  const guidText = textOf(guid).trim();
  const link = webUrl(textOf(child(item, itemNs, 'link')), base);
  // A guid marked (or by default) a permalink is the post's address when there is no <link>.
  const guidIsLink = guid !== undefined && guid.attributes.isPermaLink !== 'false';
  const bodies = [child(item, NS.content, 'encoded'), child(item, NS.yandex, 'full-text'), child(item, itemNs, 'description')];
  return {
    id: guidText || item.attributes['rdf:about'] || null,
    url: link ?? (guidIsLink ? webUrl(guidText, base) : null),
    // RSS titles are often entity-escaped HTML: read them as HTML, then as text.
    title: htmlField(child(item, itemNs, 'title'), MAX_TITLE_LENGTH * 2),
    text: firstText(bodies, (body) => htmlField(body)),
    publishedAt: parseFeedDate(textOf(child(item, itemNs, 'pubDate'))) ?? parseFeedDate(textOf(child(item, NS.dc, 'date'))),
    comments: count(textOf(child(item, NS.slash, 'comments'))),
  };
}

/** Atom text constructs: `text` as it is, `html` escaped markup, `xhtml` inline markup. */
function atomText(element: XmlElement | undefined, maxLength: number): string {
  if (!element) return '';
  const type = (element.attributes.type ?? 'text').toLowerCase();
  if (type === 'xhtml') return htmlToText(innerMarkup(element), maxLength);
  if (type === 'html' || type === 'text/html') return htmlToText(textOf(element), maxLength);
  return tidyText(textOf(element), maxLength);
}

function atomLink(entry: XmlElement, base: string | null | undefined): string | null {
  // Only the alternate link is the post's page (others are its feed, its image, its API address).
  const alternate = childrenOf(entry, NS.atom, 'link').find((link) => (link.attributes.rel ?? 'alternate') === 'alternate');
  const entryBase = entry.attributes['xml:base'] ? webUrl(entry.attributes['xml:base'], base) : base;
  return webUrl(alternate?.attributes.href, entryBase);
}

function readAtomEntry(entry: XmlElement, base: string | null | undefined): EntryDraft {
  const date = (name: string) => parseFeedDate(textOf(child(entry, NS.atom, name)));
  return {
    id: textOf(child(entry, NS.atom, 'id')).trim() || null,
    url: atomLink(entry, base),
    title: atomText(child(entry, NS.atom, 'title'), MAX_TITLE_LENGTH * 2),
    // Out-of-line content (`src`) has no text here: the summary speaks for it.
    text: firstText([child(entry, NS.atom, 'content'), child(entry, NS.atom, 'summary')], (body) => atomText(body, MAX_TEXT_LENGTH)),
    publishedAt: date('published') ?? date('updated') ?? date('issued') ?? date('modified'),
    comments: count(textOf(child(entry, NS.slash, 'comments'))),
  };
}

function readXmlFeed(text: string, base: string | null | undefined): FetchedPost[] {
  const root = parseXml(text);
  if (root.name === 'rss') {
    // RSS 2.0 has no namespace, but a few generators put one (userland's) on every element.
    const channel = child(root, root.ns, 'channel');
    if (!channel) throw new SourceError('malformed', { reason: 'not_a_feed', found: 'xml' });
    return collect(childrenOf(channel, root.ns, 'item'), (item) => readRssItem(item, root.ns, base));
  }
  if (root.name === 'RDF' && root.ns === NS.rdf) {
    return collect(childrenOf(root, NS.rss1, 'item'), (item) => readRssItem(item, NS.rss1, base));
  }
  if (root.name === 'feed' && root.ns === NS.atom) {
    const feedBase = root.attributes['xml:base'] ? webUrl(root.attributes['xml:base'], base) : base;
    return collect(childrenOf(root, NS.atom, 'entry'), (entry) => readAtomEntry(entry, feedBase));
  }
  throw new SourceError('malformed', { reason: 'not_a_feed', found: root.name.toLowerCase() === 'html' ? 'html' : 'xml' });
}

function stringField(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function readJsonItem(item: unknown, base: string | null | undefined): EntryDraft | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
  const entry = item as Record<string, unknown>;
  const html = stringField(entry.content_html);
  const plain = stringField(entry.content_text);
  const summary = stringField(entry.summary);
  return {
    // JSON Feed 1.0 let `id` be a number; 1.1 says a string.
    id: stringField(entry.id),
    url: webUrl(stringField(entry.url), base) ?? webUrl(stringField(entry.external_url), base),
    title: tidyText(stringField(entry.title) ?? '', MAX_TITLE_LENGTH * 2),
    text: plain !== null ? tidyText(plain, MAX_TEXT_LENGTH) : html !== null ? htmlToText(html, MAX_TEXT_LENGTH) : tidyText(summary ?? '', MAX_TEXT_LENGTH),
    publishedAt: parseFeedDate(stringField(entry.date_published)) ?? parseFeedDate(stringField(entry.date_modified)),
    comments: null,
  };
}

function readJsonFeed(text: string, base: string | null | undefined): FetchedPost[] {
  const feed = parseJsonDocument(text) as { version?: unknown; items?: unknown } | null;
  const isFeed = typeof feed === 'object' && feed !== null && typeof feed.version === 'string' && /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?$/.test(feed.version) && Array.isArray(feed.items);
  if (!isFeed) throw new SourceError('malformed', { reason: 'not_a_feed', found: 'json' });
  const posts: FetchedPost[] = [];
  for (const item of (feed.items as unknown[]).slice(0, MAX_FEED_ENTRIES)) {
    const draft = readJsonItem(item, base);
    const post = draft && toPost(draft);
    if (post) posts.push(post);
  }
  return posts;
}

/**
 * A feed's bytes → its posts, newest first as the feed lists them (at most `MAX_FEED_ENTRIES`).
 * Entries without a readable date, or without an id and a link, are skipped. Throws `SourceError`
 * (`encoding`, `malformed`) for a document that cannot be read as a feed.
 */
export function parseFeed(bytes: Uint8Array, context: FeedContext = {}): FetchedPost[] {
  const text = decodeFeedText(bytes, context.contentType);
  const start = text.search(/\S/);
  if (start === -1) throw new SourceError('malformed', { reason: 'not_a_feed', found: 'empty' });
  const head = text.slice(start, start + 1024).toLowerCase();
  if (head.startsWith('{') || head.startsWith('[')) return readJsonFeed(text, context.url);
  if (!head.startsWith('<')) throw new SourceError('malformed', { reason: 'not_a_feed', found: 'text' });
  // An HTML page is rarely well-formed XML: tell it by its first element, before the XML parser
  // reports a syntax error that would send the editor looking for a broken feed.
  const firstElement = /<([a-z][^\s>/]*)/.exec(head)?.[1];
  if (head.startsWith('<!doctype html') || firstElement === 'html') throw new SourceError('malformed', { reason: 'not_a_feed', found: 'html' });
  return readXmlFeed(text, context.url);
}
