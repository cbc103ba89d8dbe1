import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

// An exemption for one channel waives that channel's rows of a per-channel norm: a channel the
// norm does not count has none, so naming it would waive nothing and is refused.
describe.each(testDatabases())('exemptions on $name', ({ open }) => {
  const ctx = useTestApp(open, { now: () => new Date('2026-11-26T09:00:00Z') });
  let orgId: string;
  let director: Record<string, string>;
  let website: string;
  let vk: string;

  const grant = (payload: object, headers = director) => ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/exemptions`, headers, payload });
  const period = { from: '2026-12-01', to: '2026-12-31', reason: 'Карантин' };

  beforeAll(async () => {
    orgId = (await createOrg(ctx.database, { kind: 'employment_center' })).id;
    const d = await createUser(ctx.database, 'director@exemptions.test');
    await addMember(ctx.database, d.id, orgId, 'director');
    director = await login(ctx.app, 'director@exemptions.test');
    const e = await createUser(ctx.database, 'editor@exemptions.test');
    await addMember(ctx.database, e.id, orgId, 'editor');
    const editor = await login(ctx.app, 'editor@exemptions.test');
    expect((await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/norms`, headers: editor, payload: { preset: 'mintrud-2022' } })).statusCode).toBe(201);
    const channel = async (type: string, name: string) => (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels`, headers: editor, payload: { type, name } })).json().id as string;
    website = await channel('website', 'Сайт');
    vk = await channel('vk', 'ВК');
  });

  it("refuses a channel the per-channel norm does not count, naming it, in Russian and English", async () => {
    const russian = await grant({ normKey: 'social-posts', channelId: website, ...period });
    expect(russian.statusCode).toBe(400);
    expect(russian.json().error).toEqual({
      code: 'validation',
      message: 'Норматив не учитывает этот канал: освобождать на нём нечего',
      details: [{ path: 'body.channelId', message: 'норматив social-posts не учитывает каналы вида website' }],
    });
    const english = await grant({ normKey: 'social-posts', channelId: website, ...period }, { ...director, 'accept-language': 'en' });
    expect(english.json().error).toMatchObject({
      message: 'The norm does not count this channel: there is nothing on it to waive',
      details: [{ path: 'body.channelId', message: 'social-posts does not count channels of type website' }],
    });
    const exemptions = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/exemptions`, headers: director })).json().exemptions;
    expect(exemptions).toEqual([]);
  });

  it('grants an exemption for a channel the norm counts', async () => {
    const granted = await grant({ normKey: 'social-posts', channelId: vk, ...period });
    expect(granted.statusCode).toBe(201);
  });
});
