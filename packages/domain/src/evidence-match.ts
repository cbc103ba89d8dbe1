/**
 * The matching rule: which planned item a post read from an evidence source proves, and why.
 *
 * A post may prove an item of the same organisation that is on the post's channel, is not
 * cancelled and is not already proved by another post:
 * 1. by link — the item's URL is the post's, once both are normalised ({@link normalisePostUrl});
 * 2. else by date and title — the post's local day (in the organisation's zone) is within
 *    {@link MATCH_RULE}`.maxDays` of the item's and their titles are alike ({@link titleSimilarity}).
 *
 * Each post proves at most one item and each item is proved by at most one post: the pairs are
 * taken best first (link, then higher similarity, then nearer day, then the order given), so the
 * outcome does not depend on which post happens to be read first. Every match says why
 * (`MatchReason`), which the review screen shows.
 */
import type { EvidencePostState, FetchedPost, MatchReason, ReachRow } from './evidence-source.js';
import type { ItemStatus } from './item.js';
import { statusClass } from './item.js';
import type { LocalDate } from './local-date.js';
import { MINUTE_MS, parseInstant, toDayNumber } from './local-date.js';
import { localDateOf } from './time-zone.js';

/**
 * The rule's bounds:
 * - `maxDays`: how far (in local days) a post may come out from its item's date and still prove
 *   it by title — the issue's "within a day of the planned date";
 * - `minSimilarity`: the share of the item title's words the post must contain (see
 *   {@link titleSimilarity}). 0.6 asks for every word of a one- or two-word title, 2 of 3,
 *   3 of 4 or 5: a post «Приглашаем на ярмарку вакансий 12 марта!» proves «Ярмарка вакансий
 *   12 марта» (4 of 4), «Ярмарка вакансий» alone would not prove «Ярмарка вакансий для
 *   выпускников колледжей» (2 of 4 words after stop words: 0.5), and «Новые меры поддержки»
 *   shares nothing with a job fair (0);
 * - `leadWords`: how many words at the beginning of the post's text count beside its title (a
 *   Telegram or VK post has no title but its first line; a long text would otherwise contain
 *   every common word).
 */
export const MATCH_RULE = { maxDays: 1, minSimilarity: 0.6, leadWords: 30 } as const;

/** A post as the rule sees it. `key` is the caller's handle (the source's `externalId`). */
export interface MatchPost {
  key: string;
  channelId: string;
  url: string | null;
  title: string;
  text: string;
  /** An instant, ISO 8601 with an offset. */
  publishedAt: string;
}

/** An item the post may prove. */
export interface MatchItem {
  id: string;
  channelIds: readonly string[];
  title: string;
  url: string | null;
  /** The item's local day (`localDateOfItemDate(item.at, timeZone)`). */
  localDay: LocalDate;
  status: ItemStatus;
  /** Whether another post already proves it (it cannot be proved twice). */
  linked: boolean;
}

/** A post linked to an item, and why. */
export interface PostMatch {
  postKey: string;
  itemId: string;
  reason: MatchReason;
}

// Query parameters that say where a reader came from, not what the page is.
// The WHATWG URL parser is a global of every runtime the domain runs in (Node and the browser),
// but the domain's build takes in no runtime's types (`types: []`), so the part used is typed here.
interface WebUrl {
  readonly hostname: string;
  readonly pathname: string;
  readonly port: string;
  readonly searchParams: Iterable<[string, string]>;
}
const WebUrlParser = (globalThis as unknown as { URL: new (input: string) => WebUrl }).URL;

const TRACKING_PARAMETER = /^(utm_|yclid$|gclid$|fbclid$)/i;
// Telegram's ways of showing one post: alone out of its album, embedded in a page.
const TELEGRAM_VIEW_PARAMETER = /^(single|embed)$/;

