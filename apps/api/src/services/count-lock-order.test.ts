import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINTRUD_2022 } from '@ritm/domain/presets';
import type { Database } from '../db/connection.js';
import { openDatabase } from '../db/connection.js';
import { countsDrift } from '../repositories/counts.js';
import { findOrgContext } from '../repositories/org-context.js';
import { moveOrg, updateOrg } from '../repositories/orgs.js';
import { orgRevisionsDrift } from '../repositories/revisions.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg, createUser } from '../../test/fixtures.js';
import { waitingFor, waitingOn } from '../../test/locks.js';
import { rebuildAllCounts, syncCountSelectors } from './count-selectors.js';
import { replaceLocalDays } from './items.js';

/*
 * The count locks beside the row locks of organisation writes, on a PostgreSQL server (two
 * connections; PGlite has one). An item write takes a shared count lock in its counting trigger
 * (migration 20261130T0000) after whatever its transaction holds already; registering selectors
 * and the rebuild take them exclusively. A lock either of them asks for afterwards, held by a
 * write that goes on to write items, would make each wait for the other. Each test walks one
 * such order step by step, as the route writes it.
 */

const postgres = testDatabases().find((target) => target.name === 'postgres');

const bounded = <T>(work: Promise<T>) => Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('not done within 20 s')), 20_000))]);

/** A gate a transaction waits at until the test opens it. */
function gate(): { open: () => void; passed: Promise<void> } {
  let open!: () => void;
  const passed = new Promise<void>((resolve) => (open = resolve));
  return { open, passed };
}

