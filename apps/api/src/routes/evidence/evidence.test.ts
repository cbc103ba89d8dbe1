import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, useOtherApp, useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { feedFixture } from '../../../test/evidence-feeds.js';
import { damagedUtf8, evidenceFixture } from '../../../test/evidence-server.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';
import { readDueSources } from '../../evidence/scheduler.js';

// The evidence API end to end: the real adapters read a local HTTP server on 127.0.0.1 that serves
// recorded formats (the app is configured to allow private addresses, as tests must).

const NOW = new Date('2026-11-27T09:00:00Z');
const SECRET_KEY = Buffer.alloc(32, 7);
const TOKEN = 'vk1.a.SECRET-SERVICE-TOKEN-never-answered';
const ETAG = '"wp-1"';

/** What the local site answers on each path; `conditional` off ignores If-None-Match (a server without ETags). */
interface Site {
  server: Server;
  base: string;
  requests: string[];
  conditional: boolean;
  handlers: Map<string, (request: IncomingMessage, response: ServerResponse) => void>;
}

async function startSite(): Promise<Site> {
  const site: Site = { server: undefined as unknown as Server, base: '', requests: [], conditional: true, handlers: new Map() };
  site.server = createServer((request, response) => {
    site.requests.push(request.url ?? '');
    const handler = site.handlers.get(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (handler) return handler(request, response);
    if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname === '/feed/') {
      if (site.conditional && request.headers['if-none-match'] === ETAG) return response.writeHead(304, { ETag: ETAG }).end();
      return response.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=UTF-8', ...(site.conditional && { ETag: ETAG }) }).end(feedFixture('wordpress-rss2.xml'));
    }
    if (request.url === '/broken/') return response.writeHead(500).end('oops');
    if (request.url === '/truncated/') return response.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(feedFixture('truncated.xml'));
    return response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.server.listen(0, '127.0.0.1', resolve));
  site.base = `http://127.0.0.1:${(site.server.address() as AddressInfo).port}`;
  return site;
}

async function stopSite(site: Site | undefined): Promise<void> {
  if (!site) return;
  site.server.closeAllConnections();
  await new Promise((resolve) => site.server.close(resolve));
}

// One local site for the whole file: the apps' configuration points the VK and Telegram APIs at it.
const site = await startSite();
afterAll(() => stopSite(site));

describe.each(testDatabases())('evidence sources through the API on $name', ({ open }) => {
  const config = { now: () => NOW, fetchAllowPrivate: true, secretKey: SECRET_KEY, fetchTimeoutMs: 5000, vkApiUrl: site.base, telegramApiUrl: site.base };
  const ctx = useTestApp(open, config);
  // The same database, served by a process that has no RITM_SECRET_KEY.
  const keyless = useOtherApp(ctx, { ...config, secretKey: undefined });
  let orgId: string;
  let website: string;
  let vkChannel: string;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;
  let director: Record<string, string>;

  beforeAll(async () => {
    orgId = (await createOrg(ctx.database, { kind: 'employment_center', timezone: 'Europe/Moscow' })).id;
    for (const role of ['editor', 'viewer', 'director'] as const) {
      await addMember(ctx.database, (await createUser(ctx.database, `${role}@sources.test`)).id, orgId, role);
    }
    [editor, viewer, director] = (await Promise.all(['editor', 'viewer', 'director'].map((role) => login(ctx.app, `${role}@sources.test`)))) as [typeof editor, typeof viewer, typeof director];
    website = (await call('POST', '/channels', { type: 'website', name: 'Сайт' })).json().id;
    vkChannel = (await call('POST', '/channels', { type: 'vk', name: 'ВКонтакте' })).json().id;
  });
  function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = editor, app = ctx.app) {
    return app.inject({ method, url: `/api/orgs/${orgId}${url}`, headers, ...(payload && { payload }) });
  }
  const item = async (id: string) => (await call('GET', `/items/${id}`)).json();

  describe('sources', () => {
    it('are added, listed, changed and deleted by those who keep the catalogue; tokens never come back', async () => {
      expect((await call('POST', `/channels/${website}/sources`, { type: 'feed', url: `${site.base}/feed/` }, viewer)).statusCode).toBe(403);
      const created = await call('POST', `/channels/${vkChannel}/sources`, { type: 'vk', community: 'club123', token: TOKEN, name: 'Группа' });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ type: 'vk', target: 'club123', hasToken: true, intervalMinutes: 30, nextFetchAt: NOW.toISOString(), lastError: null, postCount: 0, version: 1 });
      const id = created.json().id as string;
      const stored = await ctx.database.db.selectFrom('evidence_sources').select('token_sealed').where('id', '=', id).executeTakeFirstOrThrow();
      expect(stored.token_sealed).not.toContain('SECRET');

      const renamed = await call('PATCH', `/channels/${vkChannel}/sources/${id}`, { name: 'Группа центра', token: `${TOKEN}-2`, version: 1 });
      expect(renamed.json()).toMatchObject({ name: 'Группа центра', version: 2, hasToken: true });
      expect((await call('PATCH', `/channels/${vkChannel}/sources/${id}`, { name: 'x', version: 1 })).statusCode).toBe(409);
      const wrongField = await call('PATCH', `/channels/${vkChannel}/sources/${id}`, { url: 'https://example.org/feed', version: 2 });
      expect(wrongField.json().error.details).toEqual([{ path: 'body.url', message: 'не относится к источнику этого типа' }]);

      const answers = [
        created.body,
        renamed.body,
        (await call('GET', `/channels/${vkChannel}/sources`)).body,
        (await call('GET', '/evidence/sources', undefined, viewer)).body,
        (await call('GET', `/audit`, undefined, director)).body,
      ];
      for (const body of answers) expect(body).not.toContain('SECRET');

      expect((await call('DELETE', `/channels/${vkChannel}/sources/${id}?version=2`, undefined, viewer)).statusCode).toBe(403);
      expect((await call('DELETE', `/channels/${vkChannel}/sources/${id}?version=2`)).statusCode).toBe(204);
      expect((await call('GET', `/channels/${vkChannel}/sources`)).json().sources).toEqual([]);
    });

    it('refuses a feed address that holds a password, or that no parser reads, naming body.url, and keeps nothing (found by a probe)', async () => {
      const en = { ...editor, 'accept-language': 'en' };
      const secret = await call('POST', `/channels/${website}/sources`, { type: 'feed', url: 'https://reader:secret@example.org/feed' }, en);
      expect(secret.statusCode).toBe(400);
      expect(secret.json().error.details).toEqual([{ path: 'body.url', message: 'must not hold a user name or password: everyone who sees the source would read them' }]);
      const unreadable = await call('POST', `/channels/${website}/sources`, { type: 'feed', url: 'http://[' }, en);
      expect(unreadable.statusCode).toBe(400);
      expect(unreadable.json().error.details).toEqual([{ path: 'body.url', message: 'expected: an address starting with http:// or https://' }]);
      const kinds = await call('POST', `/channels/${website}/sources`, { type: 'feed', url: 'ftp://example.org/feed' }, en);
      expect(kinds.json().error.details.map((d: { path: string }) => d.path)).toEqual(['body.url']);
      const fine = await call('POST', `/channels/${website}/sources`, { type: 'feed', url: 'https://example.org/feed' });
      expect(fine.statusCode).toBe(201);
      const patched = await call('PATCH', `/channels/${website}/sources/${fine.json().id}`, { url: 'https://a:b@example.org/feed', version: 1 }, en);
      expect(patched.json().error.details).toEqual([{ path: 'body.url', message: expect.stringMatching(/^must not hold a user name/) }]);
      const listed = (await call('GET', `/channels/${website}/sources`)).body;
      expect(listed).not.toContain('secret');
      // An address stored before the rule keeps reading, and shows without its password.
      await ctx.database.db.updateTable('evidence_sources').set({ url: 'https://reader:s3cret@example.org/feed' }).where('id', '=', fine.json().id).execute();
      const shown = (await call('GET', `/channels/${website}/sources`)).json().sources.find((s: { id: string }) => s.id === fine.json().id);
      expect(shown.url).toBe('https://***@example.org/feed');
      const renamed = await call('PATCH', `/channels/${website}/sources/${fine.json().id}`, { name: 'Лента', version: 1 });
      expect(renamed.statusCode, renamed.body).toBe(200);
      for (const body of [renamed.body, (await call('GET', '/evidence/sources')).body, (await call('GET', '/audit', undefined, director)).body]) {
        expect(body).not.toContain('s3cret');
        expect(body).not.toContain('reader');
      }
      expect((await call('DELETE', `/channels/${website}/sources/${fine.json().id}?version=2`)).statusCode).toBe(204);
    });

    it('refuses a token source without RITM_SECRET_KEY, saying so in Russian and English; other sources still work', async () => {
      const body = { type: 'telegram_bot', chat: '@czn_sokol', token: '123456:SECRET' };
      const ru = await call('POST', `/channels/${vkChannel}/sources`, body, editor, keyless.app);
      expect(ru.statusCode).toBe(409);
      expect(ru.json().error).toMatchObject({ code: 'evidence_source_secret_key_missing', message: expect.stringContaining('RITM_SECRET_KEY') });
      const en = await call('POST', `/channels/${vkChannel}/sources`, body, { ...editor, 'accept-language': 'en' }, keyless.app);
      expect(en.json().error.message).toMatch(/^The server has no encryption key/);
      expect((await call('POST', `/channels/${website}/sources`, { type: 'stats_csv' }, editor, keyless.app)).statusCode).toBe(201);
    });
  });

  describe('reading a WordPress feed', () => {
    let sourceId: string;
    let fair: { id: string; version: number };
    let benefits: { id: string; version: number };

    beforeAll(async () => {
      // Planned a day after the fair's post, with a title the post shares; and one by its link.
      fair = (await call('POST', '/items', { kind: 'publication', title: 'Ярмарка вакансий «Работа рядом»', at: '2026-11-20', channelIds: [website] })).json();
      benefits = (await call('POST', '/items', { kind: 'publication', title: 'Памятка о пособии', at: '2026-11-16', channelIds: [website], url: 'https://czn-sokol.example/2026/11/kak-poluchit-posobie' })).json();
      sourceId = (await call('POST', `/channels/${website}/sources`, { type: 'feed', url: `${site.base}/feed/`, name: 'Сайт центра' })).json().id;
    });

    it('proves two planned items and puts the third post in review as an unplanned publication', async () => {
      const read = await call('POST', `/channels/${website}/sources/${sourceId}/fetch`);
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json()).toMatchObject({ notModified: false, read: 3, matched: 2, unplanned: 1, updated: 0, unknownRows: [] });
      expect(read.json().source).toMatchObject({ lastSuccessAt: NOW.toISOString(), lastError: null, postCount: 3, nextFetchAt: '2026-11-27T09:30:00.000Z' });
      // Published at the post's instant, moved to its local day, with its link: confirmed evidence.
      expect(await item(fair.id)).toMatchObject({
        status: 'published',
        at: '2026-11-19',
        publishedAt: '2026-11-19T07:30:00.000Z',
        url: 'https://czn-sokol.example/2026/11/yarmarka-vakansij-rabota-ryadom/',
        confirmed: true,
        // The feed gives comments only (slash:comments): the other figures stay as they were.
        comments: 3,
        views: null,
        reachReadAt: NOW.toISOString(),
        version: fair.version + 1,
      });
      expect(await item(benefits.id)).toMatchObject({ status: 'published', at: '2026-11-17', confirmed: true });
      const review = (await call('GET', '/evidence/review', undefined, viewer)).json();
      expect(review.pending).toBe(3);
      const byTitle = new Map(review.posts.map((p: { title: string }) => [p.title, p]));
      expect(byTitle.get('Итоги работы за октябрь')).toMatchObject({ state: 'unplanned', localDay: '2026-11-02', item: { status: 'published' }, reason: null, may: { review: false } });
      expect(review.posts.find((p: { item: { id: string } }) => p.item.id === benefits.id)).toMatchObject({ state: 'matched', reason: { by: 'link' } });
      expect(review.posts.find((p: { item: { id: string } }) => p.item.id === fair.id)).toMatchObject({ reason: { by: 'date_title', days: -1 } });
      // Plain text only: the feed's HTML never reaches an answer.
      expect(JSON.stringify(review.posts)).not.toMatch(/<\/?(p|a|script|img)\b/);
    });

    it('reads again without the ETag: only reach changes, no item version moves; with it, 304 changes nothing', async () => {
      site.conditional = false;
      const again = await call('POST', `/channels/${website}/sources/${sourceId}/fetch`);
      site.conditional = true;
      expect(again.json()).toMatchObject({ notModified: false, read: 3, matched: 0, unplanned: 0, updated: 3 });
      expect(await item(fair.id)).toMatchObject({ version: fair.version + 1 });
      // The server gave no ETag that time, so this read is a whole one again (and keeps the new ETag).
      const whole = await call('POST', `/channels/${website}/sources/${sourceId}/fetch`);
      expect(whole.json()).toMatchObject({ notModified: false, read: 3, matched: 0, unplanned: 0, updated: 3 });
      const notModified = await call('POST', `/channels/${website}/sources/${sourceId}/fetch`);
      expect(notModified.json()).toMatchObject({ notModified: true, read: 0, updated: 0 });
      expect(await item(fair.id)).toMatchObject({ version: fair.version + 1 });
      expect((await call('GET', '/evidence/review')).json().pending).toBe(3);
      expect(site.requests.filter((url) => url === '/feed/').length).toBeGreaterThanOrEqual(4);
    });

    it('a second source of the channel reading the same posts (the site\'s feed at another address) only brings their reach up to date', async () => {
      const itemsBefore = (await call('GET', '/items?from=2026-10-01&to=2026-12-31')).json().items.length;
      const mirror = (await call('POST', `/channels/${website}/sources`, { type: 'feed', url: `${site.base}/feed/?mirror=1`, name: 'Зеркало ленты' })).json().id;
      const read = await call('POST', `/channels/${website}/sources/${mirror}/fetch`);
      expect(read.json()).toMatchObject({ notModified: false, read: 3, matched: 0, unplanned: 0, updated: 3 });
      expect((await call('GET', '/items?from=2026-10-01&to=2026-12-31')).json().items.length).toBe(itemsBefore);
      expect((await call('GET', '/evidence/review')).json().pending).toBe(3);
      expect(await item(fair.id)).toMatchObject({ version: fair.version + 1 });
      expect((await call('DELETE', `/channels/${website}/sources/${mirror}?version=${read.json().source.version}`)).statusCode).toBe(204);
    });

    it('answers a failure with 422 in the caller’s language, keeps it as the last error and writes nothing else', async () => {
      const broken = (await call('POST', `/channels/${website}/sources`, { type: 'feed', url: `${site.base}/broken/` })).json().id;
      const truncated = (await call('POST', `/channels/${website}/sources`, { type: 'feed', url: `${site.base}/truncated/` })).json().id;
      const posts = async () => (await ctx.database.db.selectFrom('evidence_posts').select('id').where('org_id', '=', orgId).execute()).length;
      const before = await posts();
      const ru = await call('POST', `/channels/${website}/sources/${broken}/fetch`);
      expect(ru.statusCode).toBe(422);
      expect(ru.json().error).toEqual({ code: 'evidence_source_http_status', message: 'Сервер ответил ошибкой HTTP 500' });
      const en = await call('POST', `/channels/${website}/sources/${truncated}/fetch`, undefined, { ...editor, 'accept-language': 'en' });
      expect(en.json().error).toMatchObject({ code: 'evidence_source_malformed', message: expect.stringMatching(/^The content is cut short \(line \d+, column \d+\): it arrived or was saved incomplete$/) });
      expect(await posts()).toBe(before);
      const listed = (await call('GET', `/channels/${website}/sources`, undefined, { ...editor, 'accept-language': 'en' })).json().sources;
      expect(listed.find((s: { id: string }) => s.id === broken)).toMatchObject({
        lastError: { code: 'http_status', message: 'The server answered with HTTP error 500', at: NOW.toISOString() },
        lastSuccessAt: null,
        // Thirty minutes, doubled after one failure.
        nextFetchAt: '2026-11-27T10:00:00.000Z',
      });
      // A source read by upload is not fetched, and the reverse.
      const csv = (await call('POST', `/channels/${website}/sources`, { type: 'stats_csv' })).json().id;
      expect((await call('POST', `/channels/${website}/sources/${csv}/fetch`)).json().error.code).toBe('evidence_source_not_fetched');
      const upload = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels/${website}/sources/${broken}/upload`, headers: { ...editor, 'content-type': 'text/csv' }, payload: 'a;b' });
      expect(upload.json().error.code).toBe('evidence_source_not_uploaded');
    });
  });

  describe('VK, Telegram and uploads', () => {
    let vk: string;
    let telegram: string;
    let fair: { id: string; version: number };
    let vkSource: string;
    const upload = (channel: string, source: string, body: string | Buffer, contentType: string, headers = editor) =>
      ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels/${channel}/sources/${source}/upload`, headers: { ...headers, 'content-type': contentType }, payload: body });

    beforeAll(async () => {
      vk = (await call('POST', '/channels', { type: 'vk', name: 'Группа ВКонтакте' })).json().id;
      telegram = (await call('POST', '/channels', { type: 'telegram', name: 'Канал Telegram' })).json().id;
      fair = (await call('POST', '/items', { kind: 'post', title: 'Ярмарка вакансий 25 ноября', at: '2026-11-25', channelIds: [vk] })).json();
      vkSource = (await call('POST', `/channels/${vk}/sources`, { type: 'vk', community: 'club12345678', token: TOKEN })).json().id;
    });

    it('reads a VK wall as wall.get answers it: the fair post proves the planned item with its views', async () => {
      let asked: URL | undefined;
      site.handlers.set('/method/wall.get', (request, response) => {
        asked = new URL(request.url!, site.base);
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(evidenceFixture('vk/wall-get.json'));
      });
      const read = await call('POST', `/channels/${vk}/sources/${vkSource}/fetch`);
      expect(read.statusCode, read.body).toBe(200);
      // Six posts, an advertisement among them left out.
      expect(read.json()).toMatchObject({ read: 5, matched: 1, unplanned: 4 });
      expect(asked?.searchParams.get('owner_id')).toBe('-12345678');
      expect(asked?.searchParams.get('access_token')).toBe(TOKEN);
      expect(await item(fair.id)).toMatchObject({ status: 'published', at: '2026-11-24', url: 'https://vk.com/wall-12345678_1203', views: 1870, reachReadAt: NOW.toISOString(), confirmed: true });
      expect(read.body).not.toContain('SECRET');
    });

    it('answers VK’s error objects as the source’s errors: an expired token, too many requests', async () => {
      for (const [fixture, code] of [
        ['vk/error-5.json', 'evidence_source_token_invalid'],
        ['vk/error-6.json', 'evidence_source_rate_limited'],
      ] as const) {
        site.handlers.set('/method/wall.get', (_request, response) => response.writeHead(200, { 'Content-Type': 'application/json' }).end(evidenceFixture(fixture)));
        const failed = await call('POST', `/channels/${vk}/sources/${vkSource}/fetch`);
        expect(failed.statusCode).toBe(422);
        expect(failed.json().error.code).toBe(code);
        expect(failed.body).not.toContain('SECRET');
      }
      expect(await item(fair.id)).toMatchObject({ views: 1870 });
    });

    it('reads a Telegram channel through the bot’s getUpdates, keeping the offset for the next read', async () => {
      const bot = (await call('POST', `/channels/${telegram}/sources`, { type: 'telegram_bot', chat: '@czn_ekb', token: '123456:SECRET-bot' })).json().id;
      site.handlers.set('/bot123456:SECRET-bot/getUpdates', (_request, response) => response.writeHead(200, { 'Content-Type': 'application/json' }).end(evidenceFixture('telegram/get-updates.json')));
      const read = await call('POST', `/channels/${telegram}/sources/${bot}/fetch`);
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json().read).toBeGreaterThan(0);
      const state = await ctx.database.db.selectFrom('evidence_sources').select('state').where('id', '=', bot).executeTakeFirstOrThrow();
      expect(state.state.offset).toEqual(expect.any(Number));
      const posts = (await call('GET', `/evidence/review?channelId=${telegram}`)).json().posts as Array<{ url: string }>;
      // Only the configured channel's posts: the other channel's post the bot sees is left out.
      expect(posts.every((p) => p.url === null || p.url.startsWith('https://t.me/czn_ekb/'))).toBe(true);
      site.handlers.set('/bot123456:SECRET-bot/getUpdates', (_request, response) => response.writeHead(401, { 'Content-Type': 'application/json' }).end(evidenceFixture('telegram/unauthorized.json')));
      const failed = await call('POST', `/channels/${telegram}/sources/${bot}/fetch`, undefined, { ...editor, 'accept-language': 'en' });
      expect(failed.json().error).toMatchObject({ code: 'evidence_source_token_invalid', message: 'The token is wrong, expired or revoked: give a new one' });
      expect(failed.body).not.toContain('SECRET');
    });

    it('lets one bot token feed one source only: the Bot API gives a bot\'s updates out once, whichever chat they come from', async () => {
      const other = (await call('POST', '/channels', { type: 'telegram', name: 'Второй канал' })).json().id;
      const same = await call('POST', `/channels/${other}/sources`, { type: 'telegram_bot', chat: '@czn_ekb_news', token: '123456:SECRET-bot' });
      expect(same.statusCode).toBe(409);
      expect(same.json().error).toMatchObject({ code: 'evidence_bot_token_in_use', message: expect.stringMatching(/^Этот бот уже читает другой канал/) });
      const own = (await call('POST', `/channels/${other}/sources`, { type: 'telegram_bot', chat: '@czn_ekb_news', token: '654321:SECRET-other' })).json();
      const taking = await call('PATCH', `/channels/${other}/sources/${own.id}`, { token: '123456:SECRET-bot', version: own.version });
      expect(taking.json().error.code).toBe('evidence_bot_token_in_use');
      // Its own token again is no conflict.
      expect((await call('PATCH', `/channels/${other}/sources/${own.id}`, { token: '654321:SECRET-other', version: own.version })).statusCode).toBe(200);
    });

    it('reads an uploaded Telegram Desktop export, and refuses an export of another kind writing nothing', async () => {
      const exportChannel = (await call('POST', '/channels', { type: 'telegram', name: 'Канал (выгрузка)' })).json().id;
      const source = (await call('POST', `/channels/${exportChannel}/sources`, { type: 'telegram_export', username: '@czn_ekb' })).json().id;
      const read = await upload(exportChannel, source, evidenceFixture('telegram/export-channel.json'), 'application/json');
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json()).toMatchObject({ matched: 0, updated: 0 });
      expect(read.json().unplanned).toBe(read.json().read);
      const posts = (await call('GET', `/evidence/review?channelId=${exportChannel}`)).json().posts as Array<{ url: string; title: string }>;
      expect(posts.length).toBe(read.json().read);
      expect(posts.some((p) => p.url?.startsWith('https://t.me/czn_ekb/'))).toBe(true);
      // The same file again: only reach.
      expect((await upload(exportChannel, source, evidenceFixture('telegram/export-channel.json'), 'application/json')).json()).toMatchObject({ matched: 0, unplanned: 0, updated: read.json().read });
      const personal = await upload(exportChannel, source, evidenceFixture('telegram/export-personal-chat.json'), 'application/json');
      expect(personal.statusCode).toBe(422);
      expect(personal.json().error.code).toBe('evidence_source_wrong_kind');
      expect((await call('GET', `/evidence/review?channelId=${exportChannel}`)).json().posts.length).toBe(posts.length);
      expect((await upload(exportChannel, source, '', 'application/json')).statusCode).toBe(400);
      // A BOM and spaces alone are an empty file too, not one cut short.
      const blank = await upload(exportChannel, source, Buffer.from('\ufeff  \n\t '), 'application/json');
      expect([blank.statusCode, blank.json().error.details]).toEqual([400, [{ path: 'body', message: 'Файл пуст: отправьте его содержимое телом запроса' }]]);
    });

    it('reads an export of 4,000 posts: more rows than one statement can carry as parameters, answered 503 before (found by a probe)', async () => {
      const exportChannel = (await call('POST', '/channels', { type: 'telegram', name: 'Канал (большая выгрузка)' })).json().id;
      const source = (await call('POST', `/channels/${exportChannel}/sources`, { type: 'telegram_export', username: '@czn_big' })).json().id;
      // 21 columns an item: past 3,120 rows one insert would need more than 65,535 parameters.
      const count = 4000;
      // One post a minute back from 2026-11-27 08:00 UTC: every one dated after the source's month began and before now.
      const start = Date.parse('2026-11-27T08:00:00Z') / 1000;
      const messages = Array.from({ length: count }, (_, i) => ({ id: i + 1, type: 'message', date_unixtime: String(start - i * 60), text: `Пост ${i + 1}` }));
      const read = await upload(exportChannel, source, JSON.stringify({ name: 'x', type: 'public_channel', id: 1, messages }), 'application/json');
      expect(read.statusCode, read.body.slice(0, 500)).toBe(200);
      expect(read.json()).toMatchObject({ read: count, unplanned: count, matched: 0 });
      expect((await call('GET', `/evidence/review?channelId=${exportChannel}`)).json().pending).toBe(count);
      const items = await ctx.database.db.selectFrom('evidence_posts').select((eb) => eb.fn.count<number>('item_id').as('n')).where('source_id', '=', source).executeTakeFirstOrThrow();
      expect(Number(items.n)).toBe(count);
    }, 60_000);

    it('stores what another system sent only as PostgreSQL can keep it, and only posts that can be (found by a probe)', async () => {
      const exportChannel = (await call('POST', '/channels', { type: 'telegram', name: 'Канал (неровная выгрузка)' })).json().id;
      const source = (await call('POST', `/channels/${exportChannel}/sources`, { type: 'telegram_export', username: '@czn_odd' })).json().id;
      const body = JSON.stringify({
        name: 'ЦЗН',
        type: 'public_channel',
        messages: [
          { id: 20, type: 'message', date_unixtime: '1795600700', text: 'Пост \u0000 с NUL и половиной эмодзи \ud83d' },
          // The year 2999, outside what any item may be dated; and a message id Telegram never gives.
          { id: 21, type: 'message', date_unixtime: 32503000000, text: 'Из будущего' },
          { id: -5, type: 'message', date_unixtime: '1795600800', text: 'Отрицательный номер' },
        ],
      });
      const read = await upload(exportChannel, source, body, 'application/json');
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json()).toMatchObject({ read: 1, unplanned: 1 });
      const posts = (await call('GET', `/evidence/review?channelId=${exportChannel}`)).json().posts as Array<{ url: string; title: string }>;
      expect(posts.map((p) => [p.url, p.title])).toEqual([['https://t.me/czn_odd/20', 'Пост с NUL и половиной эмодзи \ufffd']]);
      // What the error quotes of the file is kept as the source's last error, storable and short.
      const odd = await upload(exportChannel, source, JSON.stringify({ name: 'x', type: `чат\u0000${'я'.repeat(5000)}`, messages: [] }), 'application/json');
      expect(odd.statusCode, odd.body).toBe(422);
      expect(odd.json().error.code).toBe('evidence_source_wrong_kind');
      const kept = (await call('GET', '/evidence/sources')).json().sources.find((s: { id: string }) => s.id === source);
      expect(kept.lastError.code).toBe('wrong_kind');
      expect(kept.lastError.message.length).toBeLessThan(500);
      expect(kept.lastError.message).not.toContain('\u0000');
    });

    it('takes reach statistics as CSV: rows naming known posts update them and their items, unknown rows are reported, a bad row writes nothing', async () => {
      const stats = (await call('POST', `/channels/${vk}/sources`, { type: 'stats_csv' })).json().id;
      const csv = 'Дата;Ссылка;Просмотры;Нравится;Репосты;Комментарии\n24.11.2026;https://vk.com/wall-12345678_1203;2500;40;6;3\n10.11.2026;https://vk.com/wall-1_999;5;0;0;0\n';
      const read = await upload(vk, stats, csv, 'text/csv');
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json()).toMatchObject({ read: 2, matched: 0, unplanned: 0, updated: 1, unknownRows: [3] });
      expect(await item(fair.id)).toMatchObject({ views: 2500, likes: 40, reposts: 6, comments: 3, version: fair.version + 1 });
      const bad = await upload(vk, stats, 'Дата;Ссылка;Просмотры;Нравится;Репосты;Комментарии\n24.11.2026;https://vk.com/wall-12345678_1203;3000;41;6;3\n24.11.2026;https://vk.com/wall-12345678_1203;много;1;1;1\n', 'text/csv');
      expect(bad.statusCode).toBe(422);
      expect(bad.json().error).toMatchObject({ code: 'evidence_source_bad_row', message: expect.stringMatching(/^Строка 3, столбец «Просмотры»: значение не читается/) });
      expect(await item(fair.id)).toMatchObject({ views: 2500 });
      const atom = await upload(vk, stats, evidenceFixture('../evidence/feeds/atom.xml'), 'text/csv');
      expect(atom.statusCode).toBe(422);
    });

    it('refuses a statistics CSV whose heading, or a cell it reads, is not UTF-8: naming where, in the caller’s language, writing nothing', async () => {
      const stats = (await call('POST', `/channels/${vk}/sources`, { type: 'stats_csv' })).json().id;
      const before = await item(fair.id);
      const en = { ...editor, 'accept-language': 'en' };
      // Read without its lost heading, the file would have set the likes and left the views out.
      const heading = damagedUtf8('Дата;Ссылка;Просм\xffтры;Нравится\n24.11.2026;https://vk.com/wall-12345678_1203;9000;90\n');
      const headingRu = await upload(vk, stats, heading, 'text/csv');
      expect(headingRu.statusCode).toBe(422);
      expect(headingRu.json().error).toMatchObject({
        code: 'evidence_source_encoding',
        message: 'Строка 1, столбец C: в заголовке байты не в кодировке UTF-8 (на их месте «�»: «Просм\uFFFDтры»), и неясно, что в этом столбце: сохраните файл заново в UTF-8; ничего не загружено',
      });
      expect((await upload(vk, stats, heading, 'text/csv', en)).json().error.message).toBe(
        'Row 1, column C: the heading holds bytes that are not valid UTF-8 (shown as "�": "Просм\uFFFDтры"), so what the column holds is unknown: save the file again as UTF-8; nothing was loaded',
      );
      const cell = damagedUtf8('Дата;Ссылка;Просмотры;Нравится\n24.11.2026;https://vk.com/wall-12345678_1203;9000;90\n25.11.2026;https://vk.com/wall-12345678_1203\xff;9100;91\n');
      const cellRu = await upload(vk, stats, cell, 'text/csv');
      expect(cellRu.statusCode).toBe(422);
      expect(cellRu.json().error).toMatchObject({
        code: 'evidence_source_bad_row',
        message: 'Строка 3, столбец «Ссылка»: в значении байты не в кодировке UTF-8 (на их месте «�»: «https://vk.com/wall-12345678_1203\uFFFD»): сохраните файл заново в UTF-8; ничего не загружено',
      });
      const cellEn = await upload(vk, stats, cell, 'text/csv', en);
      expect(cellEn.json().error.message).toBe(
        'Row 3, column "Ссылка": the value holds bytes that are not valid UTF-8 (shown as "�": "https://vk.com/wall-12345678_1203\uFFFD"): save the file again as UTF-8; nothing was loaded',
      );
      expect(await item(fair.id)).toMatchObject({ views: before.views, likes: before.likes, version: before.version });
    });

    it('refuses uploads and reads to whoever may not edit items', async () => {
      const stats = (await call('POST', `/channels/${vk}/sources`, { type: 'stats_csv' })).json().id;
      expect((await upload(vk, stats, 'a;b\n', 'text/csv', viewer)).statusCode).toBe(403);
      expect((await call('POST', `/channels/${vk}/sources/${vkSource}/fetch`, undefined, viewer)).statusCode).toBe(403);
    });
  });

  describe('the scheduler', () => {
    it('reads each due source once when two API processes run it on one database', async () => {
      const org = (await createOrg(ctx.database, { kind: 'employment_center' })).id;
      const channel = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org}/channels`, headers: await adminOf(org), payload: { type: 'website', name: 'Сайт' } })).json().id;
      // The site serves both databases' runs: each run's paths are its own.
      const paths = Array.from({ length: 6 }, (_, i) => `/slow/${org}/${i}/`);
      for (const path of paths) {
        site.handlers.set(path, (_request, response) => {
          setTimeout(() => response.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(feedFixture('wordpress-rss2.xml')), 150);
        });
        const created = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org}/channels/${channel}/sources`, headers: await adminOf(org), payload: { type: 'feed', url: `${site.base}${path}` } });
        expect(created.statusCode, created.body).toBe(201);
      }
      const second = await buildTestApp(ctx.database, config);
      const log = { error: (payload: object, message: string) => console.error(message, payload) };
      const a = () => readDueSources(ctx.app.evidence, { leaseMs: 60_000, log });
      const b = () => readDueSources(second.evidence, { leaseMs: 60_000, log });
      try {
        // Other tests' sources are due too: count this organisation's.
        const [readA, readB] = await Promise.all([a(), b()]);
        expect(readA + readB).toBeGreaterThanOrEqual(6);
        for (const path of paths) expect(site.requests.filter((url) => url === path), path).toHaveLength(1);
        const sources = await ctx.database.db.selectFrom('evidence_sources').select(['last_success_at', 'lease_until', 'next_fetch_at']).where('org_id', '=', org).execute();
        expect(sources.every((s) => s.last_success_at !== null && s.lease_until === null)).toBe(true);
        // Nothing is due any more until the interval has passed.
        expect(await a()).toBe(0);
      } finally {
        await second.close();
      }
    });

    it('does not read an archived organisation, and its routes refuse writes', async () => {
      const source = (await call('POST', `/channels/${website}/sources`, { type: 'feed', url: `${site.base}/feed/` })).json();
      await ctx.database.db.updateTable('organisations').set({ archived_at: NOW }).where('id', '=', orgId).execute();
      try {
        const refused = await call('POST', `/channels/${website}/sources/${source.id}/fetch`);
        expect(refused.statusCode).toBe(409);
        expect(refused.json().error.code).toBe('org_archived');
        expect((await call('POST', `/channels/${website}/sources`, { type: 'stats_csv' })).statusCode).toBe(409);
        const due = await ctx.database.db.selectFrom('evidence_sources').select('id').where('org_id', '=', orgId).where('next_fetch_at', '<=', NOW).execute();
        expect(due.length).toBeGreaterThan(0);
        await readDueSources(ctx.app.evidence, { leaseMs: 60_000, log: { error: () => {} } });
        const after = await ctx.database.db.selectFrom('evidence_sources').select(['id', 'last_fetched_at']).where('id', 'in', due.map((d) => d.id)).execute();
        expect(after.every((s) => s.last_fetched_at === null || new Date(s.last_fetched_at).getTime() <= NOW.getTime())).toBe(true);
        expect(after.find((s) => s.id === source.id)?.last_fetched_at).toBeNull();
      } finally {
        await ctx.database.db.updateTable('organisations').set({ archived_at: null }).where('id', '=', orgId).execute();
      }
    });
  });

  describe('closing the server', () => {
    it('aborts a scheduled read in flight and lets its source go, without waiting for the answer', async () => {
      const org = (await createOrg(ctx.database, { kind: 'employment_center' })).id;
      const channel = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org}/channels`, headers: await adminOf(org), payload: { type: 'website', name: 'Сайт' } })).json().id;
      let arrived = false;
      site.handlers.set('/hangs/', () => {
        arrived = true;
      });
      const source = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org}/channels/${channel}/sources`, headers: await adminOf(org), payload: { type: 'feed', url: `${site.base}/hangs/` } })).json();
      // The app works jobs; the per-minute read is sent now rather than waited for.
      const running = await buildTestApp(ctx.database, { ...config, jobs: true });
      await running.jobs.send('evidence.read-due', {});
      const waited = Date.now();
      while (!arrived && Date.now() - waited < 20_000) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(arrived).toBe(true);
      const closing = Date.now();
      await running.close();
      // The fetch timeout is 5 s: closing did not wait for it.
      expect(Date.now() - closing).toBeLessThan(3000);
      const row = await ctx.database.db.selectFrom('evidence_sources').select(['lease_until', 'last_fetched_at', 'last_error']).where('id', '=', source.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ lease_until: null, last_fetched_at: null, last_error: null });
    });
  });

  const admins = new Map<string, Record<string, string>>();
  async function adminOf(org: string): Promise<Record<string, string>> {
    const known = admins.get(org);
    if (known) return known;
    const email = `admin-${org.slice(0, 8)}@sources.test`;
    await addMember(ctx.database, (await createUser(ctx.database, email)).id, org, 'admin');
    const session = await login(ctx.app, email);
    admins.set(org, session);
    return session;
  }
});
