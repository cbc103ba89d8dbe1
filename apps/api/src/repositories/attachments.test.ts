import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg } from '../../test/fixtures.js';
import { waitingOn } from '../../test/locks.js';
import { attachmentCountDrift, deleteAttachment, insertAttachment, repairAttachmentCounts } from './attachments.js';

/*
 * The same attachment deleted twice at the same moment, on a PostgreSQL server (two connections;
 * PGlite runs one transaction at a time). Found by a review: both deletes said they deleted it and
 * both counted it off the item, whose `attachment_count` then said one fewer than it holds — an
 * item with a photo taken for one without, and not counted where only confirmed items count.
 */

const postgres = testDatabases().find((target) => target.name === 'postgres');

describe.skipIf(!postgres)('an attachment deleted twice at once on postgres', () => {
  let database: Database;
  let orgId: string;
  let itemId: string;
  let user: string;
  const attachments: string[] = [];
  const photo = (item: string, name: string) => ({ orgId, itemId: item, name, contentType: 'image/jpeg' as const, sha256: '0'.repeat(64), data: new Uint8Array([0xff, 0xd8, 0xff]), uploadedBy: user });
  beforeAll(async () => {
    database = await postgres!.open();
    const { db } = database;
    orgId = (await createOrg(database)).id;
    itemId = (await db.insertInto('items').values({ org_id: orgId, kind: 'post', title: 'Пост', status: 'published', at_date: '2026-11-10', local_day: '2026-11-10' }).returning('id').executeTakeFirstOrThrow()).id;
    user = (await db.insertInto('users').values({ email: 'editor@example.org', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow()).id;
    for (const name of ['a.jpg', 'b.jpg']) attachments.push((await db.transaction().execute((trx) => insertAttachment(trx, photo(itemId, name))))!.id);
  }, 60_000);
  afterAll(() => database?.close());

  it('is deleted and counted off once: the second delete finds nothing, and the item counts what it holds', async () => {
    const { db } = database;
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let firstDeleted!: () => void;
    const deleted = new Promise<void>((resolve) => (firstDeleted = resolve));
    // The first delete holds its transaction open; the second, on another connection, waits for its row.
    const first = db.transaction().execute(async (trx) => {
      const removed = await deleteAttachment(trx, orgId, itemId, attachments[0]!);
      firstDeleted();
      await held;
      return removed;
    });
    await deleted;
    const second = db.transaction().execute((trx) => deleteAttachment(trx, orgId, itemId, attachments[0]!));
    try {
      await waitingOn(db, 'delete from "item_attachments"', 'transactionid');
    } finally {
      letGo();
    }
    const [one, other] = await Promise.all([first, second]);
    expect(one?.id).toBe(attachments[0]);
    expect(other).toBeUndefined();
    const { attachment_count } = await db.selectFrom('items').select('attachment_count').where('id', '=', itemId).executeTakeFirstOrThrow();
    const stored = await sql<{ n: number }>`select count(*)::int as n from item_attachments where item_id = ${itemId}`.execute(db);
    expect(stored.rows[0]!.n).toBe(1);
    expect(attachment_count).toBe(1);
  });

  /*
   * `ritm counts rebuild` sets drifted counts again beside a running server (found by a review of
   * its first version, which counted the files in the statement that waited for an upload's or
   * delete's row, from a snapshot taken before they committed).
   */
  async function driftedItemWith(files: number): Promise<{ item: string; ids: string[] }> {
    const { db } = database;
    const item = (await db.insertInto('items').values({ org_id: orgId, kind: 'post', title: 'Пост', status: 'published', at_date: '2026-11-10', local_day: '2026-11-10' }).returning('id').executeTakeFirstOrThrow()).id;
    const ids: string[] = [];
    for (let i = 0; i < files; i++) ids.push((await db.transaction().execute((trx) => insertAttachment(trx, photo(item, `${i}.jpg`))))!.id);
    // As the race fixed above left such items: a file counted off twice.
    await sql`update items set attachment_count = 1 where id = ${item}`.execute(db);
    return { item, ids };
  }

  async function repairBeside(write: (trx: Parameters<typeof repairAttachmentCounts>[0]) => Promise<unknown>): Promise<void> {
    const { db } = database;
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const writer = db.transaction().execute(async (trx) => {
      await write(trx);
      written();
      await held;
    });
    await wrote;
    const repair = db.transaction().execute(repairAttachmentCounts);
    try {
      await waitingOn(db, 'for no key update', 'transactionid');
    } finally {
      letGo();
    }
    await Promise.all([writer, repair]);
  }

  const countedAndHeld = async (item: string) =>
    (await sql<{ counted: number; held: number }>`select attachment_count as counted, (select count(*)::int from item_attachments where item_id = ${item}) as held from items where id = ${item}`.execute(database.db)).rows[0];

  it('sets a drifted count again beside an upload to the same item, counting the upload', async () => {
    const { item } = await driftedItemWith(2);
    await repairBeside((trx) => insertAttachment(trx, photo(item, 'late.jpg')));
    expect(await countedAndHeld(item)).toEqual({ counted: 3, held: 3 });
  });

  it('sets a drifted count again beside a delete from the same item, counting the delete', async () => {
    const { item, ids } = await driftedItemWith(3);
    await repairBeside((trx) => deleteAttachment(trx, orgId, item, ids[0]!));
    expect(await countedAndHeld(item)).toEqual({ counted: 2, held: 2 });
    expect(await attachmentCountDrift(database.db)).toBe(0);
  });
});