describe.skipIf(!postgres)('count locks beside organisation writes on postgres', () => {
  let database: Database;
  let other: Database;
  let userId: string;
  beforeAll(async () => {
    database = await postgres!.open();
    // A pool of its own: the organisation's write and a third party's hold each take a connection.
    other = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL!, schema: database.schema!, poolSize: 3 });
    userId = (await createUser(database, 'admin@example.org')).id;
  }, 60_000);
  afterAll(async () => {
    await other?.close();
    await database?.close();
  });

  /** A centre under `parentId` bound by the Mintrud norms, with posts dated by instants late on Moscow's evening. */
  async function centreWithPosts(parentId?: string): Promise<string> {
    const { db } = database;
    const centreId = (await createOrg(database, { kind: 'employment_center', ...(parentId !== undefined && { parentId }) })).id;
    const channels = await db.insertInto('channels').values(['vk', 'ok', 'website'].map((type) => ({ org_id: centreId, type, name: type }))).returning('id').execute();
    await db
      .insertInto('norms')
      .values(MINTRUD_2022.norms.map(({ id, ...definition }) => ({ org_id: centreId, key: id, preset: MINTRUD_2022.id, definition: JSON.stringify(definition) })))
      .execute();
    // 23:30 in Moscow, 06:30 the next morning in Vladivostok: a new zone moves them to another local day.
    await db
      .insertInto('items')
      .values([2, 3, 4].map((day) => ({ org_id: centreId, kind: 'post', title: 'п', status: 'published', at_instant: new Date(`2026-11-0${day}T20:30:00Z`), local_day: `2026-11-0${day}`, channel_ids: [channels[0]!.id] })))
      .execute();
    return centreId;
  }

  it('lets a time-zone change wait for the rebuild of the counts, which repairs the revision rows after them, never deadlock', async () => {
    const { db } = database;
    const centreId = await centreWithPosts();
    await rebuildAllCounts(db);

    // A count row held by a third party stops the rebuild inside its counting, every count lock held.
    const countHeld = gate();
    const countLocked = gate();
    let holderPid = 0;
    const holder = other.db.transaction().execute(async (trx) => {
      holderPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
      await sql`select 1 from group_counts where org_id = ${centreId} for update`.execute(trx);
      countLocked.open();
      await countHeld.passed;
    });
    await countLocked.passed;

    // PATCH /orgs/:orgId with a time zone: the organisation's row (its trigger raises its revision row) ...
    const zoneSet = gate();
    const goOn = gate();
    const edit = other.db.transaction().execute(async (trx) => {
      const { version } = await trx.selectFrom('organisations').select('version').where('id', '=', centreId).executeTakeFirstOrThrow();
      await updateOrg(trx, centreId, version, { timeZone: 'Asia/Vladivostok' });
      zoneSet.open();
      await goOn.passed;
      // ... then its items' local days, whose counting trigger asks for a count lock.
      return replaceLocalDays(trx, centreId, 'Asia/Vladivostok', userId);
    });
    edit.catch(() => {});
    await zoneSet.passed;

    const rebuild = rebuildAllCounts(db);
    rebuild.catch(() => {});
    await waitingFor(db, holderPid);
    goOn.open();
    await waitingOn(db, 'update "items"', 'advisory');

    // The count row let go: the rebuild counts and lets its locks go; the time zone's items are written.
    countHeld.open();
    await holder;
    const [rebuilt, moved] = await bounded(Promise.all([rebuild, edit]));
    expect(moved).toBe(3);
    expect(rebuilt.revisions).toBe(0);
    expect(await orgRevisionsDrift(db)).toBe(0);
    expect(await countsDrift(db, null)).toBe(0);
    const days = await db.selectFrom('items').select(sql<string>`local_day::text`.as('day')).where('org_id', '=', centreId).orderBy('local_day').execute();
    expect(days.map((d) => d.day)).toEqual(['2026-11-03', '2026-11-04', '2026-11-05']);
  }, 60_000);

  it('lets selectors registered for an organisation being moved with a new time zone wait for the move, never deadlock', async () => {
    const { db } = database;
    const from = await createOrg(database, { kind: 'employment_authority', name: 'Откуда' });
    const to = await createOrg(database, { kind: 'employment_authority', name: 'Куда', timezone: 'Asia/Vladivostok' });
    // Never registered: the sync counts its history.
    const centreId = await centreWithPosts(from.id);
    const centre = (await findOrgContext(db, centreId))!;

    // PATCH /orgs/:orgId with parentId and a time zone: the move locks the centre's row (its path is a key) ...
    const movedOnce = gate();
    const goOn = gate();
    let moverPid = 0;
    const patch = other.db.transaction().execute(async (trx) => {
      moverPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
      expect(await moveOrg(trx, centreId, to.id)).toBe('moved');
      const { version } = await trx.selectFrom('organisations').select('version').where('id', '=', centreId).executeTakeFirstOrThrow();
      await updateOrg(trx, centreId, version, { timeZone: 'Asia/Vladivostok' });
      movedOnce.open();
      await goOn.passed;
      // ... then its items' local days, whose counting trigger asks for the centre's count lock.
      return replaceLocalDays(trx, centreId, 'Asia/Vladivostok', userId);
    });
    patch.catch(() => {});
    await movedOnce.passed;

    // counts.sync registers the centre's selectors meanwhile: it comes to wait for the move.
    const sync = syncCountSelectors(db, centre, false);
    sync.catch(() => {});
    await waitingFor(db, moverPid);
    goOn.open();

    const [moved, tally] = await bounded(Promise.all([patch, sync]));
    expect(moved).toBe(3);
    expect(tally!.added).toBeGreaterThan(0);
    expect((await findOrgContext(db, centreId))!.lineage).toEqual([to.id, centreId]);
    expect(await countsDrift(db, [centreId])).toBe(0);
  }, 60_000);

  it('lets selectors registered for an organisation being deleted wait for the deletion and skip it', async () => {
    const { db } = database;
    const centreId = await centreWithPosts();
    const centre = (await findOrgContext(db, centreId))!;

    // DELETE /orgs/:orgId: the row and everything in it, its items and their counts.
    const deleted = gate();
    const goOn = gate();
    let deleterPid = 0;
    const deletion = other.db.transaction().execute(async (trx) => {
      deleterPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
      await trx.deleteFrom('organisations').where('id', '=', centreId).execute();
      deleted.open();
      await goOn.passed;
    });
    await deleted.passed;

    // The sync saw the centre before it went: it waits for the deletion, then leaves the centre out.
    const sync = syncCountSelectors(db, centre, false);
    sync.catch(() => {});
    await waitingFor(db, deleterPid);
    goOn.open();
    await deletion;
    const tally = await bounded(sync);
    expect(tally!.added).toBe(0);
    expect(await db.selectFrom('count_selectors').select('id').where('org_id', '=', centreId).execute()).toEqual([]);
  }, 60_000);
});
