import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

// Deleting an audience or a key message used to take it silently off every item that had it (the
// links cascade): the plan changed without anyone choosing to. Now the answer says how many use it.
describe.each(testDatabases())('deleting a catalogue entry items use, on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let orgId: string;
  let headers: Record<string, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    orgId = (await createOrg(ctx.database)).id;
    const user = await createUser(ctx.database, 'editor@in-use.test');
    await addMember(ctx.database, user.id, orgId, 'editor');
    headers = await login(ctx.app, 'editor@in-use.test');
    const post = async (path: string, payload: object) => {
      const response = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/${path}`, headers, payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    ids.vk = await post('channels', { type: 'vk', name: 'ВК' });
    ids.youth = await post('audiences', { name: 'Молодёжь' });
    ids.spare = await post('audiences', { name: 'Никому' });
    ids.jobs = await post('key-messages', { text: 'Вакансии рядом', audienceIds: [ids.youth] });
    for (const title of ['Ярмарка', 'Встреча']) {
      ids[title] = await post('items', { kind: 'post', title, at: '2026-11-16', channelIds: [ids.vk], audienceIds: [ids.youth], keyMessageIds: [ids.jobs] });
    }
  });

  const remove = (path: string, lang = 'ru') =>
    ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${orgId}/${path}?version=1`, headers: { ...headers, 'accept-language': lang } });

  it.each([
    ['audiences', 'youth', 'audience_in_use', 'Нельзя удалить: аудитория указана в публикациях (2 шт.). Сначала уберите её из них'],
    ['key-messages', 'jobs', 'key_message_in_use', 'Нельзя удалить: сообщение использовано в публикациях (2 шт.). Сначала уберите его из них'],
    ['channels', 'vk', 'channel_in_use', 'На этом канале 2 публ.; отключите его (active: false), чтобы сохранить их историю'],
  ])('refuses to delete %s used by two items with 409 %s, naming how many', async (path, id, code, text) => {
    const response = await remove(`${path}/${ids[id]}`);
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code, message: text });
    const item = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${ids['Ярмарка']}`, headers });
    expect(item.json()).toMatchObject({ audienceIds: [ids.youth], keyMessageIds: [ids.jobs], channelIds: [ids.vk] });
  });

  it('says it in English too', async () => {
    expect((await remove(`audiences/${ids.youth}`, 'en')).json().error.message).toBe('Cannot delete: 2 item(s) are for this audience. Remove it from them first');
  });

  it('deletes an entry once no item uses it', async () => {
    expect((await remove(`audiences/${ids.spare}`)).statusCode).toBe(204);
    for (const title of ['Ярмарка', 'Встреча']) {
      const item = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items/${ids[title]}`, headers });
      const moved = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/items/${ids[title]}`, headers, payload: { keyMessageIds: [], version: item.json().version } });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    expect((await remove(`key-messages/${ids.jobs}`)).statusCode).toBe(204);
  });
});
