import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { createOrg } from '../../test/fixtures.js';
import { inOneSnapshot, subtreeStamp } from './judging-inputs.js';
import { findOrgContext } from './org-context.js';
import { moveOrg } from './orgs.js';

// The subtree's stamp reads org_revisions alone (migration 20261130T0100): it must change with
// every write a summary depends on, made by any path — the repositories or plain SQL — and the
// copy of each organisation's path and zone there must follow every insert, change and move.
describe.each(testDatabases())('a subtree stamp from org_revisions on $name', ({ name, open }) => {
  const ctx = useTestApp(open);

  const stampOf = async (orgId: string) => {
    const org = (await findOrgContext(ctx.database.db, orgId))!;
    return inOneSnapshot(ctx.database.db, (trx) => subtreeStamp(trx, org));
  };
  const mirrorDrift = async () =>
    (
      await sql<{ n: number }>`
        select count(*)::int as n from organisations o full join org_revisions r on r.org_id = o.id
        where o.id is null or r.org_id is null or r.path is distinct from o.path or r.timezone is distinct from o.timezone`.execute(ctx.database.db)
    ).rows[0]!.n;

  it('changes with every kind of write under the subtree or above it, and never with a read', async () => {
    const { db } = ctx.database;
    const top = await createOrg(ctx.database, { kind: 'employment_authority', name: 'Министерство' });
    const region = await createOrg(ctx.database, { kind: 'employment_authority', parentId: top.id, name: 'Комитет' });
    const centre = await createOrg(ctx.database, { kind: 'employment_center', parentId: region.id, name: 'ЦЗН' });
    const elsewhere = await createOrg(ctx.database, { kind: 'employment_authority', parentId: top.id, name: 'Другой комитет' });
    const outside = await createOrg(ctx.database, { kind: 'employment_center', parentId: elsewhere.id, name: 'Другой ЦЗН' });
    expect(await mirrorDrift()).toBe(0);

    let channelId = '';
    let itemId = '';
    // [what, changes the region's subtree stamp]
    const writes: [string, boolean, () => Promise<unknown>][] = [
      ['a centre renamed, no version raised', true, () => sql`update organisations set name = 'ЦЗН-1' where id = ${centre.id}`.execute(db)],
      ['its time zone changed', true, () => sql`update organisations set timezone = 'Asia/Omsk' where id = ${centre.id}`.execute(db)],
      ['an item added', true, async () => (itemId = (await sql<{ id: string }>`insert into items (org_id, kind, title, status, at_date, local_day) values (${centre.id}, 'post', 'Пост', 'planned', '2026-11-20', '2026-11-20') returning id`.execute(db)).rows[0]!.id)],
      ['the item changed', true, () => sql`update items set status = 'published' where id = ${itemId}`.execute(db)],
      ['a channel added', true, async () => (channelId = (await sql<{ id: string }>`insert into channels (org_id, type, name) values (${centre.id}, 'vk', 'ВК') returning id`.execute(db)).rows[0]!.id)],
      ['the channel switched off', true, () => sql`update channels set active = false where id = ${channelId}`.execute(db)],
      ['the channel deleted', true, () => sql`delete from channels where id = ${channelId}`.execute(db)],
      ['a norm above the region', true, () => sql`insert into norms (org_id, key, definition) values (${top.id}, 'posts', '{"type":"frequency","min":2,"per":"week","kinds":["post"]}')`.execute(db)],
      ['the norm changed', true, () => sql`update norms set enabled = false where org_id = ${top.id}`.execute(db)],
      ['an exemption in the region', true, () => sql`insert into exemptions (org_id, norm_key, date_from, date_to, reason) values (${region.id}, 'posts', '2026-11-01', '2026-11-30', 'Ремонт')`.execute(db)],
      ['the exemption deleted', true, () => sql`delete from exemptions where org_id = ${region.id}`.execute(db)],
      ['the item deleted', true, () => sql`delete from items where id = ${itemId}`.execute(db)],
      ['the organisation above renamed (a summary names where an adjustment was made)', true, () => sql`update organisations set name = 'Министерство труда' where id = ${top.id}`.execute(db)],
      ['an organisation elsewhere changed', false, () => sql`update organisations set name = 'Соседи' where id = ${outside.id}`.execute(db)],
      ['a channel elsewhere', false, () => sql`insert into channels (org_id, type, name) values (${outside.id}, 'vk', 'ВК')`.execute(db)],
      ['a centre moved in', true, () => db.transaction().execute((trx) => moveOrg(trx, outside.id, region.id))],
      ['the centre moved out again', true, () => db.transaction().execute((trx) => moveOrg(trx, outside.id, elsewhere.id))],
      ['a centre added', true, () => createOrg(ctx.database, { kind: 'employment_center', parentId: region.id, name: 'Новый ЦЗН', timezone: 'Asia/Yakutsk' })],
      ['the region moved under another one, its whole subtree with it', true, () => db.transaction().execute((trx) => moveOrg(trx, region.id, elsewhere.id))],
      ['a centre deleted', true, () => sql`delete from organisations where id = ${centre.id}`.execute(db)],
    ];
    for (const [what, changes, write] of writes) {
      const before = await stampOf(region.id);
      expect((await stampOf(region.id)).text, `${what}: asked twice`).toBe(before.text);
      await write();
      const after = await stampOf(region.id);
      if (changes) expect(after.text, what).not.toBe(before.text);
      else expect(after.text, what).toBe(before.text);
      expect(await mirrorDrift(), what).toBe(0);
    }
    const last = await stampOf(region.id);
    expect([last.organisations, last.timeZones]).toEqual([2, ['Asia/Yakutsk', 'Europe/Moscow']]);
  });
  it.skipIf(name !== 'postgres')('lets a channel changed during a move of its organisation wait for the move, never deadlock', async () => {
    const { db, schema } = ctx.database;
    const from = await createOrg(ctx.database, { kind: 'employment_authority', name: 'Откуда' });
    const to = await createOrg(ctx.database, { kind: 'employment_authority', name: 'Куда' });
    const centre = await createOrg(ctx.database, { kind: 'employment_center', parentId: from.id, name: 'ЦЗН' });
    const channel = (await sql<{ id: string }>`insert into channels (org_id, type, name) values (${centre.id}, 'vk', 'ВК') returning id`.execute(db)).rows[0]!.id;
    const editor = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    await editor.connect();
    try {
      // The editor changes a channel (its trigger raises the centre's revision) ...
      await editor.query('begin');
      await editor.query(`update channels set name = 'ВКонтакте' where id = $1`, [channel]);
      // ... a move of the centre starts (its paths are a unique key: it locks the row, then the revision) ...
      const move = db.transaction().execute((trx) => moveOrg(trx, centre.id, to.id));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // ... and the editor's next row names the centre (a foreign key: the centre's key share).
      await editor.query(`insert into channels (org_id, type, name) values ($1, 'ok', 'ОК')`, [centre.id]);
      await editor.query('commit');
      expect(await move).toBe('moved');
    } finally {
      await editor.end();
    }
    expect((await findOrgContext(db, centre.id))!.lineage).toEqual([to.id, centre.id]);
    expect(await mirrorDrift()).toBe(0);
  });
});
