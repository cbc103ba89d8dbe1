import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Database } from '../src/db/connection.js';
import { buildTestApp } from './app.js';
import { testDatabases } from './databases.js';
import { createUser, login } from './fixtures.js';

// Issue 10 (9): after a move, an organisation's audit history named its old parent to the people
// of its new tree.
describe.each(testDatabases())('audit history after a move on $name', ({ open }) => {
  let database: Database;
  let app: App;
  let root: Record<string, string>;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    database = await open();
    app = await buildTestApp(database);
    await createUser(database, 'root@example.org', { isAdmin: true });
    root = await login(app, 'root@example.org');
    const create = async (name: string, parentId?: string) =>
      (await app.inject({ method: 'POST', url: '/api/orgs', headers: root, payload: { name, kind: 'other', ...(parentId && { parentId }) } })).json().id as string;
    ids.top = await create('Федерация');
    ids.north = await create('Север', ids.top);
    ids.south = await create('Юг', ids.top);
    ids.branch = await create('Отделение', ids.north);
    await app.inject({ method: 'PATCH', url: `/api/orgs/${ids.branch}`, headers: root, payload: { name: 'Отделение №1', version: 1 } });
    const moved = await app.inject({ method: 'PATCH', url: `/api/orgs/${ids.branch}`, headers: root, payload: { parentId: ids.south, version: 2 } });
    expect(moved.statusCode, moved.body).toBe(200);
    for (const [email, org] of [['south@example.org', ids.south], ['branch@example.org', ids.branch]] as const) {
      await createUser(database, email);
      await app.inject({ method: 'POST', url: `/api/orgs/${org}/members`, headers: root, payload: { email, role: 'director' } });
    }
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it("never shows the old parent's id to the new tree's people", async () => {
    for (const [email, org] of [['south@example.org', ids.south], ['branch@example.org', ids.branch], ['south@example.org', ids.branch]] as const) {
      const headers = await login(app, email);
      for (let read = 0; read < 20; read++) {
        const response = await app.inject({ method: 'GET', url: `/api/orgs/${org}/audit`, headers });
        expect(response.statusCode).toBe(200);
        const entries = response.json().entries as Array<{ entity: string; entityId: string }>;
        expect(entries.some((e) => e.entity === 'organisation' && e.entityId === ids.branch), email).toBe(true);
        expect(response.body, `${email} reading ${org}, read ${read}`).not.toContain(ids.north);
      }
    }
  });

  it('keeps what the reader can see: the new parent, and everything for a system administrator', async () => {
    const south = await login(app, 'south@example.org');
    const entries = (await app.inject({ method: 'GET', url: `/api/orgs/${ids.branch}/audit?entity=organisation`, headers: south })).json().entries;
    expect(entries).toContainEqual(expect.objectContaining({ action: 'update', after: expect.objectContaining({ parentId: ids.south }) }));
    const all = (await app.inject({ method: 'GET', url: `/api/orgs/${ids.branch}/audit?entity=organisation`, headers: root })).json().entries;
    expect(all).toContainEqual(expect.objectContaining({ before: expect.objectContaining({ parentId: ids.north }), after: expect.objectContaining({ parentId: ids.south }) }));
  });
});
