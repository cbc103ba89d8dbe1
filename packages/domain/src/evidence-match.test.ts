import { describe, expect, it } from 'vitest';
import type { FetchedPost, ReachRow } from './evidence-source.js';
import type { MatchItem, MatchPost } from './evidence-match.js';
import {
  MATCH_RULE,
  matchPosts,
  nextReadAt,
  normalisePostUrl,
  planIngest,
  postLocalDay,
  provenItemAt,
  resolveReachRows,
  samePost,
  unplannedFrom,
  stemWord,
  titleSimilarity,
  titleWords,
} from './evidence-match.js';

const ZONE = 'Asia/Yekaterinburg';
const NO_REACH = { views: null, likes: null, reposts: null, comments: null };

function post(key: string, over: Partial<MatchPost> = {}): MatchPost {
  return { key, channelId: 'site', url: null, title: '', text: '', publishedAt: '2026-03-12T06:00:00Z', ...over };
}

function item(id: string, over: Partial<MatchItem> = {}): MatchItem {
  return { id, channelIds: ['site'], title: '', url: null, localDay: '2026-03-12', status: 'planned', linked: false, ...over };
}

function fetched(externalId: string, over: Partial<FetchedPost> = {}): FetchedPost {
  return { externalId, url: null, title: '', text: '', publishedAt: '2026-03-12T06:00:00Z', reach: NO_REACH, ...over };
}

describe('normalisePostUrl', () => {
  it('ignores the scheme, www. and m., a trailing slash, the fragment and utm_* parameters', () => {
    const same = [
      'https://czn.ru/news/yarmarka',
      'http://www.czn.ru/news/yarmarka/',
      'https://m.czn.ru/news/yarmarka#comments',
      'HTTPS://CZN.RU/news/yarmarka?utm_source=vk&utm_medium=social',
    ];
    expect(new Set(same.map(normalisePostUrl))).toEqual(new Set(['czn.ru/news/yarmarka']));
  });

  it('keeps the parameters that name the page, in one order', () => {
    expect(normalisePostUrl('https://czn.ru/?p=12&lang=ru&utm_campaign=x')).toBe(normalisePostUrl('https://czn.ru/?lang=ru&p=12'));
    expect(normalisePostUrl('https://czn.ru/?p=12')).not.toBe(normalisePostUrl('https://czn.ru/?p=13'));
  });

  it('folds a VK post opened over a page and the Telegram web preview into the post itself', () => {
    expect(normalisePostUrl('https://vk.com/czn_ekb?w=wall-123_45')).toBe('vk.com/wall-123_45');
    expect(normalisePostUrl('https://m.vk.com/wall-123_45')).toBe('vk.com/wall-123_45');
    expect(normalisePostUrl('https://t.me/s/czn_ekb/120')).toBe(normalisePostUrl('https://t.me/czn_ekb/120'));
    expect(normalisePostUrl('https://telegram.me/czn_ekb/120')).toBe('t.me/czn_ekb/120');
    expect(normalisePostUrl('https://t.me/czn_ekb/120?single')).toBe('t.me/czn_ekb/120');
    expect(normalisePostUrl('https://t.me/czn_ekb/120?embed=1')).toBe('t.me/czn_ekb/120');
  });

  it('keeps the path as written (paths are case-sensitive) and returns non-URLs trimmed', () => {
    expect(normalisePostUrl('https://czn.ru/News')).not.toBe(normalisePostUrl('https://czn.ru/news'));
    // A Cyrillic path as typed, and escaped in either case, is one address.
    const escaped = ['https://czn.ru/новости/ярмарка', 'https://czn.ru/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/%D1%8F%D1%80%D0%BC%D0%B0%D1%80%D0%BA%D0%B0', 'https://czn.ru/%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8/%d1%8f%d1%80%d0%bc%d0%b0%d1%80%d0%ba%d0%b0'];
    expect(new Set(escaped.map(normalisePostUrl)).size).toBe(1);
    expect(normalisePostUrl('  not a url ')).toBe('not a url');
  });
});

