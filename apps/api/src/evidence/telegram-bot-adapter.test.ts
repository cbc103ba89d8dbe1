import { afterEach, describe, expect, it } from 'vitest';
import { evidenceFixture, serveCanned, sourceErrorOfRead, TEST_FETCH_OPTIONS, type CannedServer } from '../../test/evidence-server.js';
import { safeGet } from './http.js';
import type { HttpGet, SourceState, SourceToRead } from './adapter.js';
import { SourceError } from './source-error.js';
import { telegramBotAdapter } from './telegram-bot-adapter.js';

const TOKEN = '7312345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const source = (target: string, state: SourceState = {}): SourceToRead => ({ id: 's1', type: 'telegram_bot', url: null, target, token: TOKEN, state });

let server: CannedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function readWith(answer: Parameters<typeof serveCanned>[0], target = '@czn_ekb', state: SourceState = {}, options: { get?: HttpGet; maxPages?: number } = {}) {
  server = await serveCanned(answer);
  return telegramBotAdapter({ apiUrl: server.url, get: options.get ?? safeGet, maxPages: options.maxPages })(source(target, state), TEST_FETCH_OPTIONS);
}

async function errorOf(read: Promise<unknown>): Promise<SourceError> {
  const sourceError = await sourceErrorOfRead(read);
  // Stored as the source's last error and shown to editors: never the bot's token.
  expect(JSON.stringify({ params: sourceError.params, message: sourceError.message })).not.toContain(TOKEN);
  return sourceError;
}