/**
 * A URL in the form two addresses of the same post share: scheme, `www.`/`m.` host prefixes, a
 * trailing slash, the fragment and `utm_*` parameters ignored, the host in lower case, the other
 * query parameters sorted, percent-escapes in upper case; VK's `?w=wall-1_2` (a post opened over
 * a page) and Telegram's `t.me/s/` (the web preview), `?single` and `?embed=1` folded into the
 * post's own address. Text that is not a URL is trimmed and returned as it is.
 *
 * @example normalisePostUrl('https://www.czn.ru/news/yarmarka/?utm_source=vk#top') // 'czn.ru/news/yarmarka'
 * @example normalisePostUrl('https://m.vk.com/czn_ekb?w=wall-123_45') // 'vk.com/wall-123_45'
 * @example normalisePostUrl('https://t.me/s/czn_ekb/120') // 't.me/czn_ekb/120'
 */
export function normalisePostUrl(url: string): string {
  const trimmed = url.trim();
  let parsed: WebUrl;
  try {
    parsed = new WebUrlParser(trimmed);
  } catch {
    return trimmed;
  }
  let host = parsed.hostname.toLowerCase().replace(/^(www|m)\./, '');
  if (host === 'telegram.me') host = 't.me';
  let path = parsed.pathname.replace(/\/+$/, '');
  let params = [...parsed.searchParams].filter(([name]) => !TRACKING_PARAMETER.test(name));
  if (host === 'vk.com') {
    const opened = params.find(([name, value]) => name === 'w' && /^wall-?\d+_\d+$/.test(value));
    if (opened !== undefined) return `vk.com/${opened[1]}`;
  }
  if (host === 't.me') {
    if (path.startsWith('/s/')) path = path.slice(2);
    params = params.filter(([name]) => !TELEGRAM_VIEW_PARAMETER.test(name));
  }
  // Percent-escapes name the same byte in either case (RFC 3986 §6.2.2.1).
  path = path.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
  const query = params
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  const port = parsed.port === '' ? '' : `:${parsed.port}`;
  return `${host}${port}${path}${query === '' ? '' : `?${query}`}`;
}

// Words that say nothing about what a post is about (prepositions, conjunctions, pronouns,
// particles), in Russian and English, after lower-casing and ё→е.
const STOP_WORDS = new Set(
  (
    'и в во на с со к ко по о об обо от до за из изо у для при про над под без через между а но да или либо ' +
    'что чтобы как это эти этот эта то те тот та все всех весь вся мы вы они он она оно наш наша наше наши ' +
    'ваш ваша ваше ваши их его ее не ни же ли бы уже еще также так там тут где когда который которая ' +
    'которые которое кто чем свой свои своих г гг ул ' +
    'the a an of in on at for to and or with by from is are be this that'
  ).split(' '),
);

// Russian endings, longest first, so that one form of a word folds with its others («ярмарка»,
// «ярмарку», «ярмарки» → «ярмарк»). A light stemmer (in the spirit of Snowball's Russian one,
// without its regions): it strips one reflexive suffix and then the longest ending that leaves at
// least three letters. It folds the forms a title takes in an announcement and in a post; it does
// not try to be a morphological analyser.
const ENDINGS = [
  'иями', 'ями', 'ами', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'ией', 'иях', 'ешь', 'ете', 'ите', 'ала', 'али', 'ила', 'или', 'ела', 'ели',
  'ях', 'ах', 'ов', 'ев', 'ей', 'ий', 'ый', 'ой', 'ая', 'яя', 'ое', 'ее', 'ие', 'ые', 'ую', 'юю', 'ом', 'ем', 'ам', 'ям', 'их', 'ых', 'ым', 'им',
  'ия', 'ья', 'ье', 'ию', 'ью', 'ии', 'ет', 'ут', 'ют', 'ит', 'ат', 'ят', 'ть', 'ал', 'ил', 'ел',
  'а', 'я', 'о', 'е', 'ы', 'и', 'у', 'ю', 'ь', 'й',
];
const MIN_STEM = 3;
const CYRILLIC = /^[а-я]+$/;