describe('title words', () => {
  it('fold the forms a Russian word takes', () => {
    expect(['ярмарка', 'ярмарку', 'ярмарки', 'ярмаркой'].map(stemWord)).toEqual(['ярмарк', 'ярмарк', 'ярмарк', 'ярмарк']);
    expect(['вакансий', 'вакансии', 'вакансия'].map(stemWord)).toEqual(['ваканс', 'ваканс', 'ваканс']);
    expect(['новые', 'новых', 'новый'].map(stemWord)).toEqual(['нов', 'нов', 'нов']);
  });

  it('are lower case with ё as е, without punctuation, stop words or repeats, numbers kept', () => {
    expect(titleWords('Приглашаем на ярмарку вакансий 12 марта!').map((w) => w.stem)).toEqual(['приглаша', 'ярмарк', 'ваканс', '12', 'март']);
    expect(titleWords('Ёлка для всех, ёлка — в центре!').map((w) => w.stem)).toEqual(['елк', 'центр']);
  });

  it('keep how each word was written, for the explanation', () => {
    expect(titleWords('Ярмарка «Вакансий»').map((w) => w.written)).toEqual(['Ярмарка', 'Вакансий']);
  });
});

describe('titleSimilarity', () => {
  it('is the share of the item title words the post has', () => {
    expect(titleSimilarity('Ярмарка вакансий 12 марта', 'Приглашаем на ярмарку вакансий 12 марта!', '')).toEqual({
      similarity: 1,
      words: ['Ярмарка', 'вакансий', '12', 'марта'],
    });
    expect(titleSimilarity('Новые меры поддержки', 'Приглашаем на ярмарку вакансий 12 марта!', '')).toEqual({ similarity: 0, words: [] });
  });

  it('counts the beginning of the post text beside its title', () => {
    const text = 'Центр занятости проводит ярмарку вакансий для выпускников 12 марта. ' + 'Слово '.repeat(50) + 'поддержки';
    expect(titleSimilarity('Ярмарка вакансий 12 марта', 'Анонс', text).similarity).toBe(1);
    // «поддержки» comes after the first MATCH_RULE.leadWords words: it does not count.
    expect(titleSimilarity('Меры поддержки', 'Анонс', text).similarity).toBe(0);
  });

  it('does not let a short post prove a longer item title', () => {
    expect(titleSimilarity('Ярмарка вакансий для выпускников колледжей', 'Ярмарка вакансий', '').similarity).toBeLessThan(MATCH_RULE.minSimilarity);
  });

  it('asks for every word of a two-word title, two of three, three of four or five (MATCH_RULE.minSimilarity)', () => {
    const alike = (item: string, post: string) => titleSimilarity(item, post, '').similarity >= MATCH_RULE.minSimilarity;
    expect(alike('Ярмарка вакансий', 'Ярмарка профессий')).toBe(false);
    expect(alike('День открытых дверей', 'Открытых дверей день в ЦЗН')).toBe(true);
    expect(alike('День открытых дверей', 'День рождения центра')).toBe(false);
    expect(alike('Ярмарка вакансий 12 марта', 'Ярмарка вакансий в марте')).toBe(true);
    expect(alike('Ярмарка вакансий для выпускников колледжей 12 марта', 'Ярмарка вакансий 12 марта')).toBe(true);
  });

  it('gives nothing when both titles have numbers and none in common', () => {
    expect(titleSimilarity('Ярмарка вакансий 12 марта', 'Приглашаем на ярмарку вакансий 19 марта', '')).toEqual({ similarity: 0, words: [] });
    expect(titleSimilarity('Ярмарка вакансий 12 марта', 'Ярмарка вакансий 12.03', '').similarity).toBe(0.75);
    // Numbers in the text (a phone, an address) do not contradict: only the post's title is read for this.
    expect(titleSimilarity('Ярмарка вакансий 12 марта', 'Ярмарка вакансий', 'Телефон 2-14-56').similarity).toBe(0.5);
    expect(titleSimilarity('Ярмарка вакансий', 'Ярмарка вакансий 12 марта', '').similarity).toBe(1);
  });

  it('gives nothing for a title without meaningful words', () => {
    expect(titleSimilarity('и в на', 'и в на', '')).toEqual({ similarity: 0, words: [] });
  });
});