describe('telegramBotAdapter against recorded getUpdates answers', () => {
  it('asks for waiting channel posts and their edits from the kept offset, the token in the path only', async () => {
    await readWith(() => ({ body: evidenceFixture('telegram/get-updates-empty.json') }), '@czn_ekb', { offset: 804512300 });
    const [request] = server!.requests;
    expect(request!.pathname).toBe(`/bot${TOKEN}/getUpdates`);
    expect(Object.fromEntries(request!.searchParams)).toEqual({
      offset: '804512300',
      limit: '100',
      timeout: '0',
      allowed_updates: '["channel_post","edited_channel_post"]',
    });
  });

  it('keeps the configured channel’s posts, an edit replacing its post, and the offset past every update read', async () => {
    const reading = await readWith(() => ({ body: evidenceFixture('telegram/get-updates.json') }), '@CZN_Ekb');
    expect(reading.posts.map((p) => p.externalId)).toEqual(['413', '412', '414', '415']);
    const edited = reading.posts.find((p) => p.externalId === '412');
    expect(edited).toEqual({
      externalId: '412',
      url: 'https://t.me/czn_ekb/412',
      title: 'Ярмарка вакансий 25 ноября — перенос на 12:00',
      text: 'Ярмарка вакансий 25 ноября — перенос на 12:00\nПриглашаем соискателей в Дом молодёжи. Подробности: https://czn.example.org/yarmarka',
      // An edit keeps the post's date: it was published then.
      publishedAt: '2026-11-24T06:00:00.000Z',
      reach: { views: null, likes: null, reposts: null, comments: null },
    });
    expect(reading.posts.map((p) => p.title)).toEqual(['Фоторепортаж с ярмарки вакансий', edited!.title, 'Видео', 'Опрос: Удобно ли вам время ярмарки?']);
    expect(reading.state).toEqual({ offset: 804512307, username: 'czn_ekb' });
    expect(reading.notModified).toBe(false);
  });

  it('reads an album (one message per photo, tied by media_group_id) as one post with its caption and its first message\'s link', async () => {
    const chat = { id: -1001712345678, title: 'ЦЗН Екатеринбург', username: 'czn_ekb', type: 'channel' };
    const photo = (id: number) => [{ file_id: `AgAC${id}`, file_unique_id: `AQAD${id}`, file_size: 1200, width: 90, height: 60 }];
    const album = (id: number, extra: object = {}) => ({ message_id: id, sender_chat: chat, chat, date: 1795510000, media_group_id: '13846523451234567', photo: photo(id), ...extra });
    const body = JSON.stringify({
      ok: true,
      result: [
        { update_id: 804512400, channel_post: album(420, { caption: 'Фоторепортаж: день открытых дверей', caption_entities: [{ offset: 0, length: 15, type: 'bold' }] }) },
        { update_id: 804512401, channel_post: album(421) },
        { update_id: 804512402, channel_post: album(422) },
        { update_id: 804512403, channel_post: { message_id: 423, sender_chat: chat, chat, date: 1795510100, text: 'Отдельный пост' } },
      ],
    });
    const reading = await readWith(() => ({ body }));
    expect(reading.posts.map((p) => [p.externalId, p.url, p.title])).toEqual([
      ['album:13846523451234567', 'https://t.me/czn_ekb/420', 'Фоторепортаж: день открытых дверей'],
      ['423', 'https://t.me/czn_ekb/423', 'Отдельный пост'],
    ]);
    // The caption may come on any message of the album.
    const late = JSON.stringify({ ok: true, result: [{ update_id: 1, channel_post: album(430) }, { update_id: 2, channel_post: album(431, { caption: 'Подпись на втором фото' }) }] });
    await server?.close();
    const second = await readWith(() => ({ body: late }));
    expect(second.posts.map((p) => [p.externalId, p.url, p.title])).toEqual([['album:13846523451234567', 'https://t.me/czn_ekb/430', 'Подпись на втором фото']]);
  });

  it('finds the channel by its numeric id as well', async () => {
    const reading = await readWith(() => ({ body: evidenceFixture('telegram/get-updates.json') }), '-1001712345678');
    expect(reading.posts.map((p) => p.externalId)).toEqual(['413', '412', '414', '415']);
    const other = await (async () => {
      await server!.close();
      return readWith(() => ({ body: evidenceFixture('telegram/get-updates.json') }), '-1001999999999');
    })();
    expect(other.posts.map((p) => p.url)).toEqual(['https://t.me/other_channel/88']);
  });

  it('keeps the offset and the name it had when nothing waits', async () => {
    const reading = await readWith(() => ({ body: evidenceFixture('telegram/get-updates-empty.json') }), '@czn_ekb', { offset: 42, username: 'czn_ekb' });
    expect(reading).toEqual({ notModified: false, posts: [], state: { offset: 42, username: 'czn_ekb' } });
  });

  it('a private channel’s posts have no public link', async () => {
    const body = evidenceFixture('telegram/get-updates.json').toString().replaceAll('"username": "czn_ekb", ', '');
    const reading = await readWith(() => ({ body }), '-1001712345678');
    expect(reading.posts.every((p) => p.url === null)).toBe(true);
    expect(reading.state).toEqual({ offset: 804512307 });
  });

  it('reads one page per fetch unless told more, each next page from the offset the last one reached', async () => {
    const template = JSON.parse(evidenceFixture('telegram/get-updates.json').toString()).result[0];
    const answer = (url: URL) => {
      const from = Number(url.searchParams.get('offset') ?? 1000);
      const result = Array.from({ length: from < 1200 ? 100 : 3 }, (_, i) => ({
        update_id: from + i,
        channel_post: { ...template.channel_post, message_id: from + i },
      }));
      return { body: JSON.stringify({ ok: true, result }) };
    };
    const one = await readWith(answer);
    expect(server!.requests).toHaveLength(1);
    expect(one.posts).toHaveLength(100);
    expect(one.state.offset).toBe(1100);
    await server!.close();
    const three = await readWith(answer, '@czn_ekb', {}, { maxPages: 5 });
    expect(server!.requests.map((r) => r.searchParams.get('offset'))).toEqual([null, '1100', '1200']);
    expect(three.posts).toHaveLength(203);
    expect(three.state.offset).toBe(1203);
  });

  it.each([
    ['unauthorized.json', 401, 'token_invalid', {}],
    ['forbidden.json', 403, 'access_denied', {}],
    ['too-many-requests.json', 429, 'rate_limited', { retryAfter: 35 }],
    ['conflict.json', 409, 'api_error', { code: 409, message: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" }],
  ] as const)('%s (HTTP %i) is %s', async (file, status, code, params) => {
    const error = await errorOf(readWith(() => ({ status, body: evidenceFixture(`telegram/${file}`) })));
    expect(error.code).toBe(code);
    expect(error.params).toEqual(params);
  });

  it('says what is wrong with an answer that is no Bot API answer', async () => {
    expect((await errorOf(readWith(() => ({ status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' })))).params).toEqual({ status: 502 });
    expect((await errorOf(readWith(() => ({ body: '{"ok":true,"result":[{"update_id":1,' })))).params).toEqual({ reason: 'truncated', line: 1, column: 37 });
    expect((await errorOf(readWith(() => ({ body: '{"ok":true}' })))).params).toEqual({ reason: 'unexpected_answer' });
  });

  it('never repeats the token, even when the GET reports the address it failed on', async () => {
    const failing: HttpGet = async (url) => {
      throw new SourceError('timeout', { url, after: 15_000 });
    };
    const error = await errorOf(readWith(() => ({ body: '' }), '@czn_ekb', {}, { get: failing }));
    expect(error.code).toBe('timeout');
    expect(String(error.params.url)).toContain('/bot***/getUpdates');
    const thrower: HttpGet = async (url) => {
      throw new Error(`socket hang up at ${url}`);
    };
    const plain = await readWith(() => ({ body: '' }), '@czn_ekb', {}, { get: thrower }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(plain?.message).toContain('/bot***/getUpdates');
    expect(plain?.message).not.toContain(TOKEN);
  });
});
