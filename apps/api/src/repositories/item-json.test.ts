import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Item } from '@ritm/contracts/items';
import { isConfirmed } from '@ritm/domain/evidence';
import { ITEM_STATUSES } from '@ritm/domain/item';
import type { Database } from '../db/connection.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg, createUser } from '../../test/fixtures.js';
import { findItem, itemJsonDrift, listItemsJson, repairItemJson } from './items.js';

/*
 * The items' JSON kept by the database (migration 20261201T0000, issue 17): whatever writes the
 * items, their audiences and key messages, the catalogues and the users take, every item's JSON
 * as read (one item, or a month's list) is the contract's `Item` made here in JavaScript from the
 * item's stored columns and links, key for key in the contract's order, with `confirmed` as the
 * domain judges it; and the kept texts equal the ones made afresh (no drift).
 */

const MONTH = { from: '2026-11-01', to: '2026-11-30' };
const KEYS = Object.keys(Item.properties);
// Text a press officer types: Cyrillic, quotes, backslashes, line breaks, emoji, JSON's escapes.
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('Пост «о вакансиях»', 'a"b\\c\n\td', '🙂 Ярмарка', '\u2028', ''));
const instant = fc.date({ min: new Date('2026-10-25T00:00:00Z'), max: new Date('2026-12-05T00:00:00Z'), noInvalidDate: true });
const fields = fc.record({
  kind: fc.constantFrom('post', 'event', 'vacancy', 'своё'),
  title: text,
  notes: text,
  status: fc.constantFrom(...ITEM_STATUSES),
  day: fc.integer({ min: 1, max: 30 }),
  atInstant: fc.option(instant, { nil: null }),
  publishedAt: fc.option(instant, { nil: null }),
  reachReadAt: fc.option(instant, { nil: null }),
  url: fc.option(fc.constantFrom('https://vk.com/wall-1_1', 'https://t.me/c/1?a="x"'), { nil: null }),
  views: fc.option(fc.nat({ max: 100_000 }), { nil: null }),
  attachments: fc.nat({ max: 2 }),
  editor: fc.nat({ max: 2 }),
});
const write = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), items: fc.array(fields, { minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('update' as const), pick: fc.nat(), change: fields }),
  fc.record({ op: fc.constant('link' as const), pick: fc.nat(), audiences: fc.subarray([0, 1, 2]), messages: fc.subarray([0, 1]) }),
  fc.record({ op: fc.constant('unlink' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('dropAudience' as const), which: fc.nat({ max: 2 }) }),
  fc.record({ op: fc.constant('rename' as const), which: fc.nat({ max: 1 }), name: fc.constantFrom('', 'Анна Петрова', 'O"Brien') }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
);
type Fields = typeof fields extends fc.Arbitrary<infer T> ? T : never;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const day = (value: Date | string | null) => (value === null ? null : typeof value === 'string' ? value : value.toISOString().slice(0, 10));

describe.each(testDatabases())('kept item JSON on $name', (target) => {
  let database: Database;
  let orgId: string;
  let editors: string[];

  beforeAll(async () => {
    database = await target.open();
    orgId = (await createOrg(database)).id;
    editors = [(await createUser(database, 'a@ritm.local', { name: 'Ирина' })).id, (await createUser(database, 'b@ritm.local')).id];
  });
  afterAll(() => database.close());

  /** The item as the contract has it, made from its stored columns and links alone. */
  async function expected(id: string): Promise<Item> {
    const { db } = database;
    const row = await db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const audiences = (await db.selectFrom('item_audiences').select('audience_id').where('item_id', '=', id).execute()).map((r) => r.audience_id).sort();
    const messages = (await db.selectFrom('item_key_messages').select('key_message_id').where('item_id', '=', id).execute()).map((r) => r.key_message_id).sort();
    const editor = row.updated_by === null ? null : await db.selectFrom('users').select(['name', 'email']).where('id', '=', row.updated_by).executeTakeFirstOrThrow();
    return {
      id: row.id,
      orgId: row.org_id,
      planId: row.plan_id,
      kind: row.kind,
      title: row.title,
      newsHook: row.news_hook,
      format: row.format,
      status: row.status,
      at: row.at_date !== null ? day(row.at_date)! : iso(row.at_instant)!,
      localDay: day(row.local_day)!,
      channelIds: row.channel_ids,
      audienceIds: audiences,
      keyMessageIds: messages,
      responsibleId: row.responsible_id,
      publishedAt: iso(row.published_at),
      url: row.url,
      views: row.views,
      likes: row.likes,
      reposts: row.reposts,
      comments: row.comments,
      reachReadAt: iso(row.reach_read_at),
      notes: row.notes,
      attachmentCount: row.attachment_count,
      confirmed: isConfirmed({ status: row.status, url: row.url, attachmentCount: row.attachment_count }),
      seriesId: row.series_id,
      seriesDay: day(row.series_day),
      materialId: row.material_id,
      version: row.version,
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
      updatedBy: row.updated_by === null ? null : { id: row.updated_by, name: editor!.name || editor!.email },
    } as Item;
  }

  it('reads every item as its stored columns and links make it, after any writes', async () => {
    const { db } = database;
    const columns = (f: Fields) => ({
      kind: f.kind,
      title: f.title,
      notes: f.notes,
      status: f.status,
      at_date: f.atInstant === null ? `2026-11-${String(f.day).padStart(2, '0')}` : null,
      at_instant: f.atInstant,
      local_day: `2026-11-${String(f.day).padStart(2, '0')}`,
      published_at: f.publishedAt,
      reach_read_at: f.reachReadAt,
      url: f.url,
      views: f.views,
      likes: f.views === null ? null : f.views % 7,
      attachment_count: f.attachments,
      updated_by: f.editor < 2 ? editors[f.editor]! : null,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(write, { maxLength: 10 }), async (writes) => {
        await db.deleteFrom('items').where('org_id', '=', orgId).execute();
        await db.deleteFrom('audiences').where('org_id', '=', orgId).execute();
        await db.deleteFrom('key_messages').where('org_id', '=', orgId).execute();
        const audiences = (await db.insertInto('audiences').values([0, 1, 2].map((n) => ({ org_id: orgId, name: `Аудитория ${n}` }))).returning('id').execute()).map((r) => r.id);
        const messages = (await db.insertInto('key_messages').values([0, 1].map((n) => ({ org_id: orgId, text: `Сообщение ${n}` }))).returning('id').execute()).map((r) => r.id);
        const dropped = new Set<number>();
        const ids = async () => (await db.selectFrom('items').select('id').where('org_id', '=', orgId).orderBy('id').execute()).map((r) => r.id);
        for (const w of writes) {
          const all = await ids();
          const picked = all.length === 0 ? undefined : all[('pick' in w ? w.pick : 0) % all.length];
          if (w.op === 'insert') await db.insertInto('items').values(w.items.map((f) => ({ ...columns(f), org_id: orgId }))).execute();
          else if (w.op === 'update' && picked) await db.updateTable('items').set({ ...columns(w.change), version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', picked).execute();
          else if (w.op === 'link' && picked) {
            await db.transaction().execute(async (trx) => {
              await trx.deleteFrom('item_audiences').where('item_id', '=', picked).execute();
              const kept = w.audiences.filter((n) => !dropped.has(n));
              if (kept.length > 0) await trx.insertInto('item_audiences').values(kept.map((n) => ({ item_id: picked, audience_id: audiences[n]! }))).execute();
              if (w.messages.length > 0) await trx.insertInto('item_key_messages').values(w.messages.map((n) => ({ item_id: picked, key_message_id: messages[n]! }))).onConflict((oc) => oc.doNothing()).execute();
            });
          } else if (w.op === 'unlink' && picked) await db.deleteFrom('item_key_messages').where('item_id', '=', picked).execute();
          else if (w.op === 'dropAudience') {
            await db.deleteFrom('audiences').where('id', '=', audiences[w.which]!).execute();
            dropped.add(w.which);
          }
          else if (w.op === 'rename') await db.updateTable('users').set({ name: w.name }).where('id', '=', editors[w.which]!).execute();
          else if (w.op === 'delete' && picked) await db.deleteFrom('items').where('id', '=', picked).execute();
        }
        expect(await itemJsonDrift(db, [orgId])).toBe(0);
        const wanted = await Promise.all((await ids()).map(expected));
        for (const item of wanted) {
          const read = await findItem(db, orgId, item.id);
          expect(read).toEqual(item);
          expect(Object.keys(read!)).toEqual(KEYS);
        }
        const list = JSON.parse(await listItemsJson(db, orgId, MONTH)) as { items: Item[] };
        expect(new Set(list.items.map((item) => item.id))).toEqual(new Set(wanted.map((item) => item.id)));
        for (const item of list.items) expect(item).toEqual(wanted.find((w) => w.id === item.id));
      }),
      { numRuns: target.name === 'pglite' ? 25 : 40 },
    );
  });

  it('finds texts written past the triggers, and a rebuild writes them again and raises the lists revision', async () => {
    const { db } = database;
    await db.deleteFrom('items').where('org_id', '=', orgId).execute();
    await db.insertInto('items').values([3, 4].map((d) => ({ org_id: orgId, kind: 'post', title: `t${d}`, status: 'planned' as const, at_date: `2026-11-0${d}`, local_day: `2026-11-0${d}` }))).execute();
    expect(await itemJsonDrift(db, null)).toBe(0);
    const [first] = await db.selectFrom('items').select('id').where('org_id', '=', orgId).orderBy('local_day').execute();
    // A bulk load with the triggers off: the title changed, its text did not.
    await db.transaction().execute(async (trx) => {
      await sql`alter table items disable trigger user`.execute(trx);
      await trx.updateTable('items').set({ title: 'без триггеров' }).where('id', '=', first!.id).execute();
      await sql`alter table items enable trigger user`.execute(trx);
    });
    expect(await itemJsonDrift(db, null)).toBe(1);
    expect((await findItem(db, orgId, first!.id))!.title).toBe('t3');
    const revision = async () => (await db.selectFrom('org_revisions').select('items').where('org_id', '=', orgId).executeTakeFirstOrThrow()).items;
    const before = await revision();
    expect(await db.transaction().execute((trx) => repairItemJson(trx))).toBe(1);
    expect(await itemJsonDrift(db, null)).toBe(0);
    expect((await findItem(db, orgId, first!.id))!.title).toBe('без триггеров');
    expect(Number(await revision())).toBeGreaterThan(Number(before));
    expect(await db.transaction().execute((trx) => repairItemJson(trx))).toBe(0);
  });
});
