import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { down, up } from '../src/db/migrations/20261125T2100_product_date_range.js';
import { useTestApp } from './app.js';
import { testDatabases } from './databases.js';
import { createUser, login } from './fixtures.js';

// Issue 10 (4): one stored bad date broke compliance for an organisation and every summary above
// it, and made an item unreadable. The API no longer stores them; the migration repairs the ones
// already stored and CHECK constraints keep them out.
describe.each(testDatabases())('dates stored before the product range on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let root: Record<string, string>;
  let parentId: string;
  let orgId: string;
  let channelId: string;
  let exemptionId: string;
  let itemId: string;
  let farItemId: string;

  beforeAll(async () => {
    await createUser(ctx.database, 'root@example.org', { isAdmin: true });
    root = await login(ctx.app, 'root@example.org');
    const post = (url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: root, payload });
    parentId = (await post('/api/orgs', { name: 'Министерство', kind: 'other' })).json().id;
    // An employment centre: the Mintrud preset applies only to the kinds it is written for (issue 11).
    orgId = (await post('/api/orgs', { name: 'Центр', kind: 'employment_center', parentId })).json().id;
    expect((await post(`/api/orgs/${orgId}/norms`, { preset: 'mintrud-2022' })).statusCode).toBe(201);
    channelId = (await post(`/api/orgs/${orgId}/channels`, { type: 'vk', name: 'VK', since: '2020-01-01' })).json().id;
    const normKey = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/norms`, headers: root })).json().norms[0].key;
    const exemption = await post(`/api/orgs/${orgId}/exemptions`, { normKey, from: '2026-01-01', to: '2026-01-31', reason: 'Карантин' });
    expect(exemption.statusCode).toBe(201);
    exemptionId = exemption.json().id;
    itemId = (await post(`/api/orgs/${orgId}/items`, { kind: 'post', title: 'Пост', at: '2026-11-20', channelIds: [channelId] })).json().id;
    farItemId = (await post(`/api/orgs/${orgId}/items`, { kind: 'post', title: 'Далёкий', at: '2026-11-21T10:00:00+03:00' })).json().id;

    // As an older version stored them: take the constraints away, write the bad dates, repair.
    await down(ctx.database.db);
    await sql`update channels set since = '0001-01-01' where id = ${channelId}`.execute(ctx.database.db);
    await sql`update exemptions set date_from = '0001-01-01' where id = ${exemptionId}`.execute(ctx.database.db);
    await sql`update items set published_at = '9999-12-31T23:59:59-14:00' where id = ${itemId}`.execute(ctx.database.db);
    await sql`update items set at_instant = '9999-12-31T23:59:59-14:00', local_day = '9999-12-31' where id = ${farItemId}`.execute(ctx.database.db);
    await sql`update norms set definition = jsonb_set(definition, '{effectiveFrom}', '"1500-01-01"') where org_id = ${orgId}`.execute(ctx.database.db);
    await up(ctx.database.db);
  });

  it('repairs them into the range, keeping what they meant', async () => {
    const channel = await sql<{ since: string }>`select since::text as since from channels where id = ${channelId}`.execute(ctx.database.db);
    expect(channel.rows[0]!.since).toBe('2000-01-01');
    const exemption = await sql<{ from: string; to: string }>`select date_from::text as from, date_to::text as to from exemptions where id = ${exemptionId}`.execute(ctx.database.db);
    expect(exemption.rows[0]).toEqual({ from: '2000-01-01', to: '2026-01-31' });
    const item = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${itemId}`, headers: root })).json();
    expect(item.publishedAt).toBeNull();
    const far = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${farItemId}`, headers: root });
    expect(far.statusCode).toBe(200);
    expect(far.json()).toMatchObject({ at: '2100-12-31', localDay: '2100-12-31' });
    const norms = await sql<{ n: number }>`select count(*)::int as n from norms where definition ? 'effectiveFrom' and org_id = ${orgId}`.execute(ctx.database.db);
    expect(norms.rows[0]!.n).toBe(0);
  });

  it('answers compliance, the parent summary, suggestions and item reads again', async () => {
    for (const url of [
      `/api/orgs/${orgId}/compliance?from=2026-01-01&to=2026-12-31`,
      `/api/orgs/${parentId}/compliance/summary?from=2026-01-01&to=2026-12-31`,
      `/api/orgs/${orgId}/suggestions?from=2026-11-01&to=2026-11-30`,
      `/api/orgs/${orgId}/items?from=2026-11-01&to=2026-11-30`,
      `/api/orgs/${orgId}/items?from=2100-12-01&to=2100-12-31`,
    ]) {
      const response = await ctx.app.inject({ method: 'GET', url, headers: root });
      expect(response.statusCode, `${url} ${response.body}`).toBe(200);
    }
  });

  it('keeps new out-of-range dates out of the database itself', async () => {
    const attempts = [
      sql`update channels set since = '0001-01-01' where id = ${channelId}`,
      sql`update exemptions set date_from = '1999-12-31' where id = ${exemptionId}`,
      sql`update items set published_at = '2101-01-01T00:00:00Z' where id = ${itemId}`,
      sql`update items set at_date = '2101-01-01', local_day = '2101-01-01' where id = ${farItemId}`,
      sql`update norms set definition = jsonb_set(definition, '{effectiveTo}', '"9999-12-31"') where org_id = ${orgId}`,
    ];
    for (const attempt of attempts) await expect(attempt.execute(ctx.database.db)).rejects.toMatchObject({ code: '23514' });
  });

  it('refuses a PATCH with an unreadable date and commits nothing of it', async () => {
    const before = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${itemId}`, headers: root })).json();
    const patch = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${orgId}/items/${itemId}`,
      headers: root,
      payload: { title: 'Новое', publishedAt: '9999-12-31T23:59:59-14:00', version: before.version },
    });
    expect(patch.statusCode).toBe(400);
    const after = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${itemId}`, headers: root })).json();
    expect(after).toEqual(before);
  });
});
