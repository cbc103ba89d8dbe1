import { afterEach, describe, expect, it } from 'vitest';
import { evidenceFixture, serveCanned, sourceErrorOfRead, TEST_FETCH_OPTIONS, type CannedServer } from '../../test/evidence-server.js';
import { safeGet } from './http.js';
import type { HttpGet, SourceToRead } from './adapter.js';
import { plainVkText, readVkWall, vkWallOf } from './formats/vk.js';
import { SourceError } from './source-error.js';
import { vkAdapter } from './vk-adapter.js';

const TOKEN = 'vk1.a.ServiceToken_abcdef0123456789';
const source = (target: string, token: string | null = TOKEN): SourceToRead => ({ id: 's1', type: 'vk', url: null, target, token, state: {} });

let server: CannedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function readWith(answer: Parameters<typeof serveCanned>[0], target = 'club12345678', get: HttpGet = safeGet) {
  server = await serveCanned(answer);
  return vkAdapter({ apiUrl: `${server.url}/`, get })(source(target), TEST_FETCH_OPTIONS);
}

const errorOf = sourceErrorOfRead;

describe('vkWallOf', () => {
  it('reads a community id in every form VK writes it, and anything else as a short name', () => {
    for (const target of ['-123', 'club123', 'public123', '123', 'Club123', 'event123']) expect(vkWallOf(target)).toEqual({ ownerId: '-123' });
    expect(vkWallOf('czn_ekb')).toEqual({ domain: 'czn_ekb' });
    expect(vkWallOf('club_czn')).toEqual({ domain: 'club_czn' });
  });
});