/**
 * A word's folded form: Russian endings stripped (see `ENDINGS`), other words as they are.
 *
 * @example stemWord('ярмарку') // 'ярмарк'
 * @example stemWord('вакансий') // 'ваканс'
 * @example stemWord('12') // '12'
 */
export function stemWord(word: string): string {
  if (!CYRILLIC.test(word)) return word;
  let stem = word;
  if (/(ся|сь)$/.test(stem) && stem.length - 2 >= MIN_STEM + 1) stem = stem.slice(0, -2);
  for (const ending of ENDINGS) {
    if (stem.endsWith(ending) && stem.length - ending.length >= MIN_STEM) return stem.slice(0, -ending.length);
  }
  return stem;
}

/** A word of a title: its folded form and how it was written. */
export interface TitleWord {
  stem: string;
  written: string;
}

/**
 * The meaningful words of a text, in order and without repeats: lower case, ё→е, split at
 * anything that is not a letter or a digit, stop words and single letters dropped, numbers kept
 * («12 марта» and «12.03» both keep «12»), Russian endings folded ({@link stemWord}). `limit`
 * stops after that many meaningful words of the text (repeats included).
 *
 * @example titleWords('Приглашаем на ярмарку вакансий 12 марта!').map((w) => w.stem) // ['приглаша', 'ярмарк', 'ваканс', '12', 'март']
 */
export function titleWords(text: string, limit = Infinity): TitleWord[] {
  const words: TitleWord[] = [];
  const seen = new Set<string>();
  let read = 0;
  for (const written of text.split(/[^\p{L}\p{N}]+/u)) {
    if (read >= limit) break;
    if (written === '') continue;
    const lower = written.toLowerCase().replaceAll('ё', 'е');
    if (STOP_WORDS.has(lower) || (lower.length === 1 && !/\d/.test(lower))) continue;
    read++;
    const stem = stemWord(lower);
    if (seen.has(stem)) continue;
    seen.add(stem);
    words.push({ stem, written });
  }
  return words;
}

/** How alike an item's title and a post are: the share of the item's words the post has, and those words. */
export interface TitleLikeness {
  /** 0…1, rounded to two decimals. */
  similarity: number;
  /** The shared words as written in the item's title, in its order. */
  words: string[];
}

/**
 * How alike an item's title is to a post: the share of the item title's meaningful words
 * ({@link titleWords}) found in the post's title or in the first `MATCH_RULE.leadWords` words of
 * its text. The post may say more than the item (an announcement adds «Приглашаем…»); what counts
 * is whether it says what the item says. A title without meaningful words is like nothing, and so
 * is a post whose title has numbers but none of the item title's (another date, another number).
 *
 * @example titleSimilarity('Ярмарка вакансий 12 марта', 'Ярмарка вакансий 19 марта', '').similarity // 0
 *
 * @example titleSimilarity('Ярмарка вакансий 12 марта', 'Приглашаем на ярмарку вакансий 12 марта!', '') // { similarity: 1, words: ['Ярмарка', 'вакансий', '12', 'марта'] }
 * @example titleSimilarity('Новые меры поддержки', 'Приглашаем на ярмарку вакансий 12 марта!', '').similarity // 0
 */
export function titleSimilarity(itemTitle: string, postTitle: string, postText: string): TitleLikeness {
  return likeness(titleWords(itemTitle), postWords(postTitle, postText));
}

/** What of a post the titles are compared with: the stems of its title and lead, and its title's numbers. */
interface PostWords {
  stems: Set<string>;
  titleNumbers: Set<string>;
}

const NUMBER = /^\d+$/;

function postWords(title: string, text: string): PostWords {
  const inTitle = titleWords(title);
  const stems = new Set(inTitle.map((w) => w.stem));
  for (const word of titleWords(text, MATCH_RULE.leadWords)) stems.add(word.stem);
  return { stems, titleNumbers: new Set(inTitle.filter((w) => NUMBER.test(w.stem)).map((w) => w.stem)) };
}

