import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './app.js';
import { testDatabases } from './databases.js';
import { createUser, login } from './fixtures.js';

// Issue 10 (9): after a move, an organisation's audit history named its old parent to the people
// of its new tree.
describe.each(testDatabases())('audit history after a move on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let root: Record<string, string>;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    await createUser(ctx.database, 'root@example.org', { isAdmin: true });
    root = await login(ctx.app, 'root@example.org');
    const create = async (name: string, parentId?: string) =>
      (await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: root, payload: { name, kind: 'other', ...(parentId && { parentId }) } })).json().id as string;
    ids.top = await create('Федерация');
    ids.north = await create('Север', ids.top);
    ids.south = await create('Юг', ids.top);
    ids.branch = await create('Отделение', ids.north);
    await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${ids.branch}`, headers: root, payload: { name: 'Отделение №1', version: 1 } });
    const moved = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${ids.branch}`, headers: root, payload: { parentId: ids.south, version: 2 } });
    expect(moved.statusCode, moved.body).toBe(200);
    for (const [email, org] of [['south@example.org', ids.south], ['branch@example.org', ids.branch]] as const) {
      await createUser(ctx.database, email);
      await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org}/members`, headers: root, payload: { email, role: 'director' } });
    }
  });

  it("never shows the old parent's id to the new tree's people", async () => {
    for (const [email, org] of [['south@example.org', ids.south], ['branch@example.org', ids.branch], ['south@example.org', ids.branch]] as const) {
      const headers = await login(ctx.app, email);
      for (let read = 0; read < 20; read++) {
        const response = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org}/audit`, headers });
        expect(response.statusCode).toBe(200);
        const entries = response.json().entries as Array<{ entity: string; entityId: string }>;
        expect(entries.some((e) => e.entity === 'organisation' && e.entityId === ids.branch), email).toBe(true);
        expect(response.body, `${email} reading ${org}, read ${read}`).not.toContain(ids.north);
      }
    }
  });

  it('keeps what the reader can see: the new parent, and everything for a system administrator', async () => {
    const south = await login(ctx.app, 'south@example.org');
    const entries = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${ids.branch}/audit?entity=organisation`, headers: south })).json().entries;
    expect(entries).toContainEqual(expect.objectContaining({ action: 'update', after: expect.objectContaining({ parentId: ids.south }) }));
    const all = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${ids.branch}/audit?entity=organisation`, headers: root })).json().entries;
    expect(all).toContainEqual(expect.objectContaining({ before: expect.objectContaining({ parentId: ids.north }), after: expect.objectContaining({ parentId: ids.south }) }));
  });
});