describe('vkAdapter against a recorded wall.get', () => {
  it('asks wall.get for the community’s own 100 newest posts with the service token and API version', async () => {
    await readWith(() => ({ body: evidenceFixture('vk/wall-get.json') }));
    const [request] = server!.requests;
    expect(request!.pathname).toBe('/method/wall.get');
    expect(Object.fromEntries(request!.searchParams)).toEqual({
      owner_id: '-12345678',
      filter: 'owner',
      offset: '0',
      count: '100',
      access_token: TOKEN,
      v: '5.199',
    });
    await server!.close();
    server = undefined;
    await readWith(() => ({ body: evidenceFixture('vk/wall-get.json') }), 'czn_ekb');
    expect(server!.requests[0]!.searchParams.get('domain')).toBe('czn_ekb');
    expect(server!.requests[0]!.searchParams.has('owner_id')).toBe(false);
  });

  it('turns the wall into posts: links, titles, dates and reach; ads left out; a repost keeps its own text', async () => {
    const reading = await readWith(() => ({ body: evidenceFixture('vk/wall-get.json') }));
    expect(reading.notModified).toBe(false);
    expect(reading.posts.map((p) => p.externalId)).toEqual(['-12345678_1180', '-12345678_1203', '-12345678_1202', '-12345678_1201', '-12345678_1199']);
    const [pinned, fair, repost, commented, poll] = reading.posts;
    expect(fair).toEqual({
      externalId: '-12345678_1203',
      url: 'https://vk.com/wall-12345678_1203',
      title: 'Ярмарка вакансий 25 ноября',
      text: 'Ярмарка вакансий 25 ноября\nПриглашаем соискателей на ярмарку вакансий в Доме молодёжи. Начало в 11:00.\n#ярмарка@czn_ekb',
      publishedAt: '2026-11-24T07:00:00.000Z',
      reach: { views: 1870, likes: 31, reposts: 5, comments: 2 },
    });
    expect(pinned!.title).toBe('Как записаться на консультацию: памятка');
    expect(pinned!.publishedAt).toBe('2026-11-05T09:00:00.000Z');
    // A repost with no words of its own is the original's text; one with its own words keeps them.
    expect(repost!.title).toBe('Минтруд: новые меры поддержки молодых специалистов с 1 декабря');
    expect(repost!.url).toBe('https://vk.com/wall-12345678_1202');
    expect(commented!.title).toBe('Делимся новостью партнёров 👇');
    expect(poll!.title).toBe('Опрос: Какие профессии вам интересны?');
    expect(poll!.text).toBe('');
    expect(poll!.reach).toEqual({ views: 1105, likes: 20, reposts: 3, comments: 6 });
  });

  it('reads at most two pages of 100, and each post once though the pinned one comes again', async () => {
    const template = JSON.parse(evidenceFixture('vk/wall-get.json').toString()).response.items[1];
    const pinned = { ...template, id: 9999, is_pinned: 1 };
    const pages: number[] = [];
    const reading = await readWith((url) => {
      const offset = Number(url.searchParams.get('offset'));
      pages.push(offset);
      const items = Array.from({ length: 100 }, (_, i) => ({ ...template, id: 5000 - offset - i, date: template.date - (offset + i) * 3600 }));
      if (offset === 0) items[0] = pinned;
      if (offset === 100) items[50] = pinned;
      return { body: JSON.stringify({ response: { count: 1000, items } }) };
    });
    expect(pages).toEqual([0, 100]);
    expect(reading.posts).toHaveLength(199);
    expect(new Set(reading.posts.map((p) => p.externalId)).size).toBe(199);
  });

  it('stops after the last page a wall has', async () => {
    const reading = await readWith(() => ({ body: evidenceFixture('vk/wall-get.json') }));
    expect(server!.requests).toHaveLength(1);
    expect(reading.posts).toHaveLength(5);
  });

  it.each([
    [5, 'token_invalid', {}],
    [6, 'rate_limited', {}],
    [15, 'access_denied', {}],
    [29, 'rate_limited', {}],
    [100, 'api_error', { message: 'One of the parameters specified was missing or invalid: owner_id is undefined' }],
  ] as const)('VK error %i is %s', async (code, expected, params) => {
    const error = await errorOf(readWith(() => ({ body: evidenceFixture(`vk/error-${code}.json`) })));
    expect(error.code).toBe(expected);
    expect(error.params).toEqual({ code, ...params });
  });

  it('says what is wrong with an answer that is no VK answer', async () => {
    expect((await errorOf(readWith(() => ({ status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' })))).params).toEqual({ status: 502 });
    const whole = evidenceFixture('vk/wall-get.json');
    const cut = await errorOf(readWith(() => ({ body: whole.subarray(0, 1000) })));
    expect([cut.code, cut.params.reason]).toEqual(['malformed', 'truncated']);
    expect(cut.params.line).toBeGreaterThan(20);
    const unexpected = await errorOf(readWith(() => ({ body: '{"response":{"count":1}}' })));
    expect([unexpected.code, unexpected.params]).toEqual(['malformed', { reason: 'unexpected_answer' }]);
    const latin = await errorOf(readWith(() => ({ body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) })));
    expect([latin.code, latin.params]).toEqual(['encoding', { charset: 'utf-8' }]);
  });

  it('never repeats the token in an error, whatever the GET reports', async () => {
    const failing: HttpGet = async (url) => {
      throw new SourceError('unreachable', { url });
    };
    const error = await errorOf(readWith(() => ({ body: '' }), 'club1', failing));
    expect(error.code).toBe('unreachable');
    expect(JSON.stringify(error.params)).not.toContain('ServiceToken');
    expect(error.message).not.toContain('ServiceToken');
    expect(String(error.params.url)).toContain('access_token=***');
  });

  it('goes through the guarded GET: a loopback API address is refused unless private addresses are allowed', async () => {
    server = await serveCanned(() => ({ body: evidenceFixture('vk/wall-get.json') }));
    const read = vkAdapter({ apiUrl: server.url, get: safeGet })(source('club1'), { ...TEST_FETCH_OPTIONS, allowPrivate: false });
    expect((await errorOf(read)).code).toBe('private_address');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a source without a token as an invalid token', async () => {
    const error = await errorOf(vkAdapter({ apiUrl: 'http://127.0.0.1:9', get: safeGet })(source('club1', null), TEST_FETCH_OPTIONS));
    expect(error.code).toBe('token_invalid');
  });
});

describe('readVkWall', () => {
  it('titles a silent repost of a photo by the photo, leaves out what is not published, and gives no figure VK did not', () => {
    const item = { owner_id: -1, from_id: -1, date: 1795500000, post_type: 'post', text: '' };
    const body = Buffer.from(
      JSON.stringify({
        response: {
          count: 4,
          items: [
            { ...item, id: 1, attachments: [], copy_history: [{ ...item, owner_id: -2, id: 9, attachments: [{ type: 'photo', photo: { id: 1 } }] }] },
            { ...item, id: 2, post_type: 'postpone', text: 'Отложенный' },
            { ...item, id: 3, date: undefined, text: 'Без даты' },
            { ...item, id: 4, text: 'Старый пост', likes: { count: 3 } },
          ],
        },
      }),
    );
    const page = readVkWall(body);
    expect(page.items).toBe(4);
    expect(page.posts.map((p) => [p.externalId, p.title, p.reach])).toEqual([
      ['-1_1', 'Фото', { views: null, likes: null, reposts: null, comments: null }],
      ['-1_4', 'Старый пост', { views: null, likes: 3, reposts: null, comments: null }],
    ]);
  });

  it('keeps a token out of the message VK reported', () => {
    const body = Buffer.from(JSON.stringify({ error: { error_code: 100, error_msg: `bad access_token ${TOKEN}` } }));
    expect(() => readVkWall(body, TOKEN)).toThrow(expect.objectContaining({ params: { code: 100, message: 'bad access_token ***' } }));
  });
});

describe('plainVkText', () => {
  it('shows mentions and links with words as VK shows them', () => {
    expect(plainVkText('Спасибо [club1|ЦЗН] и [id5|Анне]! [https://czn.example.org/a|Подробнее]')).toBe('Спасибо ЦЗН и Анне! Подробнее');
    expect(plainVkText('[не ссылка|слова] и [club|x]')).toBe('[не ссылка|слова] и [club|x]');
  });
});
