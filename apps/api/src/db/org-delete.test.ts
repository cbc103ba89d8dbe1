import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { buildTestApp } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg, createUser, login } from '../../test/fixtures.js';
import type { Database } from './connection.js';

// Found by the reliability suite's fuzzer: deleting an organisation deletes its items, whose
// revision trigger then raised the revision of the organisation being deleted (a foreign key
// violation, 500).
describe.each(testDatabases())('deleting an organisation that has items on $name', ({ open }) => {
  let database: Database;
  let app: App;
  beforeAll(async () => {
    database = await open();
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('deletes it with its items', async () => {
    const org = await createOrg(database);
    await createUser(database, 'root@org-delete.test', { isAdmin: true });
    const headers = await login(app, 'root@org-delete.test');
    const item = await app.inject({ method: 'POST', url: `/api/orgs/${org.id}/items`, headers, payload: { kind: 'post', title: 'Пост', at: '2026-11-20' } });
    expect(item.statusCode).toBe(201);
    const deleted = await app.inject({ method: 'DELETE', url: `/api/orgs/${org.id}?version=1`, headers });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/orgs/${org.id}`, headers })).statusCode).toBe(404);
  });
});
