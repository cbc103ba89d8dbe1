import { randomUUID } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Item } from '@ritm/contracts/items';
import { isConfirmed } from '@ritm/domain/evidence';
import { ITEM_STATUSES } from '@ritm/domain/item';
import type { Database } from '../db/connection.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg, createUser } from '../../test/fixtures.js';
import { ItemLists } from '../plugins/item-lists.js';
import { CacheBudget } from '../services/stamped-memo.js';
import { findItem, itemJsonDrift, listItems as listText, repairItemJson, revisedListExpression, splitItemList } from './items.js';
import { itemsRevisionOf } from './revisions.js';

/*
 * The items' JSON kept by the database (migration 20261201T0000, issue 17): whatever writes the
 * items, their audiences and key messages, the catalogues and the users take, every item's JSON
 * as read (one item, or a month's list) is the contract's `Item` made here in JavaScript from the
 * item's stored columns and links, key for key in the contract's order, with `confirmed` as the
 * domain judges it; and the kept texts equal the ones made afresh (no drift). The list the API
 * puts together from the texts it holds (plugins/item-lists.ts), read again after every write,
 * is byte for byte the list read with every text sent, also when its cache lets texts go.
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
  reposts: fc.option(fc.nat({ max: 50 }), { nil: null }),
  comments: fc.option(fc.nat({ max: 50 }), { nil: null }),
  newsHook: text,
  format: fc.constantFrom('', 'лонгрид', 'видео "коротко"'),
  channels: fc.subarray([0, 1, 2]),
  seriesDay: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
  attachments: fc.nat({ max: 2 }),
  // Users 0–2 (2 may be deleted), or none.
  editor: fc.nat({ max: 3 }),
  responsible: fc.nat({ max: 3 }),
});
const write = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), items: fc.array(fields, { minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('update' as const), pick: fc.nat(), change: fields }),
  fc.record({ op: fc.constant('link' as const), pick: fc.nat(), audiences: fc.subarray([0, 1, 2]), messages: fc.subarray([0, 1]) }),
  // One statement linking several items, as creating or changing many items at once does.
  fc.record({ op: fc.constant('linkAll' as const), audience: fc.nat({ max: 2 }) }),
  // A write from a session whose dates print otherwise: the kept text is the same for every reader.
  fc.record({ op: fc.constant('otherSession' as const), pick: fc.nat(), change: fields }),
  fc.record({ op: fc.constant('dropUser' as const) }),
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
  const channelIds = [randomUUID(), randomUUID(), randomUUID()].sort();

  beforeAll(async () => {
    database = await target.open();
    orgId = (await createOrg(database)).id;
    editors = [(await createUser(database, 'a@ritm.local', { name: 'Ирина' })).id, (await createUser(database, 'b@ritm.local')).id];
  });
  afterAll(() => database.close());

  const keyOf = (query: typeof MONTH) => ItemLists.keyOf(orgId, query);
  const listItems: (...args: Parameters<typeof listText>) => Promise<ReturnType<typeof splitItemList>> = async (...args) => splitItemList(await listText(...args));

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
      reposts: f.reposts,
      comments: f.comments,
      news_hook: f.newsHook,
      format: f.format,
      channel_ids: f.channels.map((n) => channelIds[n]!),
      series_day: f.seriesDay === null ? null : `2026-11-${String(f.seriesDay).padStart(2, '0')}`,
      attachment_count: f.attachments,
      updated_by: f.editor < 3 ? editors[f.editor]! : null,
      responsible_id: f.responsible < 3 ? editors[f.responsible]! : null,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(write, { maxLength: 10 }), async (writes) => {
        await db.deleteFrom('items').where('org_id', '=', orgId).execute();
        await db.deleteFrom('audiences').where('org_id', '=', orgId).execute();
        await db.deleteFrom('key_messages').where('org_id', '=', orgId).execute();
        const audiences = (await db.insertInto('audiences').values([0, 1, 2].map((n) => ({ org_id: orgId, name: `Аудитория ${n}` }))).returning('id').execute()).map((r) => r.id);
        const messages = (await db.insertInto('key_messages').values([0, 1].map((n) => ({ org_id: orgId, text: `Сообщение ${n}` }))).returning('id').execute()).map((r) => r.id);
        const dropped = new Set<number>();
        let userGone = false;
        await db.deleteFrom('users').where('email', '=', 'c@ritm.local').execute();
        editors[2] = (await createUser(database, 'c@ritm.local', { name: 'Третий' })).id;
        // The API's lists: one with room for everything, one whose budget keeps a list of an item or two at most.
        const lists = [new ItemLists(new CacheBudget(1 << 20)), new ItemLists(new CacheBudget(4_000))];
        const sentWhole = async () => `{"items":[${(await listItems(db, orgId, MONTH, '')).map((item) => `${item.head}${item.editor}}`).join(',')}]}`;
        const asked = { coding: undefined, ifNoneMatch: undefined };
        const readAgain = async () => {
          const whole = await sentWhole();
          for (const api of lists) {
            const answer = await api.list(db, orgId, MONTH, { readWithCaller: null, fresh: true, asked });
            expect(answer.bytes!.toString()).toBe(whole);
            // As a browser asks after a change: under the revision read with the caller, as Brotli
            // (the kept list, reused under a newer revision, keeps its form and is counted once).
            const revision = await itemsRevisionOf(db, orgId);
            const browser = await api.list(db, orgId, MONTH, { readWithCaller: revision, fresh: false, asked: { coding: 'br', ifNoneMatch: undefined } });
            expect(browser.coding === 'br' ? brotliDecompressSync(browser.bytes!).toString() : browser.bytes!.toString()).toBe(whole);
            const kept = api.memo.peek(keyOf(MONTH));
            if (kept !== undefined) {
              const counted = api.memo.bytes;
              api.memo.set(keyOf(MONTH), revision, kept);
              expect(api.memo.bytes).toBe(counted);
            }
          }
          // Read with the caller naming every item as held (a kept list replaced since, or never
          // kept): each text missing from the kept list makes the list read again, whole.
          const named = `${await itemsRevisionOf(db, orgId)}\n${(await listItems(db, orgId, MONTH, '')).map((item) => `${item.tag}\x1f${item.editor}\x1f`).join('\x1e')}`;
          for (const api of [...lists, new ItemLists(new CacheBudget(1 << 20))]) {
            const answer = await api.list(db, orgId, MONTH, { readWithCaller: named, fresh: true, asked });
            expect(answer.bytes!.toString()).toBe(whole);
          }
        };
        const ids = async () => (await db.selectFrom('items').select('id').where('org_id', '=', orgId).orderBy('id').execute()).map((r) => r.id);
        for (const w of writes) {
          const all = await ids();
          const picked = all.length === 0 ? undefined : all[('pick' in w ? w.pick : 0) % all.length];
          // A deleted user's id, still named by a write after it, writes no one.
          const live = (f: Fields) => ({ ...columns(f), ...(userGone && { updated_by: f.editor < 2 ? editors[f.editor]! : null, responsible_id: f.responsible < 2 ? editors[f.responsible]! : null }) });
          if (w.op === 'insert') await db.insertInto('items').values(w.items.map((f) => ({ ...live(f), org_id: orgId }))).execute();
          else if (w.op === 'update' && picked) await db.updateTable('items').set({ ...live(w.change), version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', picked).execute();
          else if (w.op === 'otherSession' && picked) {
            await db.transaction().execute(async (trx) => {
              await sql`set local datestyle = 'SQL, DMY'`.execute(trx);
              await sql`set local timezone = 'Asia/Vladivostok'`.execute(trx);
              await trx.updateTable('items').set({ ...live(w.change), version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', picked).execute();
            });
          } else if (w.op === 'linkAll' && !dropped.has(w.audience) && all.length > 0) {
            await db.insertInto('item_audiences').values(all.map((id) => ({ item_id: id, audience_id: audiences[w.audience]! }))).onConflict((oc) => oc.doNothing()).execute();
          } else if (w.op === 'dropUser' && !userGone) {
            await db.deleteFrom('users').where('id', '=', editors[2]!).execute();
            userGone = true;
          }
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
          await readAgain();
        }
        expect(await itemJsonDrift(db, [orgId])).toBe(0);
        const wanted = await Promise.all((await ids()).map(expected));
        for (const item of wanted) {
          const read = await findItem(db, orgId, item.id);
          expect(read).toEqual(item);
          expect(Object.keys(read!)).toEqual(KEYS);
        }
        const list = JSON.parse(await sentWhole()) as { items: Item[] };
        expect(new Set(list.items.map((item) => item.id))).toEqual(new Set(wanted.map((item) => item.id)));
        for (const item of list.items) expect(item).toEqual(wanted.find((w) => w.id === item.id));
      }),
      { numRuns: target.name === 'pglite' ? 25 : 40 },
    );
  });

  describe('a list read again', () => {
    const asked = { coding: undefined, ifNoneMatch: undefined };
    const whole = async (query = MONTH) => `{"items":[${(await listItems(database.db, orgId, query, '')).map((i) => `${i.head}${i.editor}}`).join(',')}]}`;
    const seed = async (days: number[]) => {
      await database.db.deleteFrom('items').where('org_id', '=', orgId).execute();
      await database.db
        .insertInto('items')
        .values(days.map((d, n) => ({ org_id: orgId, kind: 'post', title: `Пост ${n}`, status: 'planned' as const, at_date: `2026-11-${String(d).padStart(2, '0')}`, local_day: `2026-11-${String(d).padStart(2, '0')}` })))
        .execute();
    };

    it('is sent only the texts of items changed since, and put together byte for byte', async () => {
      const { db } = database;
      await seed([3, 4, 5, 9]);
      const api = new ItemLists(new CacheBudget(1 << 20));
      await api.list(db, orgId, MONTH, { readWithCaller: null, fresh: true, asked });
      const held = api.memo.peek(keyOf(MONTH))!.tags;
      expect((await listItems(db, orgId, MONTH, held)).map((item) => item.head)).toEqual([null, null, null, null]);
      await db.updateTable('items').set({ title: 'изменён' }).where('org_id', '=', orgId).where('local_day', '=', '2026-11-04').execute();
      const sent = await listItems(db, orgId, MONTH, held);
      expect(sent.map((item) => item.head === null)).toEqual([true, false, true, true]);
      expect(JSON.parse(`${sent[1]!.head}null}`).title).toBe('изменён');
      const answer = await api.list(db, orgId, MONTH, { readWithCaller: null, fresh: true, asked });
      expect(answer.bytes!.toString()).toBe(await whole());
    });

    it('read with the caller, after another request replaced the kept list it named, is read again whole', async () => {
      const { db } = database;
      await seed([3, 4]);
      const api = new ItemLists(new CacheBudget(1 << 20));
      await api.list(db, orgId, MONTH, { readWithCaller: null, fresh: true, asked });
      // Request 1's statement with the caller names the kept list's tags …
      const { rows } = await sql<{ text: string }>`select ${revisedListExpression(orgId, MONTH, api.memo.peek(keyOf(MONTH))!.tags)} as text`.execute(db);
      // … an item changes, and request 2 replaces the kept list before request 1 puts its list together.
      await db.updateTable('items').set({ title: 'изменён' }).where('org_id', '=', orgId).where('local_day', '=', '2026-11-03').execute();
      await api.list(db, orgId, MONTH, { readWithCaller: null, fresh: true, asked });
      const answer = await api.list(db, orgId, MONTH, { readWithCaller: rows[0]!.text, fresh: true, asked });
      expect(answer.bytes!.toString()).toBe(await whole());
    });

    it('of hundreds of items, every one held, is the same list; a tag written past the triggers names nothing', async () => {
      const { db } = database;
      const query = { from: '2026-01-01', to: '2026-12-31' };
      await seed(Array.from({ length: 600 }, (_, n) => 1 + (n % 30)));
      const api = new ItemLists(new CacheBudget(8 << 20));
      const first = await api.list(db, orgId, query, { readWithCaller: null, fresh: true, asked });
      expect(first.bytes!.toString()).toBe(await whole(query));
      expect((await listItems(db, orgId, query, api.memo.peek(keyOf(query))!.tags)).every((item) => item.head === null)).toBe(true);
      expect((await api.list(db, orgId, query, { readWithCaller: null, fresh: true, asked })).etag).toBe(first.etag);
      // A bulk load with the triggers off left an item without its tag: it is sent, never named.
      await db.transaction().execute(async (trx) => {
        await sql`alter table items disable trigger user`.execute(trx);
        await sql`update items set json_tag = '' where id = (select id from items where org_id = ${orgId} order by id limit 1)`.execute(trx);
        await sql`alter table items enable trigger user`.execute(trx);
      });
      const again = await api.list(db, orgId, query, { readWithCaller: null, fresh: true, asked });
      expect(again.bytes!.toString()).toBe(await whole(query));
      expect((await api.list(db, orgId, query, { readWithCaller: null, fresh: true, asked })).bytes!.toString()).toBe(await whole(query));
      await db.transaction().execute((trx) => repairItemJson(trx));
    });
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
