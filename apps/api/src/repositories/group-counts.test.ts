import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingGroups, countingSelector, rowsFromCounts, type CountingSelector } from '@ritm/domain/counting-groups';
import { evaluate } from '@ritm/domain/evaluate';
import { isConfirmed } from '@ritm/domain/evidence';
import type { FrequencyNorm } from '@ritm/domain/norm';
import type { Database } from '../db/connection.js';
import { openDatabase } from '../db/connection.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg } from '../../test/fixtures.js';
import { dayOf, itemArb, normArb, RANGE, STATUSES, toNorms, TYPES, type ItemSpec } from '../../test/counting-arbitraries.js';
import { countGroups, countsDrift, readCounts, rebuildCounts, registeredSelectors, syncSelectors } from './counts.js';

/*
 * The maintained counts (issue 17): whatever sequence of writes the items take, before or after
 * their organisation's selectors are registered, the counts the triggers keep equal a count made
 * afresh from the items (the rebuild), and compliance read from them equals compliance counted
 * from the items and the evaluator's own judgement of the same items, for any today.
 */

const norm = normArb(['day', 'week', 'month', 'quarter']);
const itemSpec = itemArb;
// One write among those the application makes: a bulk insert, a change of any counted column of some items, a deletion.
const write = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), items: fc.array(itemSpec, { minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('update' as const), pick: fc.nat(), change: itemSpec, fields: fc.uniqueArray(fc.constantFrom('kind', 'status', 'day', 'channels', 'url', 'attachments'), { minLength: 1 }) }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  // One statement changing many items at once (a bulk edit), and items moved to another organisation and back.
  fc.record({ op: fc.constant('updateMany' as const), status: fc.constantFrom(...STATUSES), shift: fc.integer({ min: -10, max: 10 }) }),
  fc.record({ op: fc.constant('move' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('moveBack' as const) }),
  fc.record({ op: fc.constant('sync' as const), norms: fc.array(norm, { minLength: 1, maxLength: 3 }) }),
);

describe.each(testDatabases())('maintained counts on $name', (target) => {
  let database: Database;
  let orgId: string;
  let otherId: string;
  const channelIds = TYPES.map(() => randomUUID());
  const foreign = randomUUID();
  const channels = TYPES.map((type, i) => ({ id: channelIds[i]!, type, ...(i === 1 && { since: '2026-10-20' }) }));
  const base = (norms: FrequencyNorm[]) => ({
    org: { kind: 'employment_center' as const, figures: {} },
    channels,
    norms,
    exemptions: [{ norm: 'n0', from: '2026-10-05', to: '2026-10-18', reason: 'отпуск' }],
    range: RANGE,
  });
  const selectorsFor = (norms: FrequencyNorm[]): CountingSelector[] => [...new Map(countingGroups(base(norms)).map((g) => countingSelector(g)).map((s) => [s.key, s])).values()];
  const row = (spec: ItemSpec) => ({
    kind: spec.kind,
    status: spec.status,
    at_date: dayOf(spec.day),
    local_day: dayOf(spec.day),
    channel_ids: spec.channels.map((c: number) => (c === 3 ? foreign : channelIds[c]!)),
    url: spec.url ? 'https://vk.com/wall-1_1' : null,
    attachment_count: spec.attachments,
  });

  beforeAll(async () => {
    database = await target.open();
    orgId = (await createOrg(database)).id;
    otherId = (await createOrg(database, { name: 'Другая' })).id;
    await database.db.insertInto('channels').values(TYPES.map((type, i) => ({ id: channelIds[i]!, org_id: orgId, type, name: type }))).execute();
  });
  afterAll(() => database.close());

  it('keeps counts equal to the items after any writes, and judges from them as the evaluator judges the items', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(norm, { minLength: 1, maxLength: 3 }),
        fc.array(itemSpec, { maxLength: 12 }),
        fc.array(write, { maxLength: 12 }),
        fc.integer({ min: 0, max: 75 }),
        fc.boolean(),
        async (firstNorms, before, writes, todayDay, onlyConfirmed) => {
          const { db } = database;
          await db.deleteFrom('items').where('org_id', 'in', [orgId, otherId]).execute();
          await db.deleteFrom('count_selectors').where('org_id', '=', orgId).execute();
          // The other organisation counts everything: an item moved there and back is counted where it is.
          await db.transaction().execute((trx) => syncSelectors(trx, new Map([[otherId, [countingSelector({ per: 'week', kinds: null, channels: null })]]])));
          // Items written before the organisation's selectors exist are counted when they are registered.
          if (before.length > 0) await db.insertInto('items').values(before.map((spec) => ({ ...row(spec), org_id: orgId, title: 't' }))).execute();
          let norms = toNorms(firstNorms);
          await db.transaction().execute((trx) => syncSelectors(trx, new Map([[orgId, selectorsFor(norms)]])));
          for (const w of writes) {
            const ids = (await db.selectFrom('items').select('id').where('org_id', '=', orgId).orderBy('id').execute()).map((r) => r.id);
            if (w.op === 'insert') await db.insertInto('items').values(w.items.map((spec) => ({ ...row(spec), org_id: orgId, title: 't' }))).execute();
            else if (w.op === 'updateMany') {
              await sql`update items set status = ${w.status}, local_day = least(greatest(local_day + ${w.shift}::int, date '2026-09-28'), date '2026-12-12') where org_id = ${orgId} and kind <> 'post'`.execute(db);
            } else if (w.op === 'moveBack') await db.updateTable('items').set({ org_id: orgId }).where('org_id', '=', otherId).execute();
            else if (w.op === 'sync') {
              norms = toNorms(w.norms);
              await db.transaction().execute((trx) => syncSelectors(trx, new Map([[orgId, selectorsFor(norms)]])));
            } else if (ids.length > 0) {
              const id = ids[w.pick % ids.length]!;
              if (w.op === 'delete') await db.deleteFrom('items').where('id', '=', id).execute();
              else if (w.op === 'move') await db.updateTable('items').set({ org_id: otherId }).where('id', '=', id).execute();
              else {
                const next = row(w.change);
                const set = {
                  ...(w.fields.includes('kind') && { kind: next.kind }),
                  ...(w.fields.includes('status') && { status: next.status }),
                  ...(w.fields.includes('day') && { at_date: next.at_date, local_day: next.local_day }),
                  ...(w.fields.includes('channels') && { channel_ids: next.channel_ids }),
                  ...(w.fields.includes('url') && { url: next.url }),
                  ...(w.fields.includes('attachments') && { attachment_count: next.attachment_count }),
                };
                await db.updateTable('items').set(set).where('id', '=', id).execute();
              }
            }
          }
          expect(await countsDrift(db, [orgId, otherId])).toBe(0);
          expect((await registeredSelectors(db, [orgId])).get(orgId)).toEqual(selectorsFor(norms).map((s) => s.key).sort());

          const today = dayOf(todayDay);
          const options = { today, timeZone: 'Europe/Moscow', onlyConfirmed, countConfirmed: true };
          const input = base(norms);
          const plan = countingGroups(input);
          const requests = plan.map((group) => ({ orgId, today, group, onlyConfirmed }));
          const [maintained, fromItems] = await db.transaction().execute(async (trx) => [await readCounts(trx, requests), await countGroups(trx, requests)] as const);
          const rows = rowsFromCounts(input, plan, maintained.get(orgId) ?? [], options);
          expect(rows).toEqual(rowsFromCounts(input, plan, fromItems.get(orgId) ?? [], options));
          const items = await db.selectFrom('items').selectAll().where('org_id', '=', orgId).execute();
          const judged = items.map((i) => ({
            id: i.id,
            kind: i.kind,
            status: i.status,
            at: i.local_day,
            channels: i.channel_ids,
            confirmed: isConfirmed({ status: i.status, url: i.url, attachmentCount: i.attachment_count }),
          }));
          expect(rows).toEqual(evaluate({ ...input, items: judged }, options).results);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads counts only for registered selectors, and counts the rest from the items', async () => {
    const { db } = database;
    await db.deleteFrom('items').where('org_id', '=', orgId).execute();
    await db.deleteFrom('count_selectors').where('org_id', '=', orgId).execute();
    const norms = toNorms([
      { per: 'week', min: 2, kinds: ['post'], channelTypes: ['vk', 'ok'], perChannel: true },
      { per: 'month', min: 1, kinds: undefined, channelTypes: undefined, perChannel: false },
    ]);
    await db.insertInto('items').values([0, 1, 9, 30].map((day) => ({ ...row({ kind: 'post', status: 'published', day, channels: [0], url: false, attachments: 0 }), org_id: orgId, title: 't' }))).execute();
    const input = base(norms);
    const plan = countingGroups(input);
    // Only the monthly selector registered: the per-channel weekly groups come from the items.
    await db.transaction().execute((trx) => syncSelectors(trx, new Map([[orgId, selectorsFor(norms).filter((s) => s.per === 'month')]])));
    const requests = plan.map((group) => ({ orgId, today: '2026-11-20', group }));
    const [maintained, fromItems] = await db.transaction().execute(async (trx) => [await readCounts(trx, requests), await countGroups(trx, requests)] as const);
    const sort = <T extends { group: number; period: number }>(list: Iterable<T>) => [...list].sort((a, b) => a.group - b.group || a.period - b.period);
    expect(sort(maintained.get(orgId) ?? [])).toEqual(sort(fromItems.get(orgId) ?? []));
    expect(sort(maintained.get(orgId) ?? []).filter((c) => c.group === 0).map((c) => c.actual)).toEqual([2, 1, 1]);
  });

  it('reads a batch of organisations as the items count them: selectors all, none or some registered, past a thousand rows, an id in capitals', async () => {
    const { db } = database;
    const [all, none, some] = [orgId, (await createOrg(database, { name: 'Без счётчиков' })).id, (await createOrg(database, { name: 'Часть счётчиков' })).id];
    await db.deleteFrom('items').where('org_id', '=', all).execute();
    const norms = toNorms([
      { per: 'day', min: 1, kinds: undefined, channelTypes: undefined, perChannel: false },
      { per: 'week', min: 2, kinds: ['post'], channelTypes: undefined, perChannel: false },
      { per: 'month', min: 1, kinds: undefined, channelTypes: undefined, perChannel: false },
    ]);
    // Three years of days: more than a thousand counted periods for one organisation alone.
    const range = { from: '2024-01-01', to: '2026-12-31' };
    const input = { ...base(norms), exemptions: [], range };
    const plan = countingGroups(input);
    const selectors = selectorsFor(norms);
    await db.deleteFrom('count_selectors').where('org_id', 'in', [all, none, some]).execute();
    await db.transaction().execute((trx) => syncSelectors(trx, new Map([[all, selectors], [some, selectors.filter((s) => s.per === 'month')]])));
    const days = Array.from({ length: 1_100 }, (_, i) => new Date(Date.UTC(2024, 0, 3 + i)).toISOString().slice(0, 10));
    for (const [org, every] of [[all, 1], [none, 7], [some, 3]] as const) {
      const mine = days.filter((_, i) => i % every === 0);
      await db.insertInto('items').values(mine.map((day, i) => ({ org_id: org, title: 't', kind: i % 2 === 0 ? 'post' : 'event', status: i % 5 === 0 ? 'planned' : 'published', at_date: day, local_day: day }))).execute();
    }
    const today = '2025-06-18';
    const requests = [all, all.toUpperCase(), none, some].flatMap((id) => plan.map((group) => ({ orgId: id, today, group })));
    const [maintained, fromItems] = await db.transaction().execute(async (trx) => [await readCounts(trx, requests), await countGroups(trx, requests)] as const);
    const sort = <T extends { group: number; period: number }>(list: Iterable<T>) => [...list].sort((a, b) => a.group - b.group || a.period - b.period);
    for (const id of [all, all.toUpperCase(), none, some]) expect(sort(maintained.get(id) ?? []), id).toEqual(sort(fromItems.get(id) ?? []));
    expect(maintained.get(all)!.length).toBeGreaterThan(1_024);
    await db.deleteFrom('items').where('org_id', 'in', [all, none, some]).execute();
    await db.deleteFrom('count_selectors').where('org_id', 'in', [none, some]).execute();
  });

  it('finds counts written past the triggers, and a rebuild makes them right again', async () => {
    const { db } = database;
    await db.deleteFrom('items').where('org_id', '=', orgId).execute();
    const norms = toNorms([{ per: 'week', min: 1, kinds: undefined, channelTypes: undefined, perChannel: false }]);
    await db.transaction().execute((trx) => syncSelectors(trx, new Map([[orgId, selectorsFor(norms)]])));
    await db.insertInto('items').values([2, 3, 20].map((day) => ({ ...row({ kind: 'post', status: 'published', day, channels: [], url: false, attachments: 0 }), org_id: orgId, title: 't' }))).execute();
    expect(await countsDrift(db, [orgId])).toBe(0);
    await sql`update group_counts set done = done + 5 where org_id = ${orgId} and period_start = '2026-09-28'`.execute(db);
    await sql`delete from group_counts where org_id = ${orgId} and period_start = '2026-10-12'`.execute(db);
    expect(await countsDrift(db, [orgId])).toBe(2);
    expect(await db.transaction().execute((trx) => rebuildCounts(trx, [orgId]))).toEqual({ drifted: 2, rows: 2 });
    expect(await countsDrift(db, null)).toBe(0);
  });

  it('leaves no count behind when the items are truncated', async () => {
    const { db } = database;
    await db.transaction().execute((trx) => syncSelectors(trx, new Map([[orgId, [countingSelector({ per: 'month', kinds: null, channels: null })]]])));
    await db.insertInto('items').values({ ...row({ kind: 'post', status: 'published', day: 3, channels: [], url: false, attachments: 0 }), org_id: orgId, title: 't' }).execute();
    await sql`truncate items cascade`.execute(db);
    expect(await db.selectFrom('group_counts').select('org_id').execute()).toEqual([]);
    expect(await countsDrift(db, null)).toBe(0);
  });

  it.runIf(target.name === 'postgres')('misses no item written while a selector is being registered', async () => {
    const { db } = database;
    await db.deleteFrom('items').where('org_id', '=', orgId).execute();
    await db.deleteFrom('count_selectors').where('org_id', '=', orgId).execute();
    const selector = countingSelector({ per: 'month', kinds: null, channels: null });
    // A second connection of its own: one writes items while the other registers the selector.
    const other = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL!, schema: await currentSchema(database), poolSize: 2 });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const insertedOnce = new Promise<void>((resolve) => (inserted = resolve));
      const writer = other.db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ ...row({ kind: 'post', status: 'published', day: 10, channels: [], url: false, attachments: 0 }), org_id: orgId, title: 'w' }).execute();
        inserted();
        await held;
      });
      await insertedOnce;
      // The writer's item is not committed yet: registering waits for it rather than miss it.
      const registering = db.transaction().execute((trx) => syncSelectors(trx, new Map([[orgId, [selector]]])));
      const raced = await Promise.race([registering.then(() => 'registered'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
      expect(raced).toBe('waiting');
      release();
      await writer;
      await registering;
      // And a write after registration is counted by the trigger.
      await db.insertInto('items').values({ ...row({ kind: 'post', status: 'planned', day: 11, channels: [], url: false, attachments: 0 }), org_id: orgId, title: 'x' }).execute();
      expect(await countsDrift(db, [orgId])).toBe(0);
      const counts = await db.selectFrom('group_counts').select(['done', 'open']).where('org_id', '=', orgId).execute();
      expect(counts).toEqual([{ done: 1, open: 1 }]);
    } finally {
      await other.close();
    }
  });
});

async function currentSchema(database: Database): Promise<string> {
  return (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]!.schema;
}
