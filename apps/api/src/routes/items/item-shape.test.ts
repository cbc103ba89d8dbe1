import { ItemList, type Item } from '@ritm/contracts/items';
import { Compile } from 'typebox/compile';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

// The database writes the items' JSON itself (no row mapping, no response serializer), so every
// field is pinned here against values written by hand from what was created.
describe.each(testDatabases())('the item shape on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let headers: Record<string, string>;
  let orgId: string;
  let expected: Record<'early' | 'full' | 'bare', Item>;
  let ids: { ok: string; tg: string; youth: string; seniors: string; plan: string; editor: string; maria: string };

  beforeAll(async () => {
    // Vladivostok (UTC+10): an instant's local day is often not its UTC day.
    orgId = (await createOrg(ctx.database, { timezone: 'Asia/Vladivostok' })).id;
    const editor = await createUser(ctx.database, 'nameless@shape.test');
    const maria = await createUser(ctx.database, 'maria@shape.test', { name: 'Мария Второва' });
    const leaver = await createUser(ctx.database, 'leaver@shape.test', { name: 'Ушедший' });
    for (const user of [editor, maria, leaver]) await addMember(ctx.database, user.id, orgId, 'editor');
    headers = await login(ctx.app, 'nameless@shape.test');
    const asMaria = await login(ctx.app, 'maria@shape.test');
    const asLeaver = await login(ctx.app, 'leaver@shape.test');

    const create = async (path: string, payload: object, as = headers): Promise<string> => {
      const response = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/${path}`, headers: as, payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const [vk, ok, tg] = [await create('channels', { type: 'vk', name: 'ВК' }), await create('channels', { type: 'ok', name: 'ОК' }), await create('channels', { type: 'telegram', name: 'ТГ' })];
    const [youth, seniors] = [await create('audiences', { name: 'Молодёжь' }), await create('audiences', { name: 'Пенсионеры' })];
    const [jobs, wages] = [await create('key-messages', { text: 'Вакансии' }), await create('key-messages', { text: 'Зарплаты' })];
    const plan = await create('plans', { period: 'month', periodStart: '2026-11-01', title: 'Ноябрь' });
    ids = { ok: ok!, tg: tg!, youth: youth!, seniors: seniors!, plan, editor: editor.id, maria: maria.id };
    const channels = [vk!, ok!, tg!].sort();
    const audiences = [youth!, seniors!].sort();
    const keyMessages = [jobs!, wages!].sort();

    // Every field given, links sent in reverse of their stored order; then edited by Maria.
    const full = await create('items', {
      kind: 'post',
      title: 'Ярмарка «вакансий»\n"2026" \\ и всё',
      at: '2026-11-16T08:15:30.250+10:00',
      status: 'published',
      planId: plan,
      newsHook: 'День открытых дверей',
      format: 'лонгрид',
      channelIds: [...channels].reverse(),
      audienceIds: [...audiences].reverse(),
      keyMessageIds: [...keyMessages].reverse(),
      responsibleId: editor.id,
      publishedAt: '2026-11-16T09:00:00.123+10:00',
      url: 'https://vk.com/wall-1_2?a=1&b="x"',
      views: 1234,
      likes: 56,
      reposts: 7,
      comments: 0,
    });
    const patched = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/items/${full}`, headers: asMaria, payload: { notes: 'Фото у Ивана', version: 1 } });
    expect(patched.statusCode, patched.body).toBe(200);
    // Nothing optional given: a local date, no links, by an editor with no name (shown by e-mail).
    const bare = await create('items', { kind: 'stand_update', title: 'Стенд', at: '2026-11-16' });
    // Earlier that day, by a user deleted since (so no editor at all).
    const early = await create('items', { kind: 'meeting', title: 'Планёрка', at: '2026-11-16T00:00:00+10:00', status: 'held' }, asLeaver);
    await ctx.database.db.deleteFrom('users').where('id', '=', leaver.id).execute();
    // Creation and update times as the database may hold them (microseconds, any offset); answers
    // give milliseconds cut off as a JavaScript Date does: …59.999999 stays on the 14th, .0405 is .040.
    const stamp = async (id: string, created: string, updated: string) =>
      ctx.database.db.updateTable('items').set({ created_at: created, updated_at: updated }).where('id', '=', id).execute();
    await stamp(full, '2026-11-01 09:00:00.000001+00', '2026-11-14 23:59:59.999999+00');
    await stamp(bare, '2026-11-02 10:00:00+03', '2026-11-02 10:00:00.5+03');
    await stamp(early, '2026-11-03 12:00:00.0405+10', '2026-11-03 12:00:00.0405+10');

    const expectedFull: Item = {
      id: full,
      orgId,
      planId: plan,
      kind: 'post',
      title: 'Ярмарка «вакансий»\n"2026" \\ и всё',
      newsHook: 'День открытых дверей',
      format: 'лонгрид',
      status: 'published',
      at: '2026-11-15T22:15:30.250Z',
      localDay: '2026-11-16',
      channelIds: channels,
      audienceIds: audiences,
      keyMessageIds: keyMessages,
      responsibleId: editor.id,
      publishedAt: '2026-11-15T23:00:00.123Z',
      url: 'https://vk.com/wall-1_2?a=1&b="x"',
      views: 1234,
      likes: 56,
      reposts: 7,
      comments: 0,
      reachReadAt: null,
      notes: 'Фото у Ивана',
      // Published with its URL: confirmed without any attachment.
      attachmentCount: 0,
      confirmed: true,
      seriesId: null,
      seriesDay: null,
      materialId: null,
      version: 2,
      createdAt: '2026-11-01T09:00:00.000Z',
      updatedAt: '2026-11-14T23:59:59.999Z',
      updatedBy: { id: maria.id, name: 'Мария Второва' },
    };
    const expectedBare: Item = {
      id: bare,
      orgId,
      planId: null,
      kind: 'stand_update',
      title: 'Стенд',
      newsHook: '',
      format: '',
      status: 'planned',
      at: '2026-11-16',
      localDay: '2026-11-16',
      channelIds: [],
      audienceIds: [],
      keyMessageIds: [],
      responsibleId: null,
      publishedAt: null,
      url: null,
      views: null,
      likes: null,
      reposts: null,
      comments: null,
      reachReadAt: null,
      notes: '',
      attachmentCount: 0,
      confirmed: false,
      seriesId: null,
      seriesDay: null,
      materialId: null,
      version: 1,
      createdAt: '2026-11-02T07:00:00.000Z',
      updatedAt: '2026-11-02T07:00:00.500Z',
      updatedBy: { id: editor.id, name: 'nameless@shape.test' },
    };
    const expectedEarly: Item = {
      ...expectedBare,
      id: early,
      kind: 'meeting',
      title: 'Планёрка',
      status: 'held',
      at: '2026-11-15T14:00:00.000Z',
      createdAt: '2026-11-03T02:00:00.040Z',
      updatedAt: '2026-11-03T02:00:00.040Z',
      updatedBy: null,
    };
    expected = { full: expectedFull, bare: expectedBare, early: expectedEarly };
  });

  const list = (query: string) => ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=2026-11-16&to=2026-11-16${query}`, headers });

  it('lists every field of every item exactly, instants before dates, in the contract', async () => {
    const response = await list('');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = response.json();
    expect(body).toStrictEqual({ items: [expected.early, expected.full, expected.bare] });
    expect(Compile(ItemList).Check(body)).toBe(true);
    expect(Object.keys(body.items[0])).toEqual(Object.keys(expected.full));
  });

  it('answers one item with the same object as the list', async () => {
    for (const item of [expected.full, expected.bare, expected.early]) {
      const response = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${item.id}`, headers });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toStrictEqual(item);
    }
  });

  it("lists the plan's content (every item of its period, whichever plan it names) with the same objects", async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/plans/${ids.plan}`, headers });
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toStrictEqual([expected.early, expected.full, expected.bare]);
  });

  it('keeps every filter', async () => {
    const listed = async (query: string) => ((await list(query)).json() as ItemList).items.map((item) => item.id);
    expect(await listed('&kind=stand_update')).toEqual([expected.bare.id]);
    expect(await listed('&status=held')).toEqual([expected.early.id]);
    expect(await listed(`&responsibleId=${ids.editor}`)).toEqual([expected.full.id]);
    expect(await listed(`&planId=${ids.plan}`)).toEqual([expected.full.id]);
    expect(await listed(`&channelId=${ids.ok}`)).toEqual([expected.full.id]);
    expect(await listed(`&audienceId=${ids.seniors}`)).toEqual([expected.full.id]);
    expect(await listed(`&kind=post&audienceId=${ids.youth}&channelId=${ids.tg}`)).toEqual([expected.full.id]);
    expect(await listed(`&responsibleId=${ids.maria}`)).toEqual([]);
  });

  it('lists no items as an empty array', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=2026-12-01&to=2026-12-31`, headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toStrictEqual({ items: [] });
  });

  it('still documents the list with ItemList', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const schema = spec.paths['/api/orgs/{orgId}/items'].get.responses['200'].content['application/json'].schema;
    expect(schema.required).toEqual(['items']);
    expect(Object.keys(schema.properties.items.items.properties)).toEqual(Object.keys(expected.full));
  });
});
