import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './app.js';
import { testDatabases } from './databases.js';
import { createUser, login } from './fixtures.js';

// Issue 10 (3): what the contracts let through, PostgreSQL can store. Each of these answered 500
// before: a version beyond int4, NUL and unpaired surrogates, years 0000 and 9999, offsets beyond
// ±14:00, and periods that end after the product's range.
describe.each(testDatabases())('edge bounds on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let root: Record<string, string>;
  let orgId: string;
  let channelId: string;
  const en = () => ({ ...root, 'accept-language': 'en' });

  beforeAll(async () => {
    await createUser(ctx.database, 'root@example.org', { isAdmin: true });
    root = await login(ctx.app, 'root@example.org');
    orgId = (await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: root, payload: { name: 'Орг', kind: 'other' } })).json().id;
    channelId = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels`, headers: root, payload: { type: 'vk', name: 'VK' } })).json().id;
  });

  const detailPaths = (response: { json(): { error: { details?: Array<{ path: string }> } } }) =>
    (response.json().error.details ?? []).map((d) => d.path);

  it('refuses versions beyond int4 in a body, ?version= and If-Match, naming the field', async () => {
    for (const version of [2 ** 31, 1e21]) {
      const body = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/channels/${channelId}`, headers: en(), payload: { name: 'X', version } });
      expect(body.statusCode, String(version)).toBe(400);
      expect(detailPaths(body)).toEqual(['body.version']);
    }
    for (const version of ['2147483648', '1e21']) {
      const query = await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${orgId}/channels/${channelId}?version=${version}`, headers: en() });
      expect(query.statusCode, version).toBe(400);
      expect(detailPaths(query)).toEqual(['querystring.version']);
    }
    const header = await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${orgId}/channels/${channelId}`, headers: { ...en(), 'if-match': '99999999999' } });
    expect(header.statusCode).toBe(400);
  });

  it('refuses NUL and unpaired surrogates in every string, the unauthenticated login included', async () => {
    const loginNul = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { email: 'a\u0000@example.org', password: 'x\u0000y' } });
    expect(loginNul.statusCode).toBe(400);
    expect(detailPaths(loginNul)).toEqual(['body.email', 'body.password']);
    expect(loginNul.json().error.details[0].message).toMatch(/NUL/);
    const surrogate = await ctx.app.inject({
      method: 'POST',
      url: `/api/orgs/${orgId}/items`,
      headers: en(),
      payload: { kind: 'post', title: 'a\ud800', at: '2026-11-20', notes: '\udc00' },
    });
    expect(surrogate.statusCode).toBe(400);
    expect(detailPaths(surrogate)).toEqual(['body.title', 'body.notes']);
    const audit = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/audit?entity=%00`, headers: en() });
    expect(audit.statusCode).toBe(400);
    const ru = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/audiences`, headers: root, payload: { name: 'a\u0000' } });
    expect(ru.json().error.details).toEqual([{ path: 'body.name', message: expect.stringMatching(/^текст без символа NUL/) }]);
  });

  it('refuses names and titles of spaces alone, no-break and zero-width ones too, naming the field, and stores nothing', async () => {
    // Found by a probe: each of these was stored as a blank (201 or 200).
    const blank = '\u00a0 \u200b ';
    const refused = [
      { method: 'POST' as const, url: '/api/orgs', payload: { name: blank, kind: 'other', parentId: orgId }, path: 'body.name' },
      { method: 'POST' as const, url: `/api/orgs/${orgId}/items/bulk`, payload: { items: [{ kind: 'post', title: 'Пост', at: '2026-11-20' }, { kind: 'post', title: '   ', at: '2026-11-21' }] }, path: 'body.items[1].title' },
      { method: 'POST' as const, url: `/api/orgs/${orgId}/plans`, payload: { period: 'week', periodStart: '2026-11-16', title: '   ' }, path: 'body.title' },
      { method: 'POST' as const, url: `/api/orgs/${orgId}/audiences`, payload: { name: blank }, path: 'body.name' },
      { method: 'POST' as const, url: `/api/orgs/${orgId}/channels`, payload: { type: 'ok', name: ' ' }, path: 'body.name' },
    ];
    for (const { method, url, payload, path } of refused) {
      const response = await ctx.app.inject({ method, url, headers: en(), payload });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.details, url).toEqual([{ path, message: 'expected: some text, not spaces alone' }]);
    }
    const items = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=2026-11-01&to=2026-11-30`, headers: en() });
    expect(items.json().items).toEqual([]);
    const renamed = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}`, headers: root, payload: { name: '   ', version: 1 } });
    expect(renamed.json().error.details).toEqual([{ path: 'body.name', message: 'ожидается: текст, а не одни пробелы' }]);
  });

  it('keeps every date inside 2000-01-01 … 2100-12-31 and every offset within ±14:00', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', `/api/orgs/${orgId}/channels`, { type: 'vk', name: 'V', since: '0001-01-01' }, 'body.since'],
      ['POST', `/api/orgs/${orgId}/channels`, { type: 'vk', name: 'V', since: '0000-01-01' }, 'body.since'],
      ['POST', `/api/orgs/${orgId}/items`, { kind: 'post', title: 'T', at: '9999-12-31T23:59:59-14:00' }, 'body.at'],
      ['POST', `/api/orgs/${orgId}/items`, { kind: 'post', title: 'T', at: '2026-11-20T10:00:00+23:59' }, 'body.at'],
      ['POST', `/api/orgs/${orgId}/items`, { kind: 'post', title: 'T', at: '2026-11-20', publishedAt: '2026-11-20T10:00:00+23:59' }, 'body.publishedAt'],
      ['POST', `/api/orgs/${orgId}/items`, { kind: 'post', title: 'T', at: '2026-11-20', publishedAt: '9999-12-31T23:59:59-14:00' }, 'body.publishedAt'],
      ['POST', `/api/orgs/${orgId}/plans`, { period: 'month', periodStart: '2101-01-01', title: 'P' }, 'body.periodStart'],
    ];
    for (const [method, url, payload, path] of cases) {
      const response = await ctx.app.inject({ method: method as 'POST', url, headers: en(), payload: payload as object });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(detailPaths(response), JSON.stringify(payload)).toEqual([path]);
    }
    const query = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/compliance?from=9999-12-01&to=9999-12-31`, headers: en() });
    expect(query.statusCode).toBe(400);
    expect(detailPaths(query)).toEqual(['querystring.from', 'querystring.to']);
  });

  it('answers 400, not 500, for a period that would end after 2100', async () => {
    const week = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/plans`, headers: en(), payload: { period: 'week', periodStart: '2100-12-27', title: 'P' } });
    expect(week.statusCode).toBe(400);
    expect(detailPaths(week)).toEqual(['body.periodStart']);
    const last = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/plans`, headers: en(), payload: { period: 'quarter', periodStart: '2100-10-01', title: 'P' } });
    expect(last.statusCode).toBe(201);
    await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: en(), payload: { kind: 'post', title: 'T', at: '2100-12-31T12:00:00+03:00', planId: last.json().id, channelIds: [channelId] } });
    const copy = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/plans/${last.json().id}/copy`, headers: en(), payload: {} });
    expect(copy.statusCode).toBe(400);
    expect(copy.json().error.code).toBe('validation');
  });

  it("keeps an item's day inside the range whatever time zone its organisation moves to", async () => {
    const org = (await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: root, payload: { name: 'Восток', kind: 'other', timezone: 'Asia/Vladivostok' } })).json();
    const item = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org.id}/items`, headers: en(), payload: { kind: 'post', title: 'T', at: '2100-12-31T09:59:59Z' } });
    expect(item.statusCode, item.body).toBe(201);
    const late = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org.id}/items`, headers: en(), payload: { kind: 'post', title: 'T', at: '2100-12-31T10:00:00Z' } });
    expect(late.statusCode).toBe(400);
    const moved = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${org.id}`, headers: en(), payload: { timezone: 'Pacific/Kiritimati', version: org.version } });
    expect(moved.statusCode, moved.body).toBe(200);
    const read = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org.id}/items/${item.json().id}`, headers: en() });
    expect(read.json().localDay).toBe('2100-12-31');
  });

  it('judges compliance over the last days of the range', async () => {
    await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/norms`, headers: en(), payload: { preset: 'mintrud-2022' } });
    for (const url of [
      `/api/orgs/${orgId}/compliance?from=2100-12-01&to=2100-12-31`,
      `/api/orgs/${orgId}/compliance/summary?from=2100-12-01&to=2100-12-31`,
      `/api/orgs/${orgId}/suggestions?from=2100-12-01&to=2100-12-31`,
      `/api/orgs/${orgId}/compliance?from=2000-01-01&to=2000-01-31`,
    ]) {
      const response = await ctx.app.inject({ method: 'GET', url, headers: en() });
      expect(response.statusCode, `${url} ${response.body}`).toBe(200);
    }
  });

  // Issue 11: a sweep over every write route and every dated query. Each bad value must be refused
  // with 400 and a detail whose path names the field, its message in Russian and in English.
  describe('the bad-input sweep', () => {
    const BAD_DATES = ['1900-01-01', '9999-12-31', '2101-01-01', '1999-12-31'];
    const BAD_INTEGERS = [2 ** 31, 1e20, -1, 1.5];
    /** Too large or negative where fractions are allowed (a norm's `atLeast`, a figure). */
    const BAD_NUMBERS = [2 ** 31, 1e20, -1];
    let ids: { item: string; itemVersion: number; plan: string; audience: string; keyMessage: string; user: string };

    beforeAll(async () => {
      const post = (url: string, payload: object) => ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}${url}`, headers: root, payload });
      const item = (await post('/items', { kind: 'post', title: 'T', at: '2026-11-20', channelIds: [channelId] })).json();
      const plan = (await post('/plans', { period: 'month', periodStart: '2026-10-01', title: 'Sweep' })).json();
      const audience = (await post('/audiences', { name: 'Sweep' })).json();
      const keyMessage = (await post('/key-messages', { text: 'Sweep' })).json();
      expect((await post('/norms', { id: 'sweep-norm', min: 1, per: 'week' })).statusCode).toBe(201);
      const user = await createUser(ctx.database, 'sweep@example.org');
      ids = { item: item.id, itemVersion: item.version, plan: plan.id, audience: audience.id, keyMessage: keyMessage.id, user: user.id };
    });

    type Case = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object; path: string };

    function dateCases(d: string): Case[] {
      const org = `/api/orgs/${orgId}`;
      const instant = `${d}T10:00:00Z`;
      return [
        { method: 'POST', url: `${org}/items`, payload: { kind: 'post', title: 'T', at: d }, path: 'body.at' },
        { method: 'POST', url: `${org}/items`, payload: { kind: 'post', title: 'T', at: instant }, path: 'body.at' },
        { method: 'POST', url: `${org}/items`, payload: { kind: 'post', title: 'T', at: '2026-11-20', publishedAt: instant }, path: 'body.publishedAt' },
        { method: 'PATCH', url: `${org}/items/${ids.item}`, payload: { title: 'T', at: d }, path: 'body.at' },
        { method: 'PATCH', url: `${org}/items/${ids.item}`, payload: { publishedAt: instant }, path: 'body.publishedAt' },
        // A move is a patch of `at` alone.
        { method: 'PATCH', url: `${org}/items/${ids.item}`, payload: { at: instant, version: ids.itemVersion }, path: 'body.at' },
        { method: 'POST', url: `${org}/items/bulk`, payload: { items: [{ kind: 'post', title: 'T', at: '2026-11-20' }, { kind: 'post', title: 'T', at: d }] }, path: 'body.items[1].at' },
        { method: 'POST', url: `${org}/plans`, payload: { period: 'month', periodStart: d.replace(/-\d\d$/, '-01'), title: 'P' }, path: 'body.periodStart' },
        { method: 'POST', url: `${org}/norms`, payload: { id: 'dated', min: 1, per: 'week', effectiveFrom: d }, path: 'body.effectiveFrom' },
        { method: 'POST', url: `${org}/norms`, payload: { id: 'dated', min: 1, per: 'week', effectiveTo: d }, path: 'body.effectiveTo' },
        { method: 'PATCH', url: `${org}/norms/sweep-norm`, payload: { effectiveFrom: d }, path: 'body.effectiveFrom' },
        { method: 'PATCH', url: `${org}/norms/sweep-norm`, payload: { effectiveTo: d }, path: 'body.effectiveTo' },
        { method: 'POST', url: `${org}/exemptions`, payload: { normKey: 'sweep-norm', from: d, to: '2026-12-31', reason: 'R' }, path: 'body.from' },
        { method: 'POST', url: `${org}/exemptions`, payload: { normKey: 'sweep-norm', from: '2026-01-01', to: d, reason: 'R' }, path: 'body.to' },
        { method: 'POST', url: `${org}/channels`, payload: { type: 'vk', name: 'V', since: d }, path: 'body.since' },
        { method: 'PATCH', url: `${org}/channels/${channelId}`, payload: { since: d }, path: 'body.since' },
        { method: 'GET', url: `${org}/items?from=${d}&to=2026-12-31`, path: 'querystring.from' },
        { method: 'GET', url: `${org}/items?from=2026-01-01&to=${d}`, path: 'querystring.to' },
        { method: 'GET', url: `${org}/compliance?from=${d}&to=2026-12-31`, path: 'querystring.from' },
        { method: 'GET', url: `${org}/compliance?from=2026-11-01&to=2026-11-30&asOf=${d}`, path: 'querystring.asOf' },
        { method: 'GET', url: `${org}/compliance/summary?from=2026-01-01&to=${d}`, path: 'querystring.to' },
        { method: 'GET', url: `${org}/suggestions?from=${d}&to=2026-12-31`, path: 'querystring.from' },
        { method: 'GET', url: `${org}/plans?from=${d}`, path: 'querystring.from' },
        { method: 'GET', url: `${org}/plans?to=${d}`, path: 'querystring.to' },
        { method: 'GET', url: `${org}/audit?from=${d}`, path: 'querystring.from' },
        { method: 'GET', url: `${org}/audit?to=${d}`, path: 'querystring.to' },
      ];
    }

    function integerCases(n: number): Case[] {
      const org = `/api/orgs/${orgId}`;
      const reach = ['views', 'likes', 'reposts', 'comments'].flatMap((field): Case[] => [
        { method: 'POST', url: `${org}/items`, payload: { kind: 'post', title: 'T', at: '2026-11-20', [field]: n }, path: `body.${field}` },
        { method: 'PATCH', url: `${org}/items/${ids.item}`, payload: { [field]: n }, path: `body.${field}` },
        { method: 'POST', url: `${org}/items/bulk`, payload: { items: [{ kind: 'post', title: 'T', at: '2026-11-20', [field]: n }] }, path: `body.items[0].${field}` },
      ]);
      const norm = ['min', 'perMembers', 'minMembers'].flatMap((field): Case[] => [
        { method: 'POST', url: `${org}/norms`, payload: { id: 'counted', per: 'week', min: 1, [field]: n }, path: `body.${field}` },
        { method: 'PATCH', url: `${org}/norms/sweep-norm`, payload: { [field]: n }, path: `body.${field}` },
      ]);
      return [
        ...reach,
        ...norm,
        { method: 'PATCH', url: `${org}/items/${ids.item}`, payload: { title: 'T', version: n }, path: 'body.version' },
        { method: 'POST', url: '/api/orgs', payload: { name: 'O', kind: 'other', members: n }, path: 'body.members' },
        { method: 'PATCH', url: org, payload: { members: n }, path: 'body.members' },
        { method: 'POST', url: `${org}/key-messages`, payload: { text: 'K', priority: n }, path: 'body.priority' },
        { method: 'PATCH', url: `${org}/key-messages/${ids.keyMessage}`, payload: { priority: n }, path: 'body.priority' },
        { method: 'PATCH', url: `${org}/audiences/${ids.audience}`, payload: { name: 'A', version: n }, path: 'body.version' },
        { method: 'PATCH', url: `${org}/plans/${ids.plan}`, payload: { title: 'P', version: n }, path: 'body.version' },
        { method: 'POST', url: `${org}/plans/${ids.plan}/status`, payload: { status: 'submitted', version: n }, path: 'body.version' },
        { method: 'DELETE', url: `${org}/plans/${ids.plan}?version=${n}`, path: 'querystring.version' },
        { method: 'PATCH', url: `${org}/members/${ids.user}`, payload: { role: 'editor', version: n }, path: 'body.version' },
        { method: 'DELETE', url: `${org}/items/${ids.item}?version=${n}`, path: 'querystring.version' },
        { method: 'POST', url: '/api/auth/tokens', payload: { name: 'T', expiresInDays: n }, path: 'body.expiresInDays' },
        { method: 'GET', url: `${org}/audit?limit=${n}`, path: 'querystring.limit' },
      ];
    }

    function numberCases(n: number): Case[] {
      const org = `/api/orgs/${orgId}`;
      const figures = n < 0 ? [
        { method: 'POST', url: '/api/orgs', payload: { name: 'O', kind: 'other', figures: { copies: n } }, path: 'body.figures.copies' },
        { method: 'PATCH', url: org, payload: { figures: { copies: n } }, path: 'body.figures.copies' },
      ] as Case[] : [];
      return [
        { method: 'POST', url: `${org}/norms`, payload: { id: 'figured', type: 'quantity', figure: 'copies', atLeast: n }, path: 'body.atLeast' },
        { method: 'PATCH', url: `${org}/norms/sweep-norm`, payload: { atLeast: n }, path: 'body.atLeast' },
        ...figures,
      ];
    }

    async function expectRefused(c: Case, label: string) {
      const messages: string[] = [];
      for (const language of ['ru', 'en']) {
        const response = await ctx.app.inject({ method: c.method, url: c.url, headers: { ...root, 'accept-language': language }, ...(c.payload && { payload: c.payload }) });
        const what = `${label} ${language}: ${c.method} ${c.url} ${JSON.stringify(c.payload ?? '')} → ${response.body}`;
        expect(response.statusCode, what).toBe(400);
        const detail = (response.json().error.details ?? []).find((d: { path: string }) => d.path === c.path);
        expect(detail?.message, what).toBeTruthy();
        messages.push(detail.message);
      }
      const [ru, en] = messages as [string, string];
      expect(ru, `${label}: ${c.path}`).toMatch(/[а-яё]/i);
      expect(en, `${label}: ${c.path}`).not.toMatch(/[а-яё]/i);
    }

    it.each(BAD_DATES)('refuses %s in every dated field and query, naming the field in Russian and English', async (d) => {
      for (const c of dateCases(d)) await expectRefused(c, d);
    });

    it.each(BAD_INTEGERS)('refuses %s in every integer field, never with a 500', async (n) => {
      for (const c of integerCases(n)) await expectRefused(c, String(n));
    });

    it.each(BAD_NUMBERS)('refuses %s in every bounded number', async (n) => {
      for (const c of numberCases(n)) await expectRefused(c, String(n));
    });

    it('keeps a huge figure a figure: reported numbers have no column limit, and never answer 500', async () => {
      const patched = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}`, headers: root, payload: { figures: { copies: 1e20 } } });
      expect(patched.statusCode, patched.body).toBeLessThan(500);
    });
  });
});