describe('matchPosts', () => {
  it('links a post to the item with its URL, whatever the day', () => {
    const answer = matchPosts(
      [post('p1', { url: 'https://www.czn.ru/news/1/?utm_source=tg', title: 'Совсем другое' })],
      [item('i1', { url: 'http://czn.ru/news/1', localDay: '2026-03-01' })],
      { timeZone: ZONE },
    );
    expect(answer).toEqual([{ postKey: 'p1', itemId: 'i1', reason: { by: 'link' } }]);
  });

  it('links by title within a day of the item, and says the days and the shared words', () => {
    const answer = matchPosts(
      [post('p1', { title: 'Приглашаем на ярмарку вакансий 12 марта!', publishedAt: '2026-03-11T06:00:00Z' })],
      [item('i1', { title: 'Ярмарка вакансий 12 марта' }), item('i2', { title: 'Новые меры поддержки' })],
      { timeZone: ZONE },
    );
    expect(answer).toEqual([
      { postKey: 'p1', itemId: 'i1', reason: { by: 'date_title', days: -1, similarity: 1, words: ['Ярмарка', 'вакансий', '12', 'марта'] } },
    ]);
  });

  it('does not link a post more than a day away from the item', () => {
    const answer = matchPosts(
      [post('p1', { title: 'Ярмарка вакансий 12 марта', publishedAt: '2026-03-10T06:00:00Z' })],
      [item('i1', { title: 'Ярмарка вакансий 12 марта' })],
      { timeZone: ZONE },
    );
    expect(answer).toEqual([]);
  });

  it('places the post on the local day of the organisation', () => {
    // 20:30 UTC on the 10th is the 11th in Yekaterinburg (UTC+5) and the 10th in Kaliningrad (UTC+2).
    const posts = [post('p1', { title: 'Ярмарка вакансий', publishedAt: '2026-03-10T20:30:00Z' })];
    const items = [item('i1', { title: 'Ярмарка вакансий', localDay: '2026-03-12' })];
    expect(matchPosts(posts, items, { timeZone: 'Asia/Yekaterinburg' })).toHaveLength(1);
    expect(matchPosts(posts, items, { timeZone: 'Europe/Kaliningrad' })).toEqual([]);
  });

  it('never links to a cancelled item, an item already proved, or an item on another channel', () => {
    const p = post('p1', { url: 'https://czn.ru/1', title: 'Ярмарка вакансий' });
    const base = { url: 'https://czn.ru/1', title: 'Ярмарка вакансий' };
    expect(matchPosts([p], [item('a', { ...base, status: 'cancelled' })], { timeZone: ZONE })).toEqual([]);
    expect(matchPosts([p], [item('b', { ...base, linked: true })], { timeZone: ZONE })).toEqual([]);
    expect(matchPosts([p], [item('c', { ...base, channelIds: ['vk'] })], { timeZone: ZONE })).toEqual([]);
    expect(matchPosts([p], [item('d', { ...base, status: 'published' })], { timeZone: ZONE })).toHaveLength(1);
  });

  it('takes the best pairs first: a link, then the more alike title, then the nearer day, then the order given', () => {
    const fair = 'Ярмарка вакансий 12 марта';
    // The link beats a perfect title.
    expect(
      matchPosts([post('p1', { url: 'https://czn.ru/a', title: fair })], [item('byTitle', { title: fair }), item('byLink', { url: 'https://czn.ru/a' })], { timeZone: ZONE })[0]?.itemId,
    ).toBe('byLink');
    // The more alike title wins, then the nearer day.
    expect(
      matchPosts([post('p1', { title: fair })], [item('three', { title: 'Ярмарка вакансий 14 марта' }), item('four', { title: fair })], { timeZone: ZONE })[0]?.itemId,
    ).toBe('four');
    expect(
      matchPosts([post('p1', { title: fair })], [item('far', { title: fair, localDay: '2026-03-13' }), item('near', { title: fair })], { timeZone: ZONE })[0]?.itemId,
    ).toBe('near');
    // Two posts, one item: the first post given takes it.
    expect(matchPosts([post('p1', { title: fair }), post('p2', { title: fair })], [item('i1', { title: fair })], { timeZone: ZONE })).toEqual([
      expect.objectContaining({ postKey: 'p1', itemId: 'i1' }),
    ]);
  });

  it('gives a second post the second item rather than nothing', () => {
    const fair = 'Ярмарка вакансий';
    const answer = matchPosts([post('p1', { title: fair }), post('p2', { title: fair })], [item('i1', { title: fair }), item('i2', { title: fair })], { timeZone: ZONE });
    expect(answer.map((m) => [m.postKey, m.itemId])).toEqual([
      ['p1', 'i1'],
      ['p2', 'i2'],
    ]);
  });
});

