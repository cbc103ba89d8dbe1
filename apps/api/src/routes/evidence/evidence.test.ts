import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, useOtherApp, useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { feedFixture } from '../../../test/evidence-feeds.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';
import { startEvidenceScheduler } from '../../evidence/scheduler.js';

// The evidence API end to end: the real adapters read a local HTTP server on 127.0.0.1 that serves
// recorded formats (the app is configured to allow private addresses, as tests must).

const NOW = new Date('2026-11-25T09:00:00Z');
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
    const handler = site.handlers.get(request.url ?? '');
    if (handler) return handler(request, response);
    if (request.url === '/feed/') {
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

describe.each(testDatabases())('evidence sources through the API on $name', ({ open }) => {
  const config = { now: () => NOW, fetchAllowPrivate: true, secretKey: SECRET_KEY, fetchTimeoutMs: 5000 };
  const ctx = useTestApp(open, config);
  // The same database, served by a process that has no RITM_SECRET_KEY.
  const keyless = useOtherApp(ctx, { ...config, secretKey: undefined });
  let site: Site;
  let orgId: string;
  let website: string;
  let vkChannel: string;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;
  let director: Record<string, string>;

  beforeAll(async () => {
    site = await startSite();
    orgId = (await createOrg(ctx.database, { kind: 'employment_center', timezone: 'Europe/Moscow' })).id;
    for (const role of ['editor', 'viewer', 'director'] as const) {
      await addMember(ctx.database, (await createUser(ctx.database, `${role}@sources.test`)).id, orgId, role);
    }
    [editor, viewer, director] = await Promise.all(['editor', 'viewer', 'director'].map((role) => login(ctx.app, `${role}@sources.test`)));
    website = (await call('POST', '/channels', { type: 'website', name: 'Сайт' })).json().id;
    vkChannel = (await call('POST', '/channels', { type: 'vk', name: 'ВКонтакте' })).json().id;
  });
  afterAll(() => stopSite(site));

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
      expect(read.json().source).toMatchObject({ lastSuccessAt: NOW.toISOString(), lastError: null, postCount: 3, nextFetchAt: '2026-11-25T09:30:00.000Z' });
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

    it('answers a failure with 422 in the caller’s language, keeps it as the last error and writes nothing else', async () => {
      const broken = (await call('POST', `/channels/${website}/sources`, { type: 'feed', url: `${site.base}/broken/` })).json().id;
      const truncated = (await call('POST', `/channels/${website}/sources`, { type: 'feed', url: `${site.base}/truncated/` })).json().id;
      const posts = async () => (await ctx.database.db.selectFrom('evidence_posts').select('id').where('org_id', '=', orgId).execute()).length;
      const before = await posts();
      const ru = await call('POST', `/channels/${website}/sources/${broken}/fetch`);
      expect(ru.statusCode).toBe(422);
      expect(ru.json().error).toEqual({ code: 'evidence_source_http_status', message: 'Сервер ответил ошибкой HTTP 500' });
      const en = await call('POST', `/channels/${website}/sources/${truncated}/fetch`, undefined, { ...editor, 'accept-language': 'en' });
      expect(en.json().error).toMatchObject({ code: 'evidence_source_malformed', message: expect.stringMatching(/^This is not an RSS/) });
      expect(await posts()).toBe(before);
      const listed = (await call('GET', `/channels/${website}/sources`, undefined, { ...editor, 'accept-language': 'en' })).json().sources;
      expect(listed.find((s: { id: string }) => s.id === broken)).toMatchObject({
        lastError: { code: 'http_status', message: 'The server answered with HTTP error 500', at: NOW.toISOString() },
        lastSuccessAt: null,
        // Thirty minutes, doubled after one failure.
        nextFetchAt: '2026-11-25T10:00:00.000Z',
      });
      // A source read by upload is not fetched, and the reverse.
      const csv = (await call('POST', `/channels/${website}/sources`, { type: 'stats_csv' })).json().id;
      expect((await call('POST', `/channels/${website}/sources/${csv}/fetch`)).json().error.code).toBe('evidence_source_not_fetched');
      const upload = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels/${website}/sources/${broken}/upload`, headers: { ...editor, 'content-type': 'text/csv' }, payload: 'a;b' });
      expect(upload.json().error.code).toBe('evidence_source_not_uploaded');
    });
  });

  describe('the scheduler', () => {
    it('reads each due source once when two API processes run it on one database', async () => {
      const org = (await createOrg(ctx.database, { kind: 'employment_center' })).id;
      const channel = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org}/channels`, headers: await adminOf(org), payload: { type: 'website', name: 'Сайт' } })).json().id;
      const paths = Array.from({ length: 6 }, (_, i) => `/slow/${i}/`);
      for (const path of paths) {
        site.handlers.set(path, (_request, response) => {
          setTimeout(() => response.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(feedFixture('wordpress-rss2.xml')), 150);
        });
        const created = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org}/channels/${channel}/sources`, headers: await adminOf(org), payload: { type: 'feed', url: `${site.base}${path}` } });
        expect(created.statusCode, created.body).toBe(201);
      }
      const second = await buildTestApp(ctx.database, config);
      const log = { error: (payload: object, message: string) => console.error(message, payload) };
      const a = startEvidenceScheduler(ctx.app.evidence, { tickSeconds: 3600, leaseMs: 60_000, log });
      const b = startEvidenceScheduler(second.evidence, { tickSeconds: 3600, leaseMs: 60_000, log });
      try {
        // Other tests' sources are due too: count this organisation's.
        const [readA, readB] = await Promise.all([a.runOnce(), b.runOnce()]);
        expect(readA + readB).toBeGreaterThanOrEqual(6);
        for (const path of paths) expect(site.requests.filter((url) => url === path), path).toHaveLength(1);
        const sources = await ctx.database.db.selectFrom('evidence_sources').select(['last_success_at', 'lease_until', 'next_fetch_at']).where('org_id', '=', org).execute();
        expect(sources.every((s) => s.last_success_at !== null && s.lease_until === null)).toBe(true);
        // Nothing is due any more until the interval has passed.
        expect(await a.runOnce()).toBe(0);
      } finally {
        await a.stop();
        await b.stop();
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
        const scheduler = startEvidenceScheduler(ctx.app.evidence, { tickSeconds: 3600, leaseMs: 60_000, log: { error: () => {} } });
        await scheduler.runOnce();
        await scheduler.stop();
        const after = await ctx.database.db.selectFrom('evidence_sources').select(['id', 'last_fetched_at']).where('id', 'in', due.map((d) => d.id)).execute();
        expect(after.every((s) => s.last_fetched_at === null || new Date(s.last_fetched_at).getTime() <= NOW.getTime())).toBe(true);
        expect(after.find((s) => s.id === source.id)?.last_fetched_at).toBeNull();
      } finally {
        await ctx.database.db.updateTable('organisations').set({ archived_at: null }).where('id', '=', orgId).execute();
      }
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
