import { beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_ERROR_CODES, type FetchedPost, type SourceErrorCode } from '@ritm/domain/evidence-source';
import { render } from '../http/messages.js';
import { useTestApp } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../test/fixtures.js';
import type { FetchAdapter, SourceReading } from '../evidence/adapter.js';
import { parseFeed } from '../evidence/formats/feed.js';
import { SourceError } from '../evidence/source-error.js';
import { readSource, sourceErrorAnswer, sourceErrorMessage, type EvidenceReader } from './evidence.js';

// The service against a test double of the network only: the adapter hands back what a feed
// would have given. The formats themselves are their adapters' tests; the API end to end with real
// adapters on local servers is routes/evidence/evidence.test.ts.

const NOW = new Date('2026-11-25T09:00:00Z');
const reach = (views: number | null) => ({ views, likes: null, reposts: null, comments: null });
const post = (externalId: string, title: string, publishedAt: string, extra: Partial<FetchedPost> = {}): FetchedPost => ({
  externalId,
  url: `https://center.example.org/news/${externalId}`,
  title,
  text: title,
  publishedAt,
  reach: reach(null),
  ...extra,
});

describe('the messages of source errors', () => {
  it.each(SOURCE_ERROR_CODES)('words %s in Russian and English, every placeholder filled', (code) => {
    const message = sourceErrorMessage({ code, params: {} });
    const ru = render(message, 'ru');
    expect(ru).toMatch(/[а-яё]/i);
    expect(ru).not.toMatch(/[{}]/);
    expect(render(message, 'en')).not.toMatch(/[{}]/);
    expect(sourceErrorAnswer({ code, params: {} }).code).toBe(`evidence_source_${code}`);
  });

  it('fills in what the adapter said', () => {
    expect(render(sourceErrorMessage({ code: 'api_error', params: { code: 100, message: 'One of the parameters specified was missing or invalid' } }), 'en')).toBe(
      'The service answered with error 100: One of the parameters specified was missing or invalid',
    );
    expect(render(sourceErrorMessage({ code: 'bad_row', params: { row: 7, column: 'Просмотры' } }), 'ru')).toBe(
      'Строка 7, столбец «Просмотры»: значение не читается; ничего не загружено',
    );
  });

  it('says what the reader found, in the most exact wording its parameters fill, never a placeholder it lacks', () => {
    const ru = (code: SourceErrorCode, params: Record<string, string | number>) => render(sourceErrorMessage({ code, params }), 'ru');
    expect(ru('bad_row', { row: 7 })).toBe('Строка 7: значение не читается; ничего не загружено');
    expect(ru('malformed', { reason: 'not_a_feed', found: 'html' })).toMatch(/^По адресу веб-страница, а не лента/);
    expect(ru('malformed', { reason: 'syntax', line: 12, column: 5 })).toBe('Содержимое повреждено: ошибка в строке 12, столбце 5');
    expect(ru('malformed', { reason: 'syntax', line: 12 })).toBe('Содержимое повреждено: ошибка в строке 12');
    expect(ru('malformed', { reason: 'truncated', line: 40, column: 1 })).toMatch(/^Содержимое оборвано \(строка 40, столбец 1\)/);
    expect(ru('too_large', { maxBytes: 5 * 1_048_576 })).toMatch(/больше 5 МБ/);
    expect(ru('too_large', { maxRows: 50_000 })).toBe('В файле больше 50000 строк: разделите его на части');
    expect(ru('http_status', { status: 404 })).toMatch(/HTTP 404/);
    expect(ru('http_status', { status: 502 })).toBe('Сервер ответил ошибкой HTTP 502');
    expect(ru('unreachable', { host: 'czn.example', cause: 'ENOTFOUND' })).toBe('Сервер czn.example не найден: проверьте имя сайта в адресе');
    expect(ru('unreachable', { host: 'czn.example', cause: 'CERT_HAS_EXPIRED' })).toMatch(/czn\.example не отвечает \(CERT_HAS_EXPIRED\)/);
    expect(ru('wrong_kind', { found: 'personal_chat' })).toMatch(/личной переписки/);
    expect(ru('wrong_kind', { found: 'private_group' })).toMatch(/«private_group»/);
    expect(ru('encoding', { charset: 'windows-1251' })).toMatch(/кодировке windows-1251/);
    expect(ru('too_many_redirects', { scheme: 'ftp' })).toMatch(/ftp:/);
    for (const code of SOURCE_ERROR_CODES) {
      const cases: Array<Record<string, string | number>> = [{}, { row: 1 }, { found: 'x' }, { reason: 'syntax' }, { host: 'h' }, { code: 1 }, { status: 404 }, { cause: 'scheme' }];
      for (const params of cases) {
        for (const lang of ['ru', 'en'] as const) expect(render(sourceErrorMessage({ code, params }), lang)).not.toMatch(/[{}]|—[:,)»]/);
      }
    }
  });
});

