import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FetchedPost } from './evidence-source.js';
import type { KnownPost, MatchItem, MatchPost } from './evidence-match.js';
import { MATCH_RULE, matchPosts, normalisePostUrl, planIngest, postLocalDay, provenItemAt } from './evidence-match.js';
import { ITEM_STATUSES, statusClass } from './item.js';
import { daysBetween, fromDayNumber, MINUTE_MS, toDayNumber } from './local-date.js';
import { localDateOfItemDate, startOfLocalDate } from './time-zone.js';

// Russia's extremes (UTC+2 and UTC+12), the zones between, and two with summer time, so that a
// local day of 23 or 25 hours is crossed too.
const ZONES = ['Europe/Kaliningrad', 'Europe/Moscow', 'Asia/Yekaterinburg', 'Asia/Novosibirsk', 'Asia/Vladivostok', 'Asia/Kamchatka', 'Europe/Berlin', 'America/New_York'];
const ORIGIN = toDayNumber('2026-03-27'); // Europe's clocks change on the 29th, New York's earlier
const DAYS = 4;
const CHANNELS = ['site', 'vk'];
// Few words and few addresses, so that titles are often alike and links often equal.
const WORDS = ['Ярмарка', 'ярмарку', 'вакансий', 'вакансии', 'Новые', 'меры', 'поддержки', 'День', 'открытых', 'дверей', '12', 'марта', 'молодёжи', 'для', 'приглашаем', 'на'];
const URLS = ['https://czn.ru/news/1', 'http://www.czn.ru/news/1/', 'https://czn.ru/news/2?utm_source=vk', 'https://vk.com/czn?w=wall-1_7', 'https://m.vk.com/wall-1_7', 'https://t.me/s/czn/5'];

// Titles an organisation plans and posts; posts often repeat one, more or less reworded.
const TITLES = ['Ярмарка вакансий 12 марта', 'Приглашаем на ярмарку вакансий!', 'Новые меры поддержки', 'День открытых дверей', 'Ярмарка вакансий для молодёжи'];
const titleArb = fc.oneof(fc.constantFrom(...TITLES), fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 5 }).map((w) => w.join(' ')));
const urlArb = fc.option(fc.constantFrom(...URLS), { freq: 2 });
const dayArb = fc.integer({ min: 0, max: DAYS - 1 });
// A local minute of the day, often within minutes of midnight, where a zone's day differs from UTC's.
const minuteArb = fc.oneof(fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 24 * 60 - 5, max: 24 * 60 - 1 }));

function instantAt(day: number, minute: number, timeZone: string): string {
  return new Date(startOfLocalDate(fromDayNumber(ORIGIN + day), timeZone) + minute * MINUTE_MS).toISOString();
}

const postArb = fc.record({
  externalId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
  url: urlArb,
  title: titleArb,
  text: titleArb,
  day: dayArb,
  minute: minuteArb,
  views: fc.nat({ max: 1000 }),
});

const itemArb = fc.record({
  channelIds: fc.subarray(CHANNELS),
  title: titleArb,
  url: urlArb,
  day: dayArb,
  // A day, a wall-clock time, or an instant: provenItemAt handles each.
  at: fc.constantFrom('date', 'wall', 'instant'),
  status: fc.constantFrom(...ITEM_STATUSES),
  linked: fc.boolean(),
});

const scenarioArb = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    channelId: fc.constantFrom(...CHANNELS),
    posts: fc.array(postArb, { maxLength: 12 }),
    items: fc.array(itemArb, { maxLength: 12 }),
  })
  .map(({ timeZone, channelId, posts, items }) => {
    const fetched = posts.map(
      (p): FetchedPost => ({
        externalId: p.externalId,
        url: p.url,
        title: p.title,
        text: p.text,
        publishedAt: instantAt(p.day, p.minute, timeZone),
        reach: { views: p.views, likes: null, reposts: null, comments: null },
      }),
    );
    const ats = new Map<string, string>();
    const matchItems = items.map((it, i): MatchItem => {
      const date = fromDayNumber(ORIGIN + it.day);
      const at = it.at === 'date' ? date : it.at === 'wall' ? `${date}T10:00` : instantAt(it.day, 600, timeZone);
      ats.set(`i${i}`, at);
      return { id: `i${i}`, channelIds: it.channelIds, title: it.title, url: it.url, localDay: localDateOfItemDate(at, timeZone) as string, status: it.status, linked: it.linked };
    });
    return { timeZone, channelId, posts: fetched, items: matchItems, ats };
  });

