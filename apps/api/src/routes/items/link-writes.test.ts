import { sql } from 'kysely';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';
import { findItemsByIds } from '../../repositories/items.js';
import { patchItems } from '../../services/items.js';
import { loadOrgContext } from '../../services/org-context.js';

/*
 * A patch writes an item's links (channels, audiences, key messages) by what changed: a script
 * or a series' change may send them all as they were, and every statement writing an item's
 * audiences or key messages writes its row again through their triggers (kept JSON, counts,
 * revisions). The item read back is always what was sent; the row is written once when the
 * links stay as they were. Through the API (one item) and through patchItems (many at once, as a
 * series' change or a read of evidence writes them).
 */
describe.each(testDatabases())('item links written by what changed, on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let editor: Record<string, string>;
  let orgId: string;
  let vk: string;
  let ok: string;
  const audiences: string[] = [];
  const messages: string[] = [];

  beforeAll(async () => {
    orgId = (await createOrg(ctx.database, { kind: 'employment_center' })).id;
    const user = await createUser(ctx.database, 'editor@links.test');
    await addMember(ctx.database, user.id, orgId, 'editor');
    editor = await login(ctx.app, 'editor@links.test');
    const create = async (path: string, payload: object) => {
      const response = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/${path}`, headers: editor, payload });
      expect(response.statusCode).toBe(201);
      return response.json().id as string;
    };
    vk = await create('channels', { type: 'vk', name: 'ВК' });
    ok = await create('channels', { type: 'ok', name: 'ОК' });
    for (const name of ['Работодатели', 'Выпускники', 'Пенсионеры']) audiences.push(await create('audiences', { name }));
    for (const text of ['Служба занятости помогает', 'Вакансии в регионе']) messages.push(await create('key-messages', { text }));
    // Each write of an item row, counted by a trigger that fires after all the others.
    await sql`create table item_row_writes (item_id uuid not null)`.execute(ctx.database.db);
    await sql`create function note_item_row_write() returns trigger language plpgsql as $$ begin insert into item_row_writes values (new.id); return null; end $$`.execute(ctx.database.db);
    await sql`create trigger zzz_note_item_row_write after update on items for each row execute function note_item_row_write()`.execute(ctx.database.db);
  });

  beforeEach(async () => {
    await sql`delete from item_row_writes`.execute(ctx.database.db);
  });

  const rowWrites = async (id: string) => (await sql<{ n: number }>`select count(*)::int as n from item_row_writes where item_id = ${id}`.execute(ctx.database.db)).rows[0]!.n;
  const read = async (id: string) => (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${id}`, headers: editor })).json();
  const patch = async (id: string, payload: object) => {
    const { version } = await read(id);
    const response = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/items/${id}`, headers: editor, payload: { ...payload, version } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const sorted = (ids: string[]) => [...ids].sort();
  const links = (item: { channelIds: string[]; audienceIds: string[]; keyMessageIds: string[] }) => ({
    channelIds: sorted(item.channelIds),
    audienceIds: sorted(item.audienceIds),
    keyMessageIds: sorted(item.keyMessageIds),
  });

  it('writes the row once when the form is saved with its links as they were, in any order', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: `/api/orgs/${orgId}/items`,
      headers: editor,
      payload: { kind: 'post', title: 'Ярмарка', at: '2026-11-20', channelIds: [vk, ok], audienceIds: [audiences[0], audiences[1]], keyMessageIds: [messages[0]] },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    await sql`delete from item_row_writes`.execute(ctx.database.db);
    const after = await patch(id, { title: 'Ярмарка вакансий', channelIds: [ok, vk], audienceIds: [audiences[1], audiences[0]], keyMessageIds: [messages[0]] });
    expect(after.title).toBe('Ярмарка вакансий');
    expect(links(after)).toEqual({ channelIds: sorted([vk, ok]), audienceIds: sorted([audiences[0]!, audiences[1]!]), keyMessageIds: [messages[0]] });
    expect(await rowWrites(id)).toBe(1);
    // Read again from the kept JSON: the same item.
    expect(await read(id)).toEqual(after);
  });

  it('patches many items at once, each by what changed for it', async () => {
    const ids: string[] = [];
    const start = [
      { audienceIds: [audiences[0]], keyMessageIds: [messages[0]] },
      { audienceIds: [audiences[0], audiences[1]], keyMessageIds: [] },
      { audienceIds: [], keyMessageIds: [messages[0], messages[1]] },
    ];
    for (const [i, links] of start.entries()) {
      const created = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'post', title: `Серия ${i}`, at: `2026-11-2${i}`, channelIds: [vk], ...links } });
      expect(created.statusCode).toBe(201);
      ids.push(created.json().id);
    }
    // The same lists given to all three, as a series' change gives its fields to its occurrences:
    // the first already has them, the second loses an audience and gains a key message, the
    // third gains an audience and loses a key message.
    const sent = { channelIds: [vk], audienceIds: [audiences[0]!], keyMessageIds: [messages[0]!] };
    await sql`delete from item_row_writes`.execute(ctx.database.db);
    const afters = await ctx.database.db.transaction().execute(async (trx) => {
      const org = await loadOrgContext(trx, orgId);
      const befores = await findItemsByIds(trx, ids);
      const byId = new Map(befores.map((item) => [item.id, item]));
      return patchItems(trx, org, ids.map((id) => ({ before: byId.get(id)!, patch: sent })), { userId: null, now: new Date('2026-11-19T09:00:00Z') });
    });
    for (const after of afters) expect(links(after)).toEqual({ channelIds: [vk], audienceIds: [audiences[0]], keyMessageIds: [messages[0]] });
    for (const id of ids) expect(links(await read(id))).toEqual({ channelIds: [vk], audienceIds: [audiences[0]], keyMessageIds: [messages[0]] });
    // The first item’s row written once (its update); the others once more for each statement that changed their links.
    expect(await rowWrites(ids[0]!)).toBe(1);
    expect(await rowWrites(ids[1]!)).toBe(3);
    expect(await rowWrites(ids[2]!)).toBe(3);
  });

  it('adds and removes exactly the links that changed, and leaves the ones not sent alone', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: `/api/orgs/${orgId}/items`,
      headers: editor,
      payload: { kind: 'post', title: 'Приём', at: '2026-11-21', channelIds: [vk], audienceIds: [audiences[0], audiences[1]], keyMessageIds: [messages[0]] },
    });
    const id = created.json().id as string;
    const steps: Array<{ sent: object; expected: { channelIds: string[]; audienceIds: string[]; keyMessageIds: string[] } }> = [
      // One audience goes, one comes, one stays; a key message added; the channel swapped.
      { sent: { channelIds: [ok], audienceIds: [audiences[1], audiences[2]], keyMessageIds: [messages[0], messages[1]] }, expected: { channelIds: [ok], audienceIds: sorted([audiences[1]!, audiences[2]!]), keyMessageIds: sorted([messages[0]!, messages[1]!]) } },
      // Audiences emptied; key messages and channels not sent, so kept.
      { sent: { audienceIds: [] }, expected: { channelIds: [ok], audienceIds: [], keyMessageIds: sorted([messages[0]!, messages[1]!]) } },
      // Everything replaced at once, and a title.
      { sent: { title: 'Приём граждан', channelIds: [vk, ok], audienceIds: [audiences[0]], keyMessageIds: [messages[1]] }, expected: { channelIds: sorted([vk, ok]), audienceIds: [audiences[0]!], keyMessageIds: [messages[1]!] } },
    ];
    for (const { sent, expected } of steps) {
      const after = await patch(id, sent);
      expect(links(after)).toEqual(expected);
      expect(links(await read(id))).toEqual(expected);
      // What the database holds, beside what the API reads back.
      const held = await sql<{ audiences: string[] | null; messages: string[] | null; channels: string[] | null; array: string[] }>`
        select (select array_agg(audience_id::text order by audience_id::text) from item_audiences where item_id = ${id}) as audiences,
               (select array_agg(key_message_id::text order by key_message_id::text) from item_key_messages where item_id = ${id}) as messages,
               (select array_agg(channel_id::text order by channel_id::text) from item_channels where item_id = ${id}) as channels,
               (select channel_ids::text[] from items where id = ${id}) as array`.execute(ctx.database.db);
      const row = held.rows[0]!;
      expect({ channelIds: row.channels ?? [], audienceIds: row.audiences ?? [], keyMessageIds: row.messages ?? [] }).toEqual(expected);
      expect(sorted(row.array)).toEqual(expected.channelIds);
    }
  });
});
