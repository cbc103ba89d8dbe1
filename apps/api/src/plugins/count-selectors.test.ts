import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../test/fixtures.js';
import { countsDrift, registeredSelectors } from '../repositories/counts.js';

/*
 * The routes that change what an organisation's norms count register its selectors before they
 * answer (issue 17), so the summary after them reads maintained counts: a norm applied at the top
 * registers every organisation below, a channel its own organisation, a norm taken away or
 * switched off drops what nobody counts any more.
 */
describe.each(testDatabases())('count selectors kept in step by the routes on $name', ({ open }) => {
  const ctx = useTestApp(open, { now: () => new Date('2026-11-21T09:00:00Z') });
  let admin: Record<string, string>;
  let regionId: string;
  let centreId: string;
  const keysOf = async (orgId: string) => (await registeredSelectors(ctx.database.db, [orgId])).get(orgId) ?? [];

  beforeAll(async () => {
    regionId = (await createOrg(ctx.database, { kind: 'employment_authority', name: 'Комитет' })).id;
    centreId = (await createOrg(ctx.database, { kind: 'employment_center', parentId: regionId, name: 'ЦЗН' })).id;
    const user = await createUser(ctx.database, 'admin@counts.test');
    await addMember(ctx.database, user.id, regionId, 'admin');
    admin = await login(ctx.app, 'admin@counts.test');
  });

  it('registers selectors when norms and channels change, and judges from counts equal to the items', async () => {
    const vk = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/channels`, headers: admin, payload: { type: 'vk', name: 'ВК' } })).json().id as string;
    expect(await keysOf(centreId)).toEqual([]);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/orgs/${regionId}/norms`, headers: admin, payload: { preset: 'mintrud-2022' } })).statusCode).toBe(201);
    // The region has no channels: its norms count items of any channel only where they name no type.
    expect(await keysOf(regionId)).toEqual([
      'month|audio,comment,press_release,print_material,publication,video|*',
      'month|group_event,public_event|*',
      'week|vacancy_material|',
    ]);
    expect(await keysOf(centreId)).toEqual(['month|audio,comment,press_release,print_material,publication,video|*', 'month|group_event,public_event|*', `week|post|${vk}`, 'week|vacancy_material|']);

    const site = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/channels`, headers: admin, payload: { type: 'website', name: 'Сайт' } })).json().id as string;
    expect(await keysOf(centreId)).toContain(`week|vacancy_material|${site}`);
    expect(await keysOf(centreId)).not.toContain('week|vacancy_material|');

    const posted = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/items`, headers: admin, payload: { kind: 'post', title: 'Пост', at: '2026-11-17', status: 'published', channelIds: [vk] } });
    expect(posted.statusCode).toBe(201);
    expect(await countsDrift(ctx.database.db, null)).toBe(0);
    const compliance = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${centreId}/compliance?from=2026-11-16&to=2026-11-22`, headers: admin })).json();
    expect(compliance.results.find((r: { norm: string; channel: string }) => r.norm === 'social-posts' && r.channel === vk)).toMatchObject({ actual: 1, required: 2 });

    // A norm of the centre's own: its selector comes with it and goes with it; the region keeps its own.
    const added = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/norms`, headers: admin, payload: { id: 'daily-posts', type: 'frequency', min: 1, per: 'day', kinds: ['post'] } });
    expect(added.statusCode).toBe(201);
    expect(await keysOf(centreId)).toContain('day|post|*');
    expect(await countsDrift(ctx.database.db, null)).toBe(0);
    const removed = await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${centreId}/norms/daily-posts?version=${added.json().version}`, headers: admin });
    expect(removed.statusCode).toBe(204);
    expect(await keysOf(centreId)).not.toContain('day|post|*');
    expect(await keysOf(regionId)).toHaveLength(3);

    // A centre created under the region is bound by its norms at once: registered before the answer.
    const created = await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: admin, payload: { parentId: regionId, kind: 'employment_center', name: 'Новый ЦЗН' } });
    expect(created.statusCode).toBe(201);
    expect(await keysOf(created.json().id)).toEqual(['month|audio,comment,press_release,print_material,publication,video|*', 'month|group_event,public_event|*', 'week|vacancy_material|']);
  });
});