describe('planIngest', () => {
  const items = [item('fair', { title: 'Ярмарка вакансий 12 марта' }), item('support', { title: 'Новые меры поддержки', localDay: '2026-03-20' })];

  it('matches new posts, makes the rest unplanned, and says their local day', () => {
    const plan = planIngest({
      channelId: 'site',
      posts: [fetched('a', { title: 'Приглашаем на ярмарку вакансий 12 марта!', publishedAt: '2026-03-11T20:00:00Z' }), fetched('b', { title: 'С праздником!' })],
      known: [],
      items,
      timeZone: ZONE,
    });
    expect(plan.reachUpdates).toEqual([]);
    expect(plan.matched).toEqual([
      { post: expect.objectContaining({ externalId: 'a' }), itemId: 'fair', reason: expect.objectContaining({ by: 'date_title', days: 0 }), localDay: '2026-03-12' },
    ]);
    expect(plan.unplanned).toEqual([{ post: expect.objectContaining({ externalId: 'b' }), localDay: '2026-03-12' }]);
  });

  it('only updates the reach of posts read before, and keeps an ignored post off its item', () => {
    const plan = planIngest({
      channelId: 'site',
      posts: [fetched('a', { title: 'Ярмарка вакансий 12 марта' }), fetched('b')],
      known: [
        { id: 'post-a', externalId: 'a', state: 'matched', itemId: 'fair' },
        { id: 'post-b', externalId: 'b', state: 'ignored', itemId: 'old' },
      ],
      items,
      timeZone: ZONE,
    });
    expect(plan).toEqual({
      reachUpdates: [
        { postId: 'post-a', itemId: 'fair', post: expect.objectContaining({ externalId: 'a' }) },
        { postId: 'post-b', itemId: null, post: expect.objectContaining({ externalId: 'b' }) },
      ],
      matched: [],
      unplanned: [],
    });
  });

  it('keeps the last of two posts with one externalId (an edited message)', () => {
    const plan = planIngest({ channelId: 'site', posts: [fetched('a', { title: 'Черновик' }), fetched('a', { title: 'Ярмарка вакансий 12 марта' })], known: [], items, timeZone: ZONE });
    expect(plan.matched.map((m) => m.post.title)).toEqual(['Ярмарка вакансий 12 марта']);
    expect(plan.unplanned).toEqual([]);
  });

  it('does not prove again an item a known post already proves', () => {
    const plan = planIngest({
      channelId: 'site',
      posts: [fetched('new', { title: 'Ярмарка вакансий 12 марта' })],
      known: [{ id: 'post-a', externalId: 'a', state: 'confirmed', itemId: 'fair' }],
      items,
      timeZone: ZONE,
    });
    expect(plan.matched).toEqual([]);
    expect(plan.unplanned).toHaveLength(1);
  });
});

describe('samePost', () => {
  const at = '2026-11-20T07:00:00.000Z';
  it('is one publication when both addresses are one once normalised, whatever the times and titles', () => {
    expect(samePost({ url: 'https://t.me/czn_ekb/7', publishedAt: at, title: 'Ярмарка' }, { url: 'https://t.me/s/czn_ekb/7?single', publishedAt: '2026-11-20T07:05:00Z', title: 'Ярмарка вакансий' })).toBe(true);
    expect(samePost({ url: 'https://czn.ru/news/1', publishedAt: at, title: 'Ярмарка' }, { url: 'https://czn.ru/news/2', publishedAt: at, title: 'Ярмарка' })).toBe(false);
  });
  it('without an address on either side, needs the same instant and the same title', () => {
    expect(samePost({ url: null, publishedAt: at, title: 'Ярмарка  вакансий' }, { url: 'https://t.me/czn_ekb/7', publishedAt: '2026-11-20T10:00:00+03:00', title: 'ярмарка вакансий ' })).toBe(true);
    expect(samePost({ url: null, publishedAt: at, title: 'Ярмарка вакансий' }, { url: null, publishedAt: '2026-11-20T07:00:01Z', title: 'Ярмарка вакансий' })).toBe(false);
    expect(samePost({ url: null, publishedAt: at, title: 'Ярмарка вакансий' }, { url: null, publishedAt: at, title: 'Ярмарка профессий' })).toBe(false);
  });
});

