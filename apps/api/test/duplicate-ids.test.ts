import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './app.js';
import { testDatabases } from './databases.js';
import { addMember, createOrg, createUser, login } from './fixtures.js';

/*
 * One id written in two cases is one id (RFC 9562 reads a UUID's digits either way). A probe sent
 * `channelIds: [C, C-upper]` and got a 500 (the links' primary key) or the id stored twice: lists
 * of ids must hold each id once, and were checked before the ids were lower-cased. Every route
 * taking a list of ids is answered 400 naming the list, as for one id written twice.
 */
describe.each(testDatabases())('a list of ids holding one id in two cases, on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let editor: Record<string, string>;
  let orgId: string;
  let subId: string;
  let channel: string;
  let audience: string;
  let keyMessage: string;

  beforeAll(async () => {
    orgId = (await createOrg(ctx.database, { kind: 'employment_center' })).id;
    subId = (await createOrg(ctx.database, { kind: 'employment_center', parentId: orgId })).id;
    const user = await createUser(ctx.database, 'editor@duplicate-ids.test');
    await addMember(ctx.database, user.id, orgId, 'editor');
    editor = { ...(await login(ctx.app, 'editor@duplicate-ids.test')), 'accept-language': 'en' };
    const create = async (path: string, payload: object) => {
      const response = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/${path}`, headers: editor, payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    channel = await create('channels', { type: 'vk', name: 'ВК' });
    audience = await create('audiences', { name: 'Выпускники' });
    keyMessage = await create('key-messages', { text: 'Служба занятости помогает' });
  });

  const twice = (id: string) => [id, id.toUpperCase()];
  const refused = async (method: 'POST' | 'PATCH', url: string, payload: object, path: string) => {
    const response = await ctx.app.inject({ method, url, headers: editor, payload });
    expect(response.statusCode, `${url} ${response.body}`).toBe(400);
    expect(response.json().error.details).toEqual([{ path, message: 'must not have duplicate items' }]);
  };

  it('refuses it in an item, in items made at once and in a key message', async () => {
    const item = { kind: 'post', title: 'x', at: '2026-12-10' };
    await refused('POST', `/api/orgs/${orgId}/items`, { ...item, channelIds: twice(channel) }, 'body.channelIds');
    await refused('POST', `/api/orgs/${orgId}/items`, { ...item, audienceIds: twice(audience) }, 'body.audienceIds');
    await refused('POST', `/api/orgs/${orgId}/items`, { ...item, keyMessageIds: twice(keyMessage) }, 'body.keyMessageIds');
    await refused('POST', `/api/orgs/${orgId}/items/bulk`, { items: [item, { ...item, channelIds: twice(channel) }] }, 'body.items[1].channelIds');
    await refused('POST', `/api/orgs/${orgId}/key-messages`, { text: 'Вакансии', audienceIds: twice(audience) }, 'body.audienceIds');
    const ru = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: { ...editor, 'accept-language': 'ru' }, payload: { ...item, channelIds: twice(channel) } });
    expect(ru.json().error.details).toEqual([{ path: 'body.channelIds', message: 'не должно содержать повторов' }]);
  });

  it('refuses it in a series, which keeps its channels as they were', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: `/api/orgs/${orgId}/items`,
      headers: editor,
      payload: { kind: 'post', title: 'Дайджест', at: '2026-12-01', channelIds: [channel], recurrence: 'FREQ=WEEKLY;COUNT=3' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { seriesId } = created.json();
    await refused('PATCH', `/api/orgs/${orgId}/series/${seriesId}`, { version: 1, channelIds: twice(channel) }, 'body.channelIds');
    const series = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/series/${seriesId}`, headers: editor });
    expect(series.json()).toMatchObject({ version: 1, template: { channelIds: [channel] } });
  });

  it('refuses it in a calendar feed, for organisations and for channels', async () => {
    await refused('POST', '/api/auth/calendar-feeds', { orgIds: twice(subId) }, 'body.orgIds');
    await refused('POST', '/api/auth/calendar-feeds', { orgIds: [orgId], channelIds: twice(channel) }, 'body.channelIds');
    // Written in capitals once, an organisation is still the caller's.
    const feed = await ctx.app.inject({ method: 'POST', url: '/api/auth/calendar-feeds', headers: editor, payload: { orgIds: [orgId.toUpperCase()], channelIds: [channel.toUpperCase()] } });
    expect(feed.statusCode, feed.body).toBe(201);
    expect(feed.json()).toMatchObject({ orgIds: [orgId], channelIds: [channel] });
  });

  it('asks every list of ids a request takes to hold each id once, so that the one check covers them all', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const lists: string[] = [];
    const walk = (schema: unknown, at: string) => {
      if (typeof schema !== 'object' || schema === null) return;
      const node = schema as { type?: string; items?: { format?: string }; uniqueItems?: boolean };
      if (node.type === 'array' && node.items?.format === 'uuid' && node.uniqueItems !== true) lists.push(at);
      for (const [key, inner] of Object.entries(schema)) walk(inner, `${at}/${key}`);
    };
    for (const [path, methods] of Object.entries(spec.paths as Record<string, Record<string, { requestBody?: unknown; parameters?: unknown }>>)) {
      for (const [method, operation] of Object.entries(methods)) walk({ body: operation.requestBody, parameters: operation.parameters }, `${method} ${path}`);
    }
    expect(lists).toEqual([]);
  });
});
