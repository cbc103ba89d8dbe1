import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { createUser, login } from '../../../test/fixtures.js';

type Headers = Record<string, string>;

// The organisation tree (issue 16): a move needs the right to administer both places and keeps
// the organisation's time zone and its items' days; a profile is checked field by field.
describe.each(testDatabases())('the organisation tree and profiles on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let root: Headers;
  let rootId: string;

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Headers, payload?: object) =>
    ctx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const create = async (body: object): Promise<{ id: string; version: number }> => {
    const response = await call('POST', '/api/orgs', root, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };

  beforeAll(async () => {
    await createUser(ctx.database, 'root@example.org', { isAdmin: true });
    root = await login(ctx.app, 'root@example.org');
    rootId = (await create({ name: 'Министерство', kind: 'employment_authority' })).id;
  });

  it('moves only for one who administers both places, keeping the time zone and the items where they were', async () => {
    const west = await create({ name: 'Запад', kind: 'employment_authority', parentId: rootId, timezone: 'Europe/Kaliningrad' });
    const east = await create({ name: 'Восток', kind: 'employment_authority', parentId: rootId, timezone: 'Asia/Vladivostok' });
    const centre = await create({ name: 'ЦЗН', kind: 'employment_center', parentId: west.id, timezone: 'Europe/Kaliningrad' });
    const item = await call('POST', `/api/orgs/${centre.id}/items`, root, { kind: 'post', title: 'Вечерний пост', at: '2026-11-20T21:30:00Z' });
    expect(item.statusCode, item.body).toBe(201);
    const westAdminUser = await createUser(ctx.database, 'west-admin@example.org');
    await call('POST', `/api/orgs/${west.id}/members`, root, { email: 'west-admin@example.org', role: 'admin' });
    await call('POST', `/api/orgs/${east.id}/members`, root, { email: 'west-admin@example.org', role: 'director' });
    const westAdmin = await login(ctx.app, 'west-admin@example.org');
    // A director where it would go is not enough.
    expect((await call('PATCH', `/api/orgs/${centre.id}`, westAdmin, { parentId: east.id, version: centre.version })).statusCode).toBe(403);
    expect((await call('PATCH', `/api/orgs/${east.id}/members/${westAdminUser.id}`, root, { role: 'admin', version: 1 })).statusCode).toBe(200);
    const moved = await call('PATCH', `/api/orgs/${centre.id}`, westAdmin, { parentId: east.id, version: centre.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: east.id, timezone: 'Europe/Kaliningrad' });
    const items = (await call('GET', `/api/orgs/${centre.id}/items?from=2026-11-01&to=2026-11-30`, root)).json().items;
    // 23:30 in Kaliningrad, still the 20th; Vladivostok time, the parent's, would make it the 21st.
    expect(items.map((i: { localDay: string }) => i.localDay)).toEqual(['2026-11-20']);
  });

  it('names each bad field of a profile, in Russian or English, without a pattern in the words', async () => {
    const org = await create({ name: 'ППО', kind: 'union_primary', parentId: rootId });
    const bad = await call('PATCH', `/api/orgs/${org.id}`, { ...root, 'accept-language': 'en' }, { members: -1, figures: { solidarnost_copies: -2 }, version: org.version });
    expect(bad.statusCode).toBe(400);
    const details = bad.json().error.details as Array<{ path: string; message: string }>;
    expect(details.map((d) => d.path).sort()).toEqual(['body.figures.solidarnost_copies', 'body.members']);
    const badName = await call('PATCH', `/api/orgs/${org.id}`, { ...root, 'accept-language': 'ru' }, { figures: { 'Тираж газеты': 1 }, version: org.version });
    expect(badName.statusCode).toBe(400);
    const [detail] = badName.json().error.details as Array<{ path: string; message: string }>;
    expect(detail!.path).toMatch(/^body\.figures/);
    expect(detail!.message).not.toMatch(/\^|\[a-z/);
    const saved = await call('PATCH', `/api/orgs/${org.id}`, root, { members: 650, figures: { solidarnost_copies: 7, info_budget_percent: 5.5, press_runs: 3 }, version: org.version });
    expect(saved.json()).toMatchObject({ members: 650, figures: { solidarnost_copies: 7, info_budget_percent: 5.5, press_runs: 3 }, version: org.version + 1 });
  });
});
