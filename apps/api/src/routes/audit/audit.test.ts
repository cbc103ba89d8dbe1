import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

interface Entry {
  entity: string;
  action: string;
  orgName: string | null;
  user: { id: string; name: string } | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe.each(testDatabases())('the audit log on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let orgId: string;
  let director: Record<string, string>;
  let editor: Record<string, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    orgId = (await createOrg(ctx.database, { name: 'ЦЗН Лесного' })).id;
    const anna = await createUser(ctx.database, 'anna@audit.test', { name: 'Анна Редакторова' });
    const boris = await createUser(ctx.database, 'boris@audit.test', { name: 'Борис Второв' });
    const head = await createUser(ctx.database, 'head@audit.test', { name: 'Директор' });
    ids.anna = anna.id;
    ids.boris = boris.id;
    await addMember(ctx.database, anna.id, orgId, 'editor');
    await addMember(ctx.database, boris.id, orgId, 'editor');
    await addMember(ctx.database, head.id, orgId, 'director');
    editor = await login(ctx.app, 'anna@audit.test');
    const asBoris = await login(ctx.app, 'boris@audit.test');
    director = await login(ctx.app, 'head@audit.test');
    const post = async (path: string, payload: object, headers = editor) => {
      const response = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/${path}`, headers, payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    ids.vk = await post('channels', { type: 'vk', name: 'ВК ЦЗН' });
    ids.youth = await post('audiences', { name: 'Молодёжь' }, asBoris);
    const renamed = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/audiences/${ids.youth}`, headers: asBoris, payload: { name: 'Молодёжь до 35', version: 1 } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    ids.item = await post('items', { kind: 'post', title: 'Ярмарка', at: '2026-11-16', channelIds: [ids.vk], audienceIds: [ids.youth] });
  });

  const read = async (query = '', headers = director) => {
    const response = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/audit${query}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { entries: Entry[]; names: Record<string, string>; nextBefore: string | null };
  };

  it("filters by the person who made the change, and names the organisation and the person", async () => {
    const byBoris = await read(`?userId=${ids.boris}`);
    expect(byBoris.entries.map((e) => [e.entity, e.action])).toEqual([
      ['audience', 'update'],
      ['audience', 'create'],
    ]);
    expect(byBoris.entries[0]).toMatchObject({ orgName: 'ЦЗН Лесного', user: { id: ids.boris, name: 'Борис Второв' } });
    expect(byBoris.entries[0]!.before).toMatchObject({ name: 'Молодёжь' });
    expect(byBoris.entries[0]!.after).toMatchObject({ name: 'Молодёжь до 35' });
    expect((await read(`?userId=${ids.anna}`)).entries.every((e) => e.user?.id === ids.anna)).toBe(true);
  });

  it('filters by action and by kind of record together', async () => {
    const created = await read('?entity=audience&action=create');
    expect(created.entries).toHaveLength(1);
    expect((await read('?action=update')).entries.map((e) => e.entity)).toEqual(['audience']);
  });

  it('names the channels and audiences an item refers to, so the reader sees names, not ids', async () => {
    const page = await read('?entity=item');
    expect(page.entries[0]!.after).toMatchObject({ channelIds: [ids.vk], audienceIds: [ids.youth] });
    expect(page.names).toMatchObject({ [ids.vk!]: 'ВК ЦЗН', [ids.youth!]: 'Молодёжь до 35' });
  });

  it('refuses an unknown kind of record or action, and a person id that is no id, with words', async () => {
    for (const query of ['?entity=channels', '?action=rename', '?userId=boris']) {
      const response = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/audit${query}`, headers: director });
      expect(response.statusCode, query).toBe(400);
    }
  });

  it('names a reversed range at querystring.to, as every range route does, and takes a long one (pages bound the read)', async () => {
    const reversed = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/audit?from=2026-01-01&to=2025-01-01`, headers: { ...director, 'accept-language': 'en' } });
    expect(reversed.statusCode, reversed.body).toBe(400);
    expect(reversed.json().error.details).toEqual([{ path: 'querystring.to', message: expect.stringContaining('2026-01-01') }]);
    expect((await read('?from=2000-01-01&to=2100-12-31')).entries.length).toBeGreaterThan(0);
    // A page's cursor of too many digits is named as what it is.
    const cursor = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/audit?before=9223372036854775807`, headers: { ...director, 'accept-language': 'en' } });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().error.details[0].message).toContain('from 1 to 18 digits');
  });

  it('answers 403 to an editor, who has no audit.read (the screen shows "no access", not an empty list)', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/audit`, headers: editor });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
  });
});
