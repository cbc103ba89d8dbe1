import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg, createUser, login } from '../../test/fixtures.js';

// Found by the reliability suite's fuzzer: deleting an organisation deletes its items, whose
// revision trigger then raised the revision of the organisation being deleted (a foreign key
// violation, 500).
describe.each(testDatabases())('deleting an organisation that has items on $name', ({ open }) => {
  const ctx = useTestApp(open);

  it('deletes it with its items', async () => {
    const org = await createOrg(ctx.database);
    await createUser(ctx.database, 'root@org-delete.test', { isAdmin: true });
    const headers = await login(ctx.app, 'root@org-delete.test');
    const item = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${org.id}/items`, headers, payload: { kind: 'post', title: 'Пост', at: '2026-11-20' } });
    expect(item.statusCode).toBe(201);
    const deleted = await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${org.id}?version=1`, headers });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org.id}`, headers })).statusCode).toBe(404);
  });
});
