import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg } from '../../test/fixtures.js';
import { waitingOn } from '../../test/locks.js';
import { deleteAttachment, insertAttachment } from './attachments.js';

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
  const attachments: string[] = [];
  beforeAll(async () => {
    database = await postgres!.open();
    const { db } = database;
    orgId = (await createOrg(database)).id;
    itemId = (await db.insertInto('items').values({ org_id: orgId, kind: 'post', title: 'Пост', status: 'published', at_date: '2026-11-10', local_day: '2026-11-10' }).returning('id').executeTakeFirstOrThrow()).id;
    const user = (await db.insertInto('users').values({ email: 'editor@example.org', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow()).id;
    for (const name of ['a.jpg', 'b.jpg']) {
      const file = { orgId, itemId, name, contentType: 'image/jpeg' as const, sha256: '0'.repeat(64), data: new Uint8Array([0xff, 0xd8, 0xff]), uploadedBy: user };
      attachments.push((await db.transaction().execute((trx) => insertAttachment(trx, file)))!.id);
    }
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
    await waitingOn(db, 'delete from "item_attachments"', 'transactionid');
    letGo();
    const [one, other] = await Promise.all([first, second]);
    expect(one?.id).toBe(attachments[0]);
    expect(other).toBeUndefined();
    const { attachment_count } = await db.selectFrom('items').select('attachment_count').where('id', '=', itemId).executeTakeFirstOrThrow();
    const stored = await sql<{ n: number }>`select count(*)::int as n from item_attachments where item_id = ${itemId}`.execute(db);
    expect(stored.rows[0]!.n).toBe(1);
    expect(attachment_count).toBe(1);
  });
});