describe.each(testDatabases())('reading evidence sources on $name', ({ open }) => {
  const ctx = useTestApp(open, { now: () => NOW });
  let orgId: string;
  let site: string;
  let editor: Record<string, string>;
  let sourceId: string;
  /** What the double gives on the next read. */
  let next: () => SourceReading = () => ({ notModified: false, posts: [], state: {} });
  const double: FetchAdapter = async () => next();
  const reader = (): EvidenceReader => ({ ...ctx.app.evidence, adapters: { fetch: { feed: double }, upload: {} } });
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => ctx.app.inject({ method, url: `/api/orgs/${orgId}${url}`, headers: editor, ...(payload && { payload }) });
  const item = async (id: string) => (await api('GET', `/items/${id}`)).json();
  const itemsOn = async (from: string, to: string) => (await api('GET', `/items?from=${from}&to=${to}`)).json().items as Array<Record<string, unknown>>;

  beforeAll(async () => {
    orgId = (await createOrg(ctx.database, { kind: 'employment_center', timezone: 'Europe/Moscow' })).id;
    const user = await createUser(ctx.database, 'editor@reading.test');
    await addMember(ctx.database, user.id, orgId, 'editor');
    editor = await login(ctx.app, 'editor@reading.test');
    site = (await api('POST', '/channels', { type: 'website', name: 'Сайт центра' })).json().id;
    sourceId = (await api('POST', `/channels/${site}/sources`, { type: 'feed', url: 'https://center.example.org/feed/' })).json().id;
  });

  it('matches posts to planned items, makes the rest unplanned items, and reading again only updates reach', async () => {
    const fair = (await api('POST', '/items', { kind: 'publication', title: 'Ярмарка вакансий для молодёжи', at: '2026-11-20', channelIds: [site] })).json().id;
    const course = (await api('POST', '/items', { kind: 'publication', title: 'Курсы переобучения', at: '2026-11-19T12:00:00+03:00', channelIds: [site], url: 'https://center.example.org/news/courses' })).json().id;
    next = () => ({
      notModified: false,
      state: { etag: '"v1"' },
      posts: [
        post('fair', 'Ярмарка вакансий для молодёжи прошла в центре', '2026-11-19T21:30:00Z', { reach: reach(120) }),
        post('courses', 'Новые курсы', '2026-11-18T08:00:00Z', { url: 'https://www.center.example.org/news/courses/' }),
        post('visit', 'Визит губернатора', '2026-11-21T10:00:00Z'),
      ],
    });
    const first = await readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null });
    expect(first).toMatchObject({ ok: true, result: { read: 3, matched: 2, unplanned: 1, updated: 0, notModified: false } });
    // Published at the post's time, its date the post's local day (21:30Z is the 20th in Moscow), the URL and reach.
    expect(await item(fair)).toMatchObject({ status: 'published', at: '2026-11-20', publishedAt: '2026-11-19T21:30:00.000Z', views: 120, confirmed: true, version: 2 });
    expect((await item(fair)).reachReadAt).toBe(NOW.toISOString());
    // A timed item takes the post's instant; its link stays the one it had.
    expect(await item(course)).toMatchObject({ status: 'published', at: '2026-11-18T08:00:00.000Z', url: 'https://www.center.example.org/news/courses/', reachReadAt: null });
    const unplanned = (await itemsOn('2026-11-21', '2026-11-21')).find((i) => i.title === 'Визит губернатора');
    expect(unplanned).toMatchObject({ kind: 'publication', status: 'published', channelIds: [site], url: 'https://center.example.org/news/visit', confirmed: true });

    next = () => ({ notModified: false, state: { etag: '"v2"' }, posts: [post('fair', 'Ярмарка вакансий для молодёжи прошла в центре', '2026-11-19T21:30:00Z', { reach: reach(150) })] });
    const again = await readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null });
    expect(again).toMatchObject({ ok: true, result: { read: 1, matched: 0, unplanned: 0, updated: 1 } });
    expect(await item(fair)).toMatchObject({ views: 150, version: 2 });
    const review = (await api('GET', '/evidence/review')).json();
    expect(review.pending).toBe(3);
    expect(review.posts.find((p: { externalId: string }) => p.externalId === 'fair')).toMatchObject({ state: 'matched', views: 150, item: { id: fair }, reason: { by: 'date_title' } });
  });

  it('keeps a failure as the source’s last error, backs off, and writes nothing else', async () => {
    const before = (await api('GET', '/evidence/review?state=matched')).json().posts.length;
    next = () => {
      throw new SourceError('http_status', { status: 503 });
    };
    const failed = await readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null });
    expect(failed).toMatchObject({ ok: false, error: { code: 'http_status', params: { status: 503 } } });
    const sources = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/channels/${site}/sources`, headers: { ...editor, 'accept-language': 'en' } })).json().sources;
    expect(sources[0]).toMatchObject({ lastError: { code: 'http_status', message: 'The server answered with HTTP error 503' } });
    // Thirty minutes doubled once.
    expect(sources[0].nextFetchAt).toBe(new Date(NOW.getTime() + 60 * 60_000).toISOString());
    expect((await api('GET', '/evidence/review?state=matched')).json().posts.length).toBe(before);
  });

  it('undoes what a post did when it is ignored or re-linked, and confirms', async () => {
    const talk = (await api('POST', '/items', { kind: 'publication', title: 'Встреча с выпускниками колледжа', at: '2026-11-23', channelIds: [site] })).json().id;
    const other = (await api('POST', '/items', { kind: 'publication', title: 'Интервью директора', at: '2026-11-23', channelIds: [site] })).json().id;
    next = () => ({ notModified: false, state: {}, posts: [post('talk', 'Встреча с выпускниками колледжа', '2026-11-23T08:00:00Z', { reach: reach(40) }), post('stray', 'Репост партнёров', '2026-11-23T09:00:00Z')] });
    expect(await readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null })).toMatchObject({ ok: true, result: { matched: 1, unplanned: 1 } });
    const posts = (await api('GET', '/evidence/review')).json().posts as Array<{ id: string; externalId: string; item: { id: string } }>;
    const talkPost = posts.find((p) => p.externalId === 'talk')!;
    const stray = posts.find((p) => p.externalId === 'stray')!;

    // Re-linked: the first item gets back what it was; the second is proved instead.
    const relinked = await api('POST', `/evidence/posts/${talkPost.id}/relink`, { itemId: other });
    expect(relinked.statusCode, relinked.body).toBe(200);
    expect(relinked.json()).toMatchObject({ state: 'confirmed', reason: { by: 'manual' }, item: { id: other, status: 'published' } });
    expect(await item(talk)).toMatchObject({ status: 'planned', publishedAt: null, url: null, views: null, reachReadAt: null });
    expect(await item(other)).toMatchObject({ status: 'published', url: 'https://center.example.org/news/talk', views: 40 });
    // An item another post proves cannot be taken.
    const fairPost = ((await api('GET', '/evidence/review?state=matched')).json().posts as Array<{ id: string; externalId: string; item: { id: string } }>).find((p) => p.externalId === 'fair')!;
    expect((await api('POST', `/evidence/posts/${talkPost.id}/relink`, { itemId: fairPost.item.id })).json().error.code).toBe('evidence_item_linked');

    // Ignored: the unplanned item Ritm made is gone; reading again changes nothing but reach.
    const ignored = await api('POST', `/evidence/posts/${stray.id}/ignore`);
    expect(ignored.json()).toMatchObject({ state: 'ignored', item: null });
    expect((await api('GET', `/items/${stray.item.id}`)).statusCode).toBe(404);
    expect(await readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null })).toMatchObject({ ok: true, result: { matched: 0, unplanned: 0, updated: 2 } });
    expect((await itemsOn('2026-11-23', '2026-11-23')).map((i) => i.title).sort()).toEqual(['Встреча с выпускниками колледжа', 'Интервью директора']);
    expect((await api('POST', `/evidence/posts/${stray.id}/confirm`)).json().error.code).toBe('evidence_post_ignored');

    // A confirmation takes no fields (found by a probe: {"x": 1} was accepted unread); `{}` is none.
    const withField = await api('POST', `/evidence/posts/${fairPost.id}/confirm`, { x: 1 });
    expect(withField.statusCode).toBe(400);
    expect(withField.json().error.details).toEqual([{ path: 'body', message: 'этот запрос не принимает полей: отправьте его без тела или с пустым объектом' }]);
    const confirmed = await api('POST', `/evidence/posts/${fairPost.id}/confirm`, {});
    expect(confirmed.json()).toMatchObject({ state: 'confirmed', item: { id: fairPost.item.id, status: 'published' }, reason: { by: 'date_title' } });
    expect((await api('GET', '/evidence/review')).json().posts.map((p: { externalId: string }) => p.externalId)).not.toContain('fair');
    const audit = await ctx.database.db.selectFrom('audit_log').select(['entity', 'action']).where('org_id', '=', orgId).where('entity', '=', 'evidence_post').execute();
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['matched', 'unplanned', 'relinked', 'ignored', 'confirmed']));
  });

  it('keeps an unplanned item someone has worked on when its post is ignored: only the post lets go', async () => {
    next = () => ({ notModified: false, state: {}, posts: [post('edited', 'День открытых дверей', '2026-11-24T08:00:00Z')] });
    expect(await readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null })).toMatchObject({ ok: true, result: { unplanned: 1 } });
    const edited = ((await api('GET', '/evidence/review?state=unplanned')).json().posts as Array<{ id: string; externalId: string; item: { id: string } }>).find((p) => p.externalId === 'edited')!;
    const before = await item(edited.item.id);
    expect((await api('PATCH', `/items/${edited.item.id}`, { notes: 'Фото со стенда у входа', version: before.version })).statusCode).toBe(200);
    const ignored = await api('POST', `/evidence/posts/${edited.id}/ignore`);
    expect(ignored.json()).toMatchObject({ state: 'ignored', item: null });
    expect(await item(edited.item.id)).toMatchObject({ title: 'День открытых дверей', notes: 'Фото со стенда у входа', status: 'published' });
  });

  it('makes a post the item rules refuse to be proved by an unplanned publication, never drops it', async () => {
    // Planned in December's plan; the post with its link came out in November: the item cannot
    // move out of its plan's period and cannot be published on a day still to come.
    const plan = (await api('POST', '/plans', { period: 'month', periodStart: '2026-12-01', title: 'План на декабрь' })).json();
    expect(plan.id).toBeDefined();
    const december = (await api('POST', '/items', { kind: 'publication', title: 'Итоги года', at: '2026-12-20', planId: plan.id, channelIds: [site], url: 'https://center.example.org/news/year' })).json().id;
    next = () => ({ notModified: false, state: {}, posts: [post('year', 'Итоги года', '2026-11-25T08:00:00Z', { url: 'https://center.example.org/news/year' })] });
    expect(await readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null })).toMatchObject({ ok: true, result: { read: 1, matched: 0, unplanned: 1 } });
    expect(await item(december)).toMatchObject({ status: 'planned', at: '2026-12-20' });
    const kept = ((await api('GET', '/evidence/review?state=unplanned')).json().posts as Array<{ externalId: string; item: { status: string } | null }>).find((p) => p.externalId === 'year');
    expect(kept).toMatchObject({ item: { status: 'published' } });
  });

  it('keeps a post dated ahead of its read without an item, and proves with it once its day has come', async () => {
    const news = (await api('POST', '/items', { kind: 'publication', title: 'День открытых дверей в центре', at: '2026-11-27', channelIds: [site] })).json().id;
    const early = post('doors', 'День открытых дверей в центре', '2026-11-27T07:00:00Z');
    next = () => ({ notModified: false, state: {}, posts: [early] });
    // Read on the 25th: a publication on the 27th is still to come, so the rules refuse it.
    const first = await readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null });
    expect(first).toMatchObject({ ok: true, result: { read: 1 } });
    expect(await item(news)).toMatchObject({ status: 'planned' });
    const waiting = ((await api('GET', '/evidence/review')).json().posts as Array<{ externalId: string; item: unknown }>).find((p) => p.externalId === 'doors');
    expect(waiting).toMatchObject({ item: null });
    const postAudits = async () => (await ctx.database.db.selectFrom('audit_log').select('id').where('entity', '=', 'evidence_post').execute()).length;
    const auditsBefore = await postAudits();
    expect(auditsBefore).toBeGreaterThan(0);
    // Read again the same day: still refused, nothing written.
    expect(await readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null })).toMatchObject({ ok: true, result: { read: 1, matched: 0, unplanned: 0 } });
    expect(await postAudits()).toBe(auditsBefore);
    // Read on the 28th: the post proves the item it matches.
    const later = { ...reader(), now: () => new Date('2026-11-28T06:00:00Z') };
    expect(await readSource(later, sourceId, { kind: 'fetch' }, { userId: null })).toMatchObject({ ok: true, result: { read: 1, matched: 1 } });
    expect(await item(news)).toMatchObject({ status: 'published', publishedAt: '2026-11-27T07:00:00.000Z', confirmed: true });
    const proved = ((await api('GET', '/evidence/review')).json().posts as Array<{ externalId: string; state: string; item: { id: string } | null }>).filter((p) => p.externalId === 'doors');
    expect(proved).toMatchObject([{ state: 'matched', item: { id: news } }]);
    expect(await postAudits()).toBe(auditsBefore + 1);
  });

  it('leaves out unmatched posts from before the month the source was added in, but lets them prove planned items', async () => {
    const old = (await api('POST', '/items', { kind: 'publication', title: 'Ярмарка профессий в колледже', at: '2026-09-15', channelIds: [site] })).json().id;
    next = () => ({
      notModified: false,
      state: {},
      posts: [post('sept-fair', 'Ярмарка профессий в колледже', '2026-09-15T08:00:00Z'), post('sept-other', 'Старая заметка о субботнике', '2026-09-16T08:00:00Z')],
    });
    expect(await readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null })).toMatchObject({ ok: true, result: { read: 2, matched: 1, unplanned: 0 } });
    expect(await item(old)).toMatchObject({ status: 'published' });
    expect((await itemsOn('2026-09-16', '2026-09-16')).map((i) => i.title)).toEqual([]);
  });

  it('drops a read whose source was given another address while it was being read, and keeps a never-read source due', async () => {
    const fresh = (await api('POST', `/channels/${site}/sources`, { type: 'feed', url: 'https://center.example.org/old-feed/' })).json();
    next = () => ({ notModified: false, state: { etag: '"old"' }, posts: [post('moved-away', 'Заметка со старого адреса', '2026-11-25T08:00:00Z')] });
    const slow: FetchAdapter = async () => {
      const reading = next();
      const patched = await api('PATCH', `/channels/${site}/sources/${fresh.id}`, { url: 'https://center.example.org/new-feed/', version: fresh.version });
      expect(patched.statusCode).toBe(200);
      return reading;
    };
    const outcome = await readSource({ ...reader(), adapters: { fetch: { feed: slow }, upload: {} } }, fresh.id, { kind: 'fetch' }, { userId: null });
    expect(outcome).toMatchObject({ ok: true, result: { read: 0, matched: 0, unplanned: 0 } });
    expect((await itemsOn('2026-11-25', '2026-11-25')).map((i) => i.title)).not.toContain('Заметка со старого адреса');
    const stored = (await api('GET', `/channels/${site}/sources`)).json().sources.find((s: { id: string }) => s.id === fresh.id);
    expect(stored).toMatchObject({ url: 'https://center.example.org/new-feed/', nextFetchAt: NOW.toISOString() });
    // Changing the interval of a source never read leaves it due now, not an interval later.
    const longer = await api('PATCH', `/channels/${site}/sources/${fresh.id}`, { intervalMinutes: 120, version: stored.version });
    expect(longer.json()).toMatchObject({ intervalMinutes: 120, nextFetchAt: NOW.toISOString() });
  });

  it('stores a post whose key is a long address in wide letters and whose link is too long for an item, and knows it when read again', async () => {
    // 1,000 characters of Chinese and emoji are 3,000–4,000 bytes: more than the index on (source, key) can hold.
    const guid = `https://center.example.org/新闻/${'招聘会📰'.repeat(300)}`;
    const link = `https://center.example.org/news?${'q=вакансии&'.repeat(200)}`;
    const feed = `<rss version="2.0"><channel><item><title>Длинная ссылка на новость</title><guid>${guid}</guid><link>${link}</link>
      <pubDate>Sat, 21 Nov 2026 09:00:00 +0000</pubDate></item></channel></rss>`;
    next = () => ({ notModified: false, state: {}, posts: parseFeed(new TextEncoder().encode(feed)) });
    const first = await readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null });
    expect(first).toMatchObject({ ok: true, result: { read: 1, unplanned: 1 } });
    const made = (await itemsOn('2026-11-21', '2026-11-21')).find((i) => i.title === 'Длинная ссылка на новость');
    expect(made).toMatchObject({ status: 'published', url: null });
    const again = await readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null });
    expect(again).toMatchObject({ ok: true, result: { read: 1, matched: 0, unplanned: 0 } });
  });

  it('keeps a fault of its own as the source\'s last error with backoff, writing nothing', async () => {
    next = () => {
      throw new TypeError('a reader bug');
    };
    await expect(readSource(reader(), sourceId, { kind: 'fetch' }, { userId: null })).rejects.toThrow('a reader bug');
    const source = (await api('GET', `/channels/${site}/sources`)).json().sources.find((s: { id: string }) => s.id === sourceId);
    expect(source.lastError).toMatchObject({ code: 'internal', message: expect.stringMatching(/^Ритм не смог записать прочитанное/) });
    expect(Date.parse(source.nextFetchAt)).toBeGreaterThan(NOW.getTime());
  });

  it('keeps a fault of its own on an uploaded source without promising to try again: only an upload reads it (found by a probe)', async () => {
    const telegram = (await api('POST', '/channels', { type: 'telegram', name: 'Канал (выгрузка)' })).json().id;
    const uploaded = (await api('POST', `/channels/${telegram}/sources`, { type: 'telegram_export', username: '@czn_fault' })).json().id;
    const failing = { ...reader(), adapters: { fetch: {}, upload: { telegram_export: () => { throw new TypeError('a reader bug'); } } } };
    await expect(readSource(failing, uploaded, { kind: 'upload', body: new Uint8Array([0x7b, 0x7d]) }, { userId: null })).rejects.toThrow('a reader bug');
    const sources = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/evidence/sources`, headers: { ...editor, 'accept-language': 'en' } })).json().sources;
    const source = sources.find((s: { id: string }) => s.id === uploaded);
    expect(source.lastError).toMatchObject({ code: 'internal', message: expect.stringMatching(/^Ritm could not write what the file held/) });
    expect(source.lastError.message).not.toMatch(/try again later/);
    expect(source.lastError.message).toMatch(/Upload the file again/);
  });
});