describe('unplannedFrom', () => {
  it('starts at the first of the month the source was added in, on the organisation\'s calendar', () => {
    expect(unplannedFrom('2026-11-20T07:00:00.000Z', null, 'Europe/Moscow')).toBe('2026-11-01');
    // 21:30 UTC on 31 October is already 1 November in Kamchatka (UTC+12) but not in Kaliningrad (UTC+2).
    expect(unplannedFrom('2026-10-31T21:30:00.000Z', null, 'Asia/Kamchatka')).toBe('2026-11-01');
    expect(unplannedFrom('2026-10-31T21:30:00.000Z', null, 'Europe/Kaliningrad')).toBe('2026-10-01');
  });
  it('starts later when the channel itself starts later', () => {
    expect(unplannedFrom('2026-11-20T07:00:00.000Z', '2026-11-10', 'Europe/Moscow')).toBe('2026-11-10');
    expect(unplannedFrom('2026-11-20T07:00:00.000Z', '2025-01-01', 'Europe/Moscow')).toBe('2026-11-01');
  });
});

describe('provenItemAt', () => {
  it("moves a day-planned item to the post's local date in the organisation's zone", () => {
    expect(provenItemAt('2026-03-12', '2026-03-10T20:30:00Z', 'Europe/Moscow')).toBe('2026-03-10');
    expect(provenItemAt('2026-03-12', '2026-03-10T20:30:00Z', 'Asia/Kamchatka')).toBe('2026-03-11');
  });

  it("gives a time-planned item the post's instant", () => {
    expect(provenItemAt('2026-03-12T10:00', '2026-03-11T09:15:00+03:00', 'Europe/Moscow')).toBe('2026-03-11T06:15:00.000Z');
    expect(provenItemAt('2026-03-12T10:00:00+05:00', '2026-03-11T09:15:00Z', ZONE)).toBe('2026-03-11T09:15:00.000Z');
  });

  it('refuses a post time that is not an instant', () => {
    expect(() => provenItemAt('2026-03-12', '2026-03-11', ZONE)).toThrow(RangeError);
  });
});

describe('postLocalDay', () => {
  it('is the local date of the instant', () => {
    expect(postLocalDay('2026-11-15T14:30:00Z', 'Asia/Vladivostok')).toBe('2026-11-16');
  });
});

describe('nextReadAt', () => {
  it('waits the interval after a success and doubles it for each failure in a row, at most a day', () => {
    const at = '2026-11-20T10:00:00.000Z';
    expect(nextReadAt(at, 30, 0)).toBe('2026-11-20T10:30:00.000Z');
    expect(nextReadAt(at, 30, 1)).toBe('2026-11-20T11:00:00.000Z');
    expect(nextReadAt(at, 30, 3)).toBe('2026-11-20T14:00:00.000Z');
    expect(nextReadAt(at, 30, 20)).toBe('2026-11-21T10:00:00.000Z');
    expect(nextReadAt(at, 1440, 0)).toBe('2026-11-21T10:00:00.000Z');
  });
});

describe('resolveReachRows', () => {
  const reach = { views: 10, likes: 1, reposts: 0, comments: 2 };
  const row = (n: number, url: string | null, day: string | null): ReachRow => ({ row: n, url, day, reach });
  const posts = [
    { id: 'a', url: 'https://vk.com/wall-1_5', localDay: '2026-03-11' },
    { id: 'b', url: null, localDay: '2026-03-12' },
    { id: 'c', url: null, localDay: '2026-03-13' },
    { id: 'd', url: null, localDay: '2026-03-13' },
  ];

  it('resolves by normalised link, else by a day with exactly one post, and reports the rest', () => {
    const rows = [row(2, 'https://m.vk.com/czn?w=wall-1_5', null), row(3, null, '2026-03-12'), row(4, null, '2026-03-13'), row(5, 'https://vk.com/wall-1_9', null), row(6, null, null)];
    expect(resolveReachRows(rows, posts)).toEqual({
      resolved: [
        { postId: 'a', row: rows[0] },
        { postId: 'b', row: rows[1] },
      ],
      unknownRows: [rows[2], rows[3], rows[4]],
    });
  });

  it('falls back to the day when the link names no known post', () => {
    const rows = [row(2, 'https://vk.com/wall-1_9', '2026-03-12')];
    expect(resolveReachRows(rows, posts).resolved).toEqual([{ postId: 'b', row: rows[0] }]);
  });
});
