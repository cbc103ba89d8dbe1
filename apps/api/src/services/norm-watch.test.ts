import { beforeAll, describe, expect, it } from 'vitest';
import type { JobDefinition, JobRunner } from '../jobs/runner.js';
import { defineNotificationJobs, NORM_WATCH_CRON } from '../notifications/jobs.js';
import { useTestApp } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../test/fixtures.js';
import { warnOfNormsAtRisk } from './norm-watch.js';

type Headers = Record<string, string>;
const NOW = new Date('2026-11-26T09:00:00Z'); // a Thursday: the week of 23–29 November is under way

// The norm-at-risk watcher (issue 14): a norm that will not be met this period with what is done
// and planned warns, once, those who can still act at the organisation itself.
describe.each(testDatabases())('the norm-at-risk watcher on $name', ({ open }) => {
  const ctx = useTestApp(open, { now: () => NOW });
  const ids: Record<string, string> = {};
  let root: Headers;
  let region: string;
  let centre: string;
  let busy: string;

  const post = async (url: string, payload: object) => {
    const answer = await ctx.app.inject({ method: 'POST', url: `/api${url}`, headers: root, payload });
    expect(answer.statusCode, answer.body).toBe(201);
    return answer.json() as { id: string };
  };
  const toldOf = async (userId: string) =>
    (await ctx.database.db.selectFrom('notifications').select(['org_id', 'subject', 'payload']).where('user_id', '=', userId).where('kind', '=', 'norm_at_risk').execute()).map(
      (row) => [row.org_id, row.subject],
    );

  beforeAll(async () => {
    await createUser(ctx.database, 'root@watch.test', { isAdmin: true });
    root = await login(ctx.app, 'root@watch.test');
    region = (await createOrg(ctx.database, { name: 'Управление области' })).id;
    centre = (await createOrg(ctx.database, { name: 'ЦЗН Ленинского района', parentId: region, timezone: 'Asia/Kamchatka' })).id;
    busy = (await createOrg(ctx.database, { name: 'ЦЗН, где всё по плану', parentId: region, timezone: 'Europe/Kaliningrad' })).id;
    const people: Array<[string, string, 'viewer' | 'editor' | 'director']> = [
      ['regional', region, 'director'],
      ['editor', centre, 'editor'],
      ['director', centre, 'director'],
      ['viewer', centre, 'viewer'],
      ['gone', centre, 'editor'],
      ['busyEditor', busy, 'editor'],
    ];
    for (const [who, orgId, role] of people) {
      ids[who] = (await createUser(ctx.database, `${who}@watch.test`, { name: who })).id;
      await addMember(ctx.database, ids[who]!, orgId, role);
    }
    await ctx.database.db.updateTable('users').set({ disabled_at: NOW }).where('id', '=', ids.gone!).execute();
    await post(`/orgs/${region}/norms`, { id: 'posts', title: 'Публикации ВКонтакте', type: 'frequency', min: 2, per: 'week' });
    const centreVk = await post(`/orgs/${centre}/channels`, { type: 'vk', name: 'ВКонтакте' });
    await post(`/orgs/${centre}/items`, { kind: 'post', title: 'Вышло', at: '2026-11-24', status: 'published', channelIds: [centreVk.id] });
    const busyVk = await post(`/orgs/${busy}/channels`, { type: 'vk', name: 'ВКонтакте' });
    for (const day of ['2026-11-27', '2026-11-28']) await post(`/orgs/${busy}/items`, { kind: 'post', title: 'Запланировано', at: day, channelIds: [busyVk.id] });
  });

  it("warns each organisation's own editors and directors of a norm at risk this period, not viewers, the deactivated or those above", async () => {
    expect(await warnOfNormsAtRisk(ctx.database.db, NOW)).toBe(3);
    const subject = (orgId: string) => `norm:${orgId}:posts:2026-11-23`;
    expect(await toldOf(ids.editor!)).toEqual([[centre, subject(centre)]]);
    expect(await toldOf(ids.director!)).toEqual([[centre, subject(centre)]]);
    // The region has nothing this week either: its own director hears of the region, not of the centre.
    expect(await toldOf(ids.regional!)).toEqual([[region, subject(region)]]);
    for (const who of ['viewer', 'gone', 'busyEditor']) expect(await toldOf(ids[who]!), who).toEqual([]);

    const editor = await login(ctx.app, 'editor@watch.test');
    const [warned] = (await ctx.app.inject({ method: 'GET', url: '/api/notifications', headers: editor })).json().items;
    expect(warned).toMatchObject({
      kind: 'norm_at_risk',
      title: 'Норматив «Публикации ВКонтакте» под угрозой — ЦЗН Ленинского района',
      body: '1 из 2, неделя 23–29 ноября',
      link: `/calendar?org=${centre}&date=2026-11-23&highlight=2026-11-23..2026-11-29`,
    });
  });

  it('says nothing new on its next run, and warns again in the next period', async () => {
    expect(await warnOfNormsAtRisk(ctx.database.db, new Date(NOW.getTime() + 30 * 60_000))).toBe(0);
    const nextWeek = new Date('2026-12-01T09:00:00Z');
    await warnOfNormsAtRisk(ctx.database.db, nextWeek);
    expect((await toldOf(ids.editor!)).map(([, subject]) => subject)).toEqual([`norm:${centre}:posts:2026-11-23`, `norm:${centre}:posts:2026-11-30`]);
  });

  it('runs as the job notifications.norms-at-risk every half hour', async () => {
    const defined: JobDefinition<object>[] = [];
    const runner = { define: (definition: JobDefinition<object>) => defined.push(definition) } as unknown as JobRunner;
    const logged: object[] = [];
    const log = { info: (payload: object) => logged.push(payload), warn: () => undefined, error: () => undefined };
    defineNotificationJobs(runner, { db: ctx.database.db, config: ctx.app.ritmConfig, evidence: undefined as never, log });
    const [job] = defined;
    expect(job).toMatchObject({ name: 'notifications.norms-at-risk', cron: NORM_WATCH_CRON });
    await job!.handler({}, { id: 'j1', attempt: 1, signal: new AbortController().signal, log });
    expect(logged).toEqual([{ told: 0 }]);
  });
});
