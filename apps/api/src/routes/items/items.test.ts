import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

describe.each(testDatabases())('items on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let editor: Record<string, string>;
  let director: Record<string, string>;
  let orgId: string;
  let vk: string;
  let stand: string;
  let editorId: string;

  beforeAll(async () => {
    const region = await createOrg(ctx.database, { kind: 'employment_authority', timezone: 'Asia/Vladivostok' });
    const centre = await createOrg(ctx.database, { kind: 'employment_center', parentId: region.id, timezone: 'Asia/Vladivostok' });
    orgId = centre.id;
    const e = await createUser(ctx.database, 'editor@items.test');
    const d = await createUser(ctx.database, 'director@items.test');
    editorId = e.id;
    await addMember(ctx.database, e.id, centre.id, 'editor');
    await addMember(ctx.database, d.id, region.id, 'director');
    editor = await login(ctx.app, 'editor@items.test');
    director = await login(ctx.app, 'director@items.test');
    vk = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels`, headers: editor, payload: { type: 'vk', name: 'ВК', url: 'https://vk.com/czn' } })).json().id;
    stand = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels`, headers: editor, payload: { type: 'info_stand', name: 'Стенд' } })).json().id;
  });

  const post = (payload: unknown, headers = editor) => ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers, payload: payload as object });

  it('places a post at 23:30 Sunday in Vladivostok on that Sunday and lists it with its links', async () => {
    const created = await post({ kind: 'post', title: 'Ярмарка вакансий', at: '2026-11-15T13:30:00Z', status: 'published', channelIds: [vk], responsibleId: editorId });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ id: expect.any(String), version: 1 });
    const list = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=2026-11-15&to=2026-11-15`, headers: editor });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ id: created.json().id, localDay: '2026-11-15', at: '2026-11-15T13:30:00.000Z', channelIds: [vk], audienceIds: [], keyMessageIds: [] }),
    ]);
  });

  it('names the bad fields: a stand update on VK, a foreign channel, an unknown field', async () => {
    const bad = { kind: 'stand_update', title: 'Стенд', at: '2026-11-20', channelIds: [vk, '00000000-0000-4000-8000-000000000000'] };
    const response = await post(bad, { ...editor, 'accept-language': 'en' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: 'body.channelIds[0]', message: expect.stringContaining('cannot go on vk') },
      { path: 'body.channelIds[1]', message: 'not a channel of this organisation' },
    ]);
    // Russian by default, field details included.
    expect((await post(bad)).json().error).toEqual({
      code: 'validation',
      message: 'Публикация заполнена неверно',
      details: [
        { path: 'body.channelIds[0]', message: 'stand_update нельзя разместить на канале vk (только info_stand, info_zone)' },
        { path: 'body.channelIds[1]', message: 'не канал этой организации' },
      ],
    });
    const unknown = await post({ kind: 'post', title: 'x', at: '2026-11-20', colour: 'red' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe('body.colour');
    const badDate = await post({ kind: 'post', title: 'x', at: '2026-02-30' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.details[0].path).toBe('body.at');
  });

  it('refuses a responsible user from outside the tree, and writes for a viewer-less director', async () => {
    const outsider = await createUser(ctx.database, 'outsider@items.test');
    const response = await post({ kind: 'post', title: 'x', at: '2026-11-20', responsibleId: outsider.id });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([{ path: 'body.responsibleId', message: expect.any(String) }]);
    expect((await post({ kind: 'post', title: 'x', at: '2026-11-20' }, director)).statusCode).toBe(403);
  });

  it('reschedules with {at, version}; of two edits of one version one wins and the other gets 409 with the current version', async () => {
    const { id } = (await post({ kind: 'post', title: 'Пост', at: '2026-11-20', channelIds: [vk] })).json();
    const [a, b] = await Promise.all([
      ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/items/${id}`, headers: editor, payload: { at: '2026-11-21', version: 1 } }),
      ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/items/${id}`, headers: editor, payload: { title: 'Другое', version: 1 } }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const lost = a.statusCode === 409 ? a : b;
    expect(lost.json().error).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    const noVersion = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/items/${id}`, headers: editor, payload: { at: '2026-11-22' } });
    expect(noVersion.statusCode).toBe(428);
    const deleted = await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${orgId}/items/${id}?version=2`, headers: editor });
    expect(deleted.statusCode).toBe(204);
  });

  it('refuses an If-Match and a body version that name different versions, naming both, in either language', async () => {
    const { id } = (await post({ kind: 'post', title: 'Пост', at: '2026-11-25', channelIds: [vk] })).json();
    const url = `/api/orgs/${orgId}/items/${id}`;
    expect((await ctx.app.inject({ method: 'PATCH', url, headers: editor, payload: { title: 'Второй', version: 1 } })).statusCode).toBe(200);
    const both = (headers: Record<string, string>) => ctx.app.inject({ method: 'PATCH', url, headers: { ...headers, 'if-match': '"2"' }, payload: { title: 'x', version: 1 } });
    const russian = await both(editor);
    expect(russian.statusCode).toBe(400);
    expect(russian.json().error).toEqual({
      code: 'validation',
      message: 'Версия указана по-разному (If-Match 2, body.version 1): укажите одну',
      details: [
        { path: 'headers.if-match', message: 'не совпадает с body.version' },
        { path: 'body.version', message: 'не совпадает с If-Match' },
      ],
    });
    const english = await both({ ...editor, 'accept-language': 'en' });
    expect(english.json().error.message).toBe('The version is given differently (If-Match 2, body.version 1): send one');
    expect(english.json().error.details).toEqual([
      { path: 'headers.if-match', message: 'differs from body.version' },
      { path: 'body.version', message: 'differs from If-Match' },
    ]);
    expect((await ctx.app.inject({ method: 'GET', url, headers: editor })).json()).toMatchObject({ title: 'Второй', version: 2 });
    // Agreeing, they are one version.
    const agreed = await ctx.app.inject({ method: 'PATCH', url, headers: { ...editor, 'if-match': 'W/"2"' }, payload: { title: 'Третий', version: 2 } });
    expect(agreed.statusCode).toBe(200);
    // A delete's ?version= against its If-Match: refused naming both, and the item stays.
    const removal = await ctx.app.inject({ method: 'DELETE', url: `${url}?version=2`, headers: { ...editor, 'if-match': '"3"', 'accept-language': 'en' } });
    expect(removal.statusCode).toBe(400);
    expect(removal.json().error.details).toEqual([
      { path: 'headers.if-match', message: 'differs from ?version=' },
      { path: 'querystring.version', message: 'differs from If-Match' },
    ]);
    expect((await ctx.app.inject({ method: 'GET', url, headers: editor })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'DELETE', url: `${url}?version=3`, headers: { ...editor, 'if-match': '"3"' } })).statusCode).toBe(204);
  });

  it("takes a delete's version in its body, as the README says, and no other field there", async () => {
    const { id } = (await post({ kind: 'post', title: 'Пост', at: '2026-11-25', channelIds: [vk] })).json();
    const url = `/api/orgs/${orgId}/items/${id}`;
    const extra = await ctx.app.inject({ method: 'DELETE', url, headers: editor, payload: { version: 1, reason: 'x' } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details).toEqual([{ path: 'body', message: expect.stringMatching(/^этот запрос не принимает полей/) }]);
    expect((await ctx.app.inject({ method: 'DELETE', url, headers: editor, payload: { version: 1 } })).statusCode).toBe(204);
  });

  it('names who last wrote an item, so a refused editor sees whose change won', async () => {
    const b = await createUser(ctx.database, 'second@items.test', { name: 'Мария Второва' });
    await addMember(ctx.database, b.id, orgId, 'editor');
    const second = await login(ctx.app, 'second@items.test');
    const { id } = (await post({ kind: 'post', title: 'Пост', at: '2026-11-23', channelIds: [vk] })).json();
    const url = `/api/orgs/${orgId}/items/${id}`;
    expect((await ctx.app.inject({ method: 'GET', url, headers: editor })).json().updatedBy).toEqual({ id: editorId, name: 'editor@items.test' });

    const moved = await ctx.app.inject({ method: 'PATCH', url, headers: second, payload: { at: '2026-11-24', version: 1 } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().updatedBy).toEqual({ id: b.id, name: 'Мария Второва' });
    const stale = await ctx.app.inject({ method: 'PATCH', url, headers: editor, payload: { title: 'Моё', version: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', currentVersion: 2 });

    const current = (await ctx.app.inject({ method: 'GET', url, headers: editor })).json();
    expect(current).toMatchObject({ version: 2, title: 'Пост', updatedBy: { id: b.id, name: 'Мария Второва' } });
    expect(Date.parse(current.updatedAt)).toBeGreaterThanOrEqual(Date.parse(current.createdAt));
    const list = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=2026-11-24&to=2026-11-24`, headers: editor });
    expect(list.json().items).toEqual([expect.objectContaining({ id, updatedBy: { id: b.id, name: 'Мария Второва' } })]);
  });

  it('lands every one of many concurrent creations', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post({ kind: 'stand_update', title: `Стенд ${i}`, at: '2026-12-01', channelIds: [stand] })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const list = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=2026-12-01&to=2026-12-01&kind=stand_update&channelId=${stand}`, headers: editor });
    expect(list.json().items).toHaveLength(20);
  });

  it('creates items in bulk all or none', async () => {
    const bad = await ctx.app.inject({
      method: 'POST',
      url: `/api/orgs/${orgId}/items/bulk`,
      headers: editor,
      payload: { items: [{ kind: 'post', title: 'a', at: '2026-12-10', channelIds: [vk] }, { kind: 'stand_update', title: 'b', at: '2026-12-11', channelIds: [vk] }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('body.items[1].channelIds[0]');
    const good = await ctx.app.inject({
      method: 'POST',
      url: `/api/orgs/${orgId}/items/bulk`,
      headers: editor,
      payload: { items: [{ kind: 'post', title: 'a', at: '2026-12-10', channelIds: [vk] }, { kind: 'post', title: 'b', at: '2026-12-11', channelIds: [vk] }] },
    });
    expect(good.statusCode).toBe(201);
    expect(good.json().items).toHaveLength(2);
    const list = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=2026-12-10&to=2026-12-11`, headers: editor });
    expect(list.json().items).toHaveLength(2);
  });

  it('answers 400 for a bad range and 404 outside the tree', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=2026-12-10&to=2026-12-01`, headers: editor })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=x&to=2026-12-01`, headers: editor })).statusCode).toBe(400);
    const other = await createOrg(ctx.database);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/orgs/${other.id}/items?from=2026-12-01&to=2026-12-01`, headers: editor })).statusCode).toBe(404);
  });
});
