import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.js';
import { testDatabases } from '../../test/databases.js';
import { createUser } from '../../test/fixtures.js';
import { deleteVersioned, updateVersioned } from './versioned.js';

describe.each(testDatabases())('versioned writes on $name', ({ open }) => {
  let database: Database;
  let orgId: string;
  beforeAll(async () => {
    database = await open();
    const row = await database.db
      .insertInto('organisations')
      .values({ path: '/x/', depth: 0, kind: 'other', name: 'Ритм', members: null, figures: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    orgId = row.id;
  });
  afterAll(() => database.close());

  const rename = (name: string, version: number) =>
    database.db.transaction().execute((trx) => updateVersioned(trx, 'organisations', orgId, version, { name }, ['name']));

  it('writes when the version matches and bumps it', async () => {
    await expect(rename('Ритм-2', 1)).resolves.toEqual({ kind: 'written', row: { version: 2, name: 'Ритм-2' } });
  });

  it('says the row is stale, with its current version, when someone wrote first', async () => {
    await expect(rename('stale', 1)).resolves.toEqual({ kind: 'stale', currentVersion: 2 });
  });

  it('lets exactly one of two concurrent writers with the same version win', async () => {
    const results = await Promise.all([rename('A', 2), rename('B', 2)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['stale', 'written']);
    expect(results.find((r) => r.kind === 'stale')).toEqual({ kind: 'stale', currentVersion: 3 });
  });

  it('finds a row by a composite key and says when one is missing', async () => {
    const user = await createUser(database, 'versioned@example.org');
    await database.db.insertInto('memberships').values({ user_id: user.id, org_id: orgId, role: 'viewer' }).execute();
    const key = { user_id: user.id, org_id: orgId };
    const updated = await database.db
      .transaction()
      .execute((trx) => updateVersioned(trx, 'memberships', key, 1, { role: 'editor' }, ['role']));
    expect(updated).toEqual({ kind: 'written', row: { version: 2, role: 'editor' } });
    const missing = await database.db
      .transaction()
      .execute((trx) => deleteVersioned(trx, 'memberships', { ...key, user_id: crypto.randomUUID() }, 1));
    expect(missing).toEqual({ kind: 'missing' });
    const deleted = await database.db.transaction().execute((trx) => deleteVersioned(trx, 'memberships', key, 2, ['role']));
    expect(deleted).toEqual({ kind: 'written', row: { version: 2, role: 'editor' } });
  });
});
