import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.js';
import { HttpError } from '../http/errors.js';
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
    await expect(rename('Ритм-2', 1)).resolves.toEqual({ version: 2, name: 'Ритм-2' });
  });

  it('answers 409 with the current version when someone wrote first', async () => {
    const error = await rename('stale', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 409, code: 'version_conflict', extra: { currentVersion: 2 } });
  });

  it('lets exactly one of two concurrent writers with the same version win', async () => {
    const results = await Promise.allSettled([rename('A', 2), rename('B', 2)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.statusCode)).toEqual([409]);
  });

  it('finds a row by a composite key and answers 404 for a missing one', async () => {
    const user = await createUser(database, 'versioned@example.org');
    await database.db.insertInto('memberships').values({ user_id: user.id, org_id: orgId, role: 'viewer' }).execute();
    const key = { user_id: user.id, org_id: orgId };
    const updated = await database.db
      .transaction()
      .execute((trx) => updateVersioned(trx, 'memberships', key, 1, { role: 'editor' }, ['role']));
    expect(updated).toEqual({ version: 2, role: 'editor' });
    const missing = await database.db
      .transaction()
      .execute((trx) => deleteVersioned(trx, 'memberships', { ...key, user_id: crypto.randomUUID() }, 1, [], { what: 'membership' }))
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 404, message: 'No such membership' });
    const deleted = await database.db.transaction().execute((trx) => deleteVersioned(trx, 'memberships', key, 2, ['role']));
    expect(deleted).toEqual({ version: 2, role: 'editor' });
  });
});