// Numbers in both titles that have none in common say two different things: «Ярмарка вакансий
// 19 марта» announced on the 11th is not «Ярмарка вакансий 12 марта» however alike the words.
function likeness(itemWords: readonly TitleWord[], post: PostWords): TitleLikeness {
  if (itemWords.length === 0) return { similarity: 0, words: [] };
  const itemNumbers = itemWords.filter((w) => NUMBER.test(w.stem));
  if (itemNumbers.length > 0 && post.titleNumbers.size > 0 && !itemNumbers.some((w) => post.titleNumbers.has(w.stem))) return { similarity: 0, words: [] };
  const words = itemWords.filter((w) => post.stems.has(w.stem)).map((w) => w.written);
  return { similarity: Math.round((words.length / itemWords.length) * 100) / 100, words };
}

/**
 * The local day of a post's instant in the organisation's zone. Throws a RangeError when
 * `publishedAt` is not an instant with an offset: parsers never give such a post.
 *
 * @example postLocalDay('2026-11-15T14:30:00Z', 'Asia/Vladivostok') // '2026-11-16'
 */
export function postLocalDay(publishedAt: string, timeZone: string): LocalDate {
  return localDateOf(instantOf(publishedAt), timeZone);
}

function instantOf(publishedAt: string): number {
  const instant = parseInstant(publishedAt);
  if (Number.isNaN(instant)) throw new RangeError(`A post's publishedAt must be an instant with an offset, not ${JSON.stringify(publishedAt)}`);
  return instant;
}

interface Candidate {
  post: number;
  item: number;
  link: boolean;
  similarity: number;
  days: number;
  words: string[];
}

function better(a: Candidate, b: Candidate): number {
  if (a.link !== b.link) return a.link ? -1 : 1;
  if (a.similarity !== b.similarity) return b.similarity - a.similarity;
  if (Math.abs(a.days) !== Math.abs(b.days)) return Math.abs(a.days) - Math.abs(b.days);
  return a.post - b.post || a.item - b.item;
}

/**
 * Links posts to the items they prove (see the module's rule). Items that are cancelled, already
 * linked, or on another channel are never proved; a pair is taken best first and each post and
 * each item at most once. The answer is in the posts' order; a post proving nothing is absent.
 *
 * @example
 * matchPosts(
 *   [{ key: 'p1', channelId: 'site', url: null, title: 'Приглашаем на ярмарку вакансий 12 марта!', text: '', publishedAt: '2026-03-11T06:00:00Z' }],
 *   [{ id: 'i1', channelIds: ['site'], title: 'Ярмарка вакансий 12 марта', url: null, localDay: '2026-03-12', status: 'planned', linked: false }],
 *   { timeZone: 'Asia/Yekaterinburg' },
 * ) // [{ postKey: 'p1', itemId: 'i1', reason: { by: 'date_title', days: -1, similarity: 1, words: ['Ярмарка', 'вакансий', '12', 'марта'] } }]
 */
