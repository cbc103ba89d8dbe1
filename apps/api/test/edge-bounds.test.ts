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
});