function asMatchPosts(posts: readonly FetchedPost[], channelId: string): MatchPost[] {
  // matchPosts takes distinct keys: the index makes them so.
  return posts.map((p, i) => ({ key: `${i}`, channelId, url: p.url, title: p.title, text: p.text, publishedAt: p.publishedAt }));
}

function eligible(post: MatchPost, item: MatchItem): boolean {
  return item.channelIds.includes(post.channelId) && !item.linked && statusClass(item.status) !== 'void';
}

function sameLink(post: MatchPost, item: MatchItem): boolean {
  return post.url !== null && item.url !== null && normalisePostUrl(post.url) === normalisePostUrl(item.url);
}

describe('matchPosts (properties)', () => {
  it('links a post to at most one item and an item to at most one post, each allowed and explained', () => {
    fc.assert(
      fc.property(scenarioArb, ({ timeZone, channelId, posts, items }) => {
        const matchPostsIn = asMatchPosts(posts, channelId);
        const matches = matchPosts(matchPostsIn, items, { timeZone });
        expect(new Set(matches.map((m) => m.postKey)).size).toBe(matches.length);
        expect(new Set(matches.map((m) => m.itemId)).size).toBe(matches.length);
        for (const m of matches) {
          const post = matchPostsIn[Number(m.postKey)] as MatchPost;
          const item = items.find((i) => i.id === m.itemId) as MatchItem;
          expect(eligible(post, item)).toBe(true);
          if (m.reason.by === 'link') {
            expect(sameLink(post, item)).toBe(true);
          } else if (m.reason.by === 'date_title') {
            expect(m.reason.days).toBe(daysBetween(item.localDay, postLocalDay(post.publishedAt, timeZone)));
            expect(Math.abs(m.reason.days)).toBeLessThanOrEqual(MATCH_RULE.maxDays);
            expect(m.reason.similarity).toBeGreaterThanOrEqual(MATCH_RULE.minSimilarity);
            expect(m.reason.words.length).toBeGreaterThan(0);
          } else {
            expect.unreachable('the rule never links manually');
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('lets a link beat a title: a post and an item with the same link are each linked by link', () => {
    fc.assert(
      fc.property(scenarioArb, ({ timeZone, channelId, posts, items }) => {
        const matchPostsIn = asMatchPosts(posts, channelId);
        const matches = matchPosts(matchPostsIn, items, { timeZone });
        const ofPost = new Map(matches.map((m) => [m.postKey, m]));
        const ofItem = new Map(matches.map((m) => [m.itemId, m]));
        for (const post of matchPostsIn) {
          for (const item of items) {
            if (!eligible(post, item) || !sameLink(post, item)) continue;
            // Either the post went to an item by link, or the item was taken by another post's link.
            const linkedPost = ofPost.get(post.key)?.reason.by === 'link';
            const linkedItem = ofItem.get(item.id)?.reason.by === 'link';
            expect(linkedPost || linkedItem).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('planIngest (properties)', () => {
  it('reading a batch again plans only reach updates, as reading it once did', () => {
    fc.assert(
      fc.property(scenarioArb, ({ timeZone, channelId, posts, items }) => {
        const first = planIngest({ channelId, posts, known: [], items, timeZone });
        // What the service stores: each new post, its item (an unplanned one gets a new item).
        const known: KnownPost[] = [
          ...first.matched.map((m) => ({ id: `post-${m.post.externalId}`, externalId: m.post.externalId, state: 'matched' as const, itemId: m.itemId })),
          ...first.unplanned.map((u) => ({ id: `post-${u.post.externalId}`, externalId: u.post.externalId, state: 'unplanned' as const, itemId: `new-${u.post.externalId}` })),
        ];
        const provedIds = new Set(first.matched.map((m) => m.itemId));
        const after = items.map((item) => (provedIds.has(item.id) ? { ...item, linked: true } : item));
        for (const itemsAgain of [after, items]) {
          const second = planIngest({ channelId, posts, known, items: itemsAgain, timeZone });
          expect(second.matched).toEqual([]);
          expect(second.unplanned).toEqual([]);
          const stored = new Map(known.map((k) => [k.externalId, k]));
          const written = [...first.matched.map((m) => m.post), ...first.unplanned.map((u) => u.post)];
          expect(second.reachUpdates).toHaveLength(written.length);
          for (const update of second.reachUpdates) {
            const before = stored.get(update.post.externalId) as KnownPost;
            expect(update.postId).toBe(before.id);
            expect(update.itemId).toBe(before.itemId);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('plans a batch read twice in one go as the batch read once', () => {
    fc.assert(
      fc.property(scenarioArb, ({ timeZone, channelId, posts, items }) => {
        const once = planIngest({ channelId, posts, known: [], items, timeZone });
        const twice = planIngest({ channelId, posts: [...posts, ...posts], known: [], items, timeZone });
        expect(twice).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });

  it("moves a proved item to the post's local day in the organisation's zone", () => {
    fc.assert(
      fc.property(scenarioArb, ({ timeZone, channelId, posts, items, ats }) => {
        const plan = planIngest({ channelId, posts, known: [], items, timeZone });
        for (const m of plan.matched) {
          expect(m.localDay).toBe(postLocalDay(m.post.publishedAt, timeZone));
          const at = provenItemAt(ats.get(m.itemId) as string, m.post.publishedAt, timeZone);
          expect(localDateOfItemDate(at, timeZone)).toBe(m.localDay);
        }
        for (const u of plan.unplanned) expect(u.localDay).toBe(postLocalDay(u.post.publishedAt, timeZone));
      }),
      { numRuns: 300 },
    );
  });
});

describe('provenItemAt (properties)', () => {
  it("gives every item the post's local day, in every zone, near midnight too", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: -400, max: 400 }),
        fc.oneof(fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 24 * 60 - 2, max: 24 * 60 - 1 })),
        fc.constantFrom('2026-01-10', '2026-06-30T09:00', '2026-12-31T23:59:00+12:00'),
        (timeZone, day, minute, itemAt) => {
          const start = startOfLocalDate(fromDayNumber(ORIGIN + day), timeZone);
          // A day clocks change on has 23 or 25 hours: the minute is kept inside it.
          const length = startOfLocalDate(fromDayNumber(ORIGIN + day + 1), timeZone) - start;
          const publishedAt = new Date(start + Math.min(minute * MINUTE_MS, length - MINUTE_MS)).toISOString();
          const at = provenItemAt(itemAt, publishedAt, timeZone);
          expect(localDateOfItemDate(at, timeZone)).toBe(fromDayNumber(ORIGIN + day));
          // A day stays a day; a time becomes the post's instant.
          expect(at.length === 10).toBe(itemAt.length === 10);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('normalisePostUrl (properties)', () => {
  const segment = fc.stringMatching(/^[a-z0-9а-я_-]{1,8}$/);
  it('gives one address whatever the scheme, www./m., trailing slash, fragment and utm_* parameters', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('czn.ru', 'vk.com', 'zakupki.example'),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        fc.option(fc.tuple(fc.constantFrom('p', 'id', 'lang'), segment)),
        fc.constantFrom('http', 'https', 'HTTPS'),
        fc.constantFrom('', 'www.', 'm.'),
        fc.boolean(),
        fc.option(segment),
        fc.array(fc.tuple(fc.constantFrom('utm_source', 'utm_medium', 'utm_campaign'), segment), { maxLength: 2 }),
        (host, path, param, scheme, prefix, slash, fragment, tracking) => {
          const query = [...(param === null ? [] : [param]), ...tracking].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
          const plain = `https://${host}/${path.join('/')}${param === null ? '' : `?${param[0]}=${encodeURIComponent(param[1])}`}`;
          const dressed = `${scheme}://${prefix}${host}/${path.join('/')}${slash ? '/' : ''}${query === '' ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`;
          expect(normalisePostUrl(dressed)).toBe(normalisePostUrl(plain));
        },
      ),
      { numRuns: 300 },
    );
  });
});