export function matchPosts(posts: readonly MatchPost[], items: readonly MatchItem[], context: { timeZone: string }): PostMatch[] {
  const open = items.map((item, index) => ({ item, index })).filter(({ item }) => !item.linked && statusClass(item.status) !== 'void');
  const byUrl = new Map<string, number[]>();
  const byDay = new Map<number, number[]>();
  const itemWords = new Map<number, TitleWord[]>();
  for (const { item, index } of open) {
    if (item.url !== null && item.url.trim() !== '') push(byUrl, normalisePostUrl(item.url), index);
    const day = toDayNumber(item.localDay);
    if (!Number.isNaN(day)) push(byDay, day, index);
  }
  const candidates: Candidate[] = [];
  posts.forEach((post, p) => {
    const postDay = toDayNumber(postLocalDay(post.publishedAt, context.timeZone));
    const onChannel = (i: number) => (items[i] as MatchItem).channelIds.includes(post.channelId);
    const linked = new Set<number>();
    if (post.url !== null && post.url.trim() !== '') {
      for (const i of byUrl.get(normalisePostUrl(post.url)) ?? []) {
        if (!onChannel(i)) continue;
        linked.add(i);
        const days = postDay - toDayNumber((items[i] as MatchItem).localDay);
        candidates.push({ post: p, item: i, link: true, similarity: 1, days: Number.isNaN(days) ? 0 : days, words: [] });
      }
    }
    let words: PostWords | undefined;
    for (let d = -MATCH_RULE.maxDays; d <= MATCH_RULE.maxDays; d++) {
      for (const i of byDay.get(postDay - d) ?? []) {
        if (linked.has(i) || !onChannel(i)) continue;
        words ??= postWords(post.title, post.text);
        let ofItem = itemWords.get(i);
        if (ofItem === undefined) itemWords.set(i, (ofItem = titleWords((items[i] as MatchItem).title)));
        const alike = likeness(ofItem, words);
        if (alike.similarity >= MATCH_RULE.minSimilarity) candidates.push({ post: p, item: i, link: false, similarity: alike.similarity, days: d, words: alike.words });
      }
    }
  });
  candidates.sort(better);
  const postTaken = new Set<number>();
  const itemTaken = new Set<number>();
  const chosen: Candidate[] = [];
  for (const c of candidates) {
    if (postTaken.has(c.post) || itemTaken.has(c.item)) continue;
    postTaken.add(c.post);
    itemTaken.add(c.item);
    chosen.push(c);
  }
  return chosen
    .sort((a, b) => a.post - b.post)
    .map((c) => ({
      postKey: (posts[c.post] as MatchPost).key,
      itemId: (items[c.item] as MatchItem).id,
      reason: c.link ? { by: 'link' } : { by: 'date_title', days: c.days, similarity: c.similarity, words: c.words },
    }));
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** A post already stored for the source: reading it again only updates its reach. */
export interface KnownPost {
  id: string;
  externalId: string;
  state: EvidencePostState;
  itemId: string | null;
}

/**
 * What to write for one read of a source:
 * - `reachUpdates`: posts read before (by `externalId`), whose reach (and their item's) is updated
 *   and nothing else; `itemId` is null for an ignored post (its reach is kept on the post only);
 * - `matched`: new posts that prove an item;
 * - `unplanned`: new posts that prove nothing and become unplanned publications.
 * `localDay` is the post's local day in the organisation's zone.
 */
export interface IngestPlan {
  reachUpdates: { postId: string; itemId: string | null; post: FetchedPost }[];
  matched: { post: FetchedPost; itemId: string; reason: MatchReason; localDay: LocalDate }[];
  unplanned: { post: FetchedPost; localDay: LocalDate }[];
}

/**
 * Plans one read of a source: known posts (by `externalId`) only update reach; new ones match an
 * item of the channel or become unplanned. A batch naming one `externalId` twice keeps the last
 * (an edited message replaces its earlier version). Items a known post already proves count as
 * linked, so reading the same batch again plans only reach updates.
 *
 * @example
 * planIngest({ channelId: 'site', posts: [post], known: [], items: [item], timeZone: 'Europe/Moscow' })
 * // { reachUpdates: [], matched: [{ post, itemId: item.id, reason, localDay }], unplanned: [] }
 */
export function planIngest(input: {
  channelId: string;
  posts: readonly FetchedPost[];
  known: readonly KnownPost[];
  items: readonly MatchItem[];
  timeZone: string;
}): IngestPlan {
  const latest = new Map<string, FetchedPost>();
  for (const post of input.posts) {
    latest.delete(post.externalId);
    latest.set(post.externalId, post);
  }
  const known = new Map(input.known.map((k) => [k.externalId, k]));
  const proved = new Set(input.known.flatMap((k) => (k.itemId === null || k.state === 'ignored' ? [] : [k.itemId])));
  const plan: IngestPlan = { reachUpdates: [], matched: [], unplanned: [] };
  const fresh: FetchedPost[] = [];
  for (const post of latest.values()) {
    const before = known.get(post.externalId);
    if (before === undefined) fresh.push(post);
    else plan.reachUpdates.push({ postId: before.id, itemId: before.state === 'ignored' ? null : before.itemId, post });
  }
  const items = input.items.map((item) => (proved.has(item.id) && !item.linked ? { ...item, linked: true } : item));
  const matches = new Map(
    matchPosts(
      fresh.map((post) => ({ key: post.externalId, channelId: input.channelId, url: post.url, title: post.title, text: post.text, publishedAt: post.publishedAt })),
      items,
      { timeZone: input.timeZone },
    ).map((m) => [m.postKey, m]),
  );
  for (const post of fresh) {
    const localDay = postLocalDay(post.publishedAt, input.timeZone);
    const match = matches.get(post.externalId);
    if (match === undefined) plan.unplanned.push({ post, localDay });
    else plan.matched.push({ post, itemId: match.itemId, reason: match.reason, localDay });
  }
  return plan;
}

/** What tells one post from another across sources: its address, its time and its title. */
export interface PostIdentity {
  url: string | null;
  publishedAt: string;
  title: string;
}

/**
 * Whether two posts read by different sources of one channel are one publication — a Telegram
 * channel read by its bot and uploaded as an export, a site's RSS and its Atom feed: the same
 * address once normalised ({@link normalisePostUrl}) when both have one; otherwise the same
 * instant and the same title (spacing and case aside). Without this, the second source would
 * find the item already proved and make the same post an unplanned publication a second time.
 *
 * @example samePost({ url: 'https://t.me/czn/7', publishedAt: '2026-11-20T07:00:00Z', title: 'Ярмарка' }, { url: 'https://t.me/s/czn/7', publishedAt: '2026-11-20T07:00:00.000Z', title: 'Ярмарка вакансий' }) // true
 * @example samePost({ url: null, publishedAt: '2026-11-20T07:00:00Z', title: 'Ярмарка' }, { url: 'https://t.me/czn/7', publishedAt: '2026-11-20T10:00:00+03:00', title: ' ярмарка ' }) // true
 * @example samePost({ url: 'https://czn.ru/a', publishedAt: '2026-11-20T07:00:00Z', title: 'Ярмарка' }, { url: 'https://czn.ru/b', publishedAt: '2026-11-20T07:00:00Z', title: 'Ярмарка' }) // false
 */
export function samePost(a: PostIdentity, b: PostIdentity): boolean {
  if (a.url !== null && b.url !== null) return normalisePostUrl(a.url) === normalisePostUrl(b.url);
  const title = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
  return instantOf(a.publishedAt) === instantOf(b.publishedAt) && title(a.title) === title(b.title);
}

/**
 * The item's new `at` once a post proves it: an item planned for a day (a local date) moves to
 * the post's local date in the organisation's zone; an item planned for a time (a date-time or an
 * instant) takes the post's instant.
 *
 * @example provenItemAt('2026-03-12', '2026-03-10T20:30:00Z', 'Europe/Moscow') // '2026-03-10'
 * @example provenItemAt('2026-03-12', '2026-03-10T20:30:00Z', 'Asia/Kamchatka') // '2026-03-11'
 * @example provenItemAt('2026-03-12T10:00', '2026-03-11T09:15:00+03:00', 'Europe/Moscow') // '2026-03-11T06:15:00.000Z'
 */
export function provenItemAt(itemAt: string, postPublishedAt: string, timeZone: string): string {
  const instant = instantOf(postPublishedAt);
  return Number.isNaN(toDayNumber(itemAt)) ? new Date(instant).toISOString() : localDateOf(instant, timeZone);
}

/**
 * The first day a source's posts that match nothing become unplanned publications: the first of
 * the month the source was added in (on the organisation's calendar), or the channel's `since`
 * when that is later. Older posts still prove the planned items they match; unmatched, they are
 * history from before Ritm read the source — a wall's two hundred old posts — and making them
 * publications would rewrite the compliance of periods long closed.
 *
 * @example unplannedFrom('2026-11-20T07:00:00.000Z', null, 'Europe/Moscow') // '2026-11-01'
 * @example unplannedFrom('2026-10-31T21:30:00.000Z', null, 'Asia/Kamchatka') // '2026-11-01'
 * @example unplannedFrom('2026-11-20T07:00:00.000Z', '2026-11-10', 'Europe/Moscow') // '2026-11-10'
 */
export function unplannedFrom(sourceCreatedAt: string, channelSince: LocalDate | null, timeZone: string): LocalDate {
  const monthStart = `${localDateOf(instantOf(sourceCreatedAt), timeZone).slice(0, 8)}01`;
  return channelSince !== null && channelSince > monthStart ? channelSince : monthStart;
}

/** The longest wait between reads of a source, failing or not: a day. */
const MAX_READ_WAIT_MINUTES = 24 * 60;

/**
 * When to read a source next: `intervalMinutes` after a success; after `failuresInARow` failures,
 * `intervalMinutes × 2^failures`; never later than 24 hours after the last attempt.
 *
 * @example nextReadAt('2026-11-20T10:00:00.000Z', 30, 0) // '2026-11-20T10:30:00.000Z'
 * @example nextReadAt('2026-11-20T10:00:00.000Z', 30, 3) // '2026-11-20T14:00:00.000Z'
 * @example nextReadAt('2026-11-20T10:00:00.000Z', 30, 20) // '2026-11-21T10:00:00.000Z'
 */
export function nextReadAt(lastAttemptAt: string, intervalMinutes: number, failuresInARow: number): string {
  const failures = Math.max(0, Math.floor(failuresInARow));
  const wait = Math.min(intervalMinutes * 2 ** failures, MAX_READ_WAIT_MINUTES);
  return new Date(instantOf(lastAttemptAt) + wait * MINUTE_MS).toISOString();
}

/** Statistics rows resolved to posts, and the rows that name no known post. */
export interface ResolvedReachRows {
  /** In the rows' order: applying them in order lets a later row for the same post win. */
  resolved: { postId: string; row: ReachRow }[];
  unknownRows: ReachRow[];
}

/**
 * Resolves statistics rows to the channel's posts: by normalised link, else by day when exactly
 * one post of the channel came out that day (two posts on a day cannot be told apart by the day).
 *
 * @example
 * resolveReachRows(
 *   [{ row: 2, url: 'https://vk.com/wall-1_5?utm_source=x', day: null, reach }, { row: 3, url: null, day: '2026-03-12', reach }],
 *   [{ id: 'a', url: 'https://vk.com/wall-1_5', localDay: '2026-03-11' }],
 * ) // { resolved: [{ postId: 'a', row: rows[0] }], unknownRows: [rows[1]] }
 */
export function resolveReachRows(
  rows: readonly ReachRow[],
  posts: readonly { id: string; url: string | null; localDay: LocalDate }[],
): ResolvedReachRows {
  const byUrl = new Map<string, string>();
  const byDay = new Map<string, string[]>();
  for (const post of posts) {
    if (post.url !== null && post.url.trim() !== '') {
      const url = normalisePostUrl(post.url);
      if (!byUrl.has(url)) byUrl.set(url, post.id);
    }
    const onDay = byDay.get(post.localDay);
    if (onDay === undefined) byDay.set(post.localDay, [post.id]);
    else onDay.push(post.id);
  }
  const answer: ResolvedReachRows = { resolved: [], unknownRows: [] };
  for (const row of rows) {
    const byLink = row.url === null || row.url.trim() === '' ? undefined : byUrl.get(normalisePostUrl(row.url));
    const onDay = row.day === null ? undefined : byDay.get(row.day);
    const postId = byLink ?? (onDay?.length === 1 ? onDay[0] : undefined);
    if (postId === undefined) answer.unknownRows.push(row);
    else answer.resolved.push({ postId, row });
  }
  return answer;
}
