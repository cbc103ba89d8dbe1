import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINTRUD_2022 } from '@ritm/domain/presets';
import type { Database } from '../db/connection.js';
import { openDatabase } from '../db/connection.js';
import { countsDrift } from '../repositories/counts.js';
import { itemJsonDrift } from '../repositories/items.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg } from '../../test/fixtures.js';
import { waitingOn } from '../../test/locks.js';
import { rebuildAllCounts } from './count-selectors.js';

/*
 * `ritm counts rebuild` beside item writes, on a PostgreSQL server (two connections; PGlite has
 * one). The rebuild holds every count lock while it counts again, and an item write holds its
 * row while its counting trigger waits for one of those locks: were the rebuild then to write
 * that row (an item text it repairs) before letting the locks go, each would wait for the other.
 */

const postgres = testDatabases().find((target) => target.name === 'postgres');

describe.skipIf(!postgres)('ritm counts rebuild beside item writes on postgres', () => {
  let database: Database;
  let other: Database;
  let orgId: string;
  let itemId: string;
  beforeAll(async () => {
    database = await postgres!.open();
    // A pool of its own: one connection holds a count row, another writes the item.
    other = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL!, schema: database.schema!, poolSize: 3 });
    const { db } = database;
    orgId = (await createOrg(database)).id;
    await db.insertInto('channels').values(['vk', 'ok', 'website'].map((type) => ({ org_id: orgId, type, name: type }))).execute();
    await db
      .insertInto('norms')
      .values(MINTRUD_2022.norms.map(({ id, ...definition }) => ({ org_id: orgId, key: id, preset: MINTRUD_2022.id, definition: JSON.stringify(definition) })))
      .execute();
    const vk = (await db.selectFrom('channels').select('id').where('org_id', '=', orgId).where('type', '=', 'vk').executeTakeFirstOrThrow()).id;
    const items = await db
      .insertInto('items')
      .values([2, 3, 4].map((day) => ({ org_id: orgId, kind: 'post', title: 'п', status: 'published', at_date: `2026-11-0${day}`, local_day: `2026-11-0${day}`, channel_ids: [vk] })))
      .returning('id')
      .execute();
    itemId = items[0]!.id;
    // Every selector registered and counted, as after a first rebuild: the next one has nothing to register.
    await rebuildAllCounts(db);
  }, 60_000);
  afterAll(async () => {
    await other?.close();
    await database?.close();
  });

  it('lets an item write wait for the counts and the item-text repair wait for the write, never deadlock', async () => {
    const { db } = database;
    // An item text written past the triggers (a restore, a bulk load): the rebuild repairs it.
    await db.transaction().execute(async (trx) => {
      await sql`alter table items disable trigger user`.execute(trx);
      await sql`update items set json_head = json_head || ' ' where id = ${itemId}`.execute(trx);
      await sql`alter table items enable trigger user`.execute(trx);
    });
    expect(await itemJsonDrift(db, [orgId])).toBe(1);

    // A count row held by a third party stops the rebuild inside its counting, every count lock held.
    let releaseCount!: () => void;
    const countHeld = new Promise<void>((resolve) => (releaseCount = resolve));
    let countLocked!: () => void;
    const countLockedOnce = new Promise<void>((resolve) => (countLocked = resolve));
    const holder = other.db.transaction().execute(async (trx) => {
      await sql`select 1 from group_counts where org_id = ${orgId} for update`.execute(trx);
      countLocked();
      await countHeld;
    });
    await countLockedOnce;
    const rebuild = rebuildAllCounts(db);
    rebuild.catch(() => {});
    await waitingOn(db, 'delete from group_counts', 'transactionid');

    // Meanwhile the item is written: its row taken, its counting trigger waits for the rebuild's locks.
    const write = other.db
      .updateTable('items')
      .set({ title: 'правка во время пересчёта' })
      .where('id', '=', itemId)
      .execute();
    write.catch(() => {});
    await waitingOn(db, 'update "items"', 'advisory');

    // The count row let go: the rebuild counts and lets its locks go, the write goes on, then the repair.
    releaseCount();
    await holder;
    const bounded = <T>(work: Promise<T>) =>
      Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('not done within 20 s')), 20_000))]);
    const [rebuilt] = await bounded(Promise.all([rebuild, write]));
    expect(rebuilt.drifted).toBe(0);
    expect(await itemJsonDrift(db, [orgId])).toBe(0);
    expect(await countsDrift(db, null)).toBe(0);
    const item = await db.selectFrom('items').select(['title', 'json_head']).where('id', '=', itemId).executeTakeFirstOrThrow();
    expect(item.title).toBe('правка во время пересчёта');
    expect(item.json_head).toContain('"title":"правка во время пересчёта"');
  }, 60_000);
});
