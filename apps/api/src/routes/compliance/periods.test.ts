import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPLIANCE_STATUSES } from '@ritm/domain/compliance';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

type Counts = Record<string, number>;
interface Period {
  worst: string | null;
  counts: Counts;
  shortfalls: { at: number; status: string }[];
}
interface Org {
  orgId: string;
  level: number;
  profile: { state: string; counts: Counts; missing: { norm: string; missingChannelTypes?: string[][] }[] };
  periods: Period[];
  totals: Counts;
  shortNorms: { norm: string; channelId: string | null }[];
  normTitles: Record<string, string | null>;
  channelNames: Record<string, string>;
}
/** A period's shortfalls with the norm and channel they point at. */
const named = (org: Org, period: Period) => period.shortfalls.map(({ at, status }) => ({ ...org.shortNorms[at]!, status }));
const sum = (counts: Counts[]) => Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, counts.reduce((n, c) => n + c[s]!, 0)]));

// The heatmap in one request (issue 16) against the summary asked period by period: the same
// judge, so the same counts, with presence and quantity norms kept apart as the profile.
describe.each(testDatabases())('compliance period by period, on $name', ({ open }) => {
  // Norms are added before the quarter judged: a norm takes effect from the period it is added in (issue 11).
  const ctx = useTestApp(open, { now: () => new Date('2026-09-01T09:00:00Z') });
  let headers: Record<string, string>;
  let regionId: string;
  let lacking: string;
  let complete: string;
  const channels: Record<string, string> = {};
  const asOf = '2026-11-18';
  const get = async (path: string) => {
    const response = await ctx.app.inject({ method: 'GET', url: path, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const periods = (granularity = 'week') => get(`/api/orgs/${regionId}/compliance/periods?from=2026-10-01&to=2026-12-31&asOf=${asOf}&granularity=${granularity}`);
  const addItem = (orgId: string, kind: string, status: string, day: string, channelIds: string[]) =>
    sql`insert into items (org_id, kind, title, status, at_date, local_day, channel_ids)
        values (${orgId}, ${kind}, 'Публикация', ${status}, ${day}::date, ${day}::date, ${`{${channelIds.join(',')}}`}::uuid[])`.execute(ctx.database.db);

  beforeAll(async () => {
    regionId = (await createOrg(ctx.database, { kind: 'employment_authority', name: 'Комитет' })).id;
    lacking = (await createOrg(ctx.database, { kind: 'employment_center', parentId: regionId, name: 'ЦЗН без личного приёма' })).id;
    complete = (await createOrg(ctx.database, { kind: 'employment_center', parentId: regionId, name: 'ЦЗН', timezone: 'Asia/Yekaterinburg' })).id;
    const user = await createUser(ctx.database, 'director@periods.test');
    await addMember(ctx.database, user.id, regionId, 'admin');
    headers = await login(ctx.app, 'director@periods.test');
    expect((await ctx.app.inject({ method: 'POST', url: `/api/orgs/${regionId}/norms`, headers, payload: { preset: 'mintrud-2022' } })).statusCode).toBe(201);
    const custom = { id: 'tg-weekly', min: 1, per: 'week', kinds: ['post'], channelTypes: ['telegram'], perChannel: true, title: 'Telegram — раз в неделю' };
    expect((await ctx.app.inject({ method: 'POST', url: `/api/orgs/${complete}/norms`, headers, payload: custom })).statusCode).toBe(201);
    const add = async (orgId: string, type: string, name: string) =>
      (channels[`${orgId}:${type}`] = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels`, headers, payload: { type, name } })).json().id);
    for (const type of ['website', 'vk', 'info_zone']) await add(lacking, type, `${type} без приёма`);
    for (const type of ['website', 'vk', 'info_zone', 'in_person']) await add(complete, type, type);
    await add(complete, 'telegram', 'Канал ЦЗН в Telegram');
    for (const orgId of [lacking, complete]) {
      for (const day of ['2026-10-05', '2026-10-07', '2026-11-02', '2026-11-04', '2026-11-19']) {
        await addItem(orgId, 'post', day > asOf ? 'planned' : 'published', day, [channels[`${orgId}:vk`]!]);
      }
      await addItem(orgId, 'vacancy_material', 'published', '2026-11-16', [channels[`${orgId}:website`]!]);
      await addItem(orgId, 'public_event', 'held', '2026-10-15', []);
    }
  });

  it('counts each period as the summary of just that period does, the profile norms apart', async () => {
    for (const granularity of ['week', 'month']) {
      const answer = await periods(granularity);
      expect(answer.asOf).toBe(asOf);
      expect(answer.periods.length).toBe(granularity === 'week' ? 14 : 3);
      for (const [at, { start, end }] of answer.periods.entries()) {
        const summary = await get(`/api/orgs/${regionId}/compliance/summary?from=${start}&to=${end}&asOf=${asOf}`);
        for (const org of answer.organisations as Org[]) {
          const expected = summary.organisations.find((o: { orgId: string }) => o.orgId === org.orgId);
          expect(sum([org.periods[at]!.counts, org.profile.counts]), `${granularity} ${start} ${org.orgId}`).toEqual(expected.counts);
        }
        expect(answer.periods[at].counts).toEqual(sum((answer.organisations as Org[]).map((o) => o.periods[at]!.counts)));
      }
      expect(answer.totals).toEqual(sum((answer.organisations as Org[]).map((o) => o.totals)));
    }
  });

  it('shows a missing mandatory channel as the profile status, not as missed weeks', async () => {
    const answer = await periods();
    const [region, first, second] = answer.organisations as Org[];
    expect([region!.orgId, region!.level, first!.level]).toEqual([regionId, 0, 1]);
    const withoutDesk = [first, second].find((o) => o!.orgId === lacking)!;
    expect(withoutDesk.profile).toMatchObject({ state: 'not_met', missing: [{ norm: 'mandatory-channels', missingChannelTypes: [['in_person']] }] });
    expect(withoutDesk.normTitles['mandatory-channels']).toMatch(/Обязательные каналы/);
    expect([first, second].find((o) => o!.orgId === complete)!.profile.state).toBe('met');
    // The region itself has no channel at all.
    expect(answer.profiles).toEqual({ met: 1, not_met: 2, none: 0 });
    // Weeks after today may fall short of plan (gap), never be missed; no week names a profile norm.
    answer.periods.forEach((period: { start: string }, at: number) => {
      const week = withoutDesk.periods[at]!;
      if (period.start > asOf) expect(week.worst).not.toBe('missed');
      expect(named(withoutDesk, week).map((s) => s.norm)).not.toContain('mandatory-channels');
    });
  });

  it('names each norm short in a period, a custom one by its title and a per-channel one with its channel', async () => {
    const answer = await periods();
    const centre = (answer.organisations as Org[]).find((o) => o.orgId === complete)!;
    const week = answer.periods.findIndex((p: { start: string }) => p.start === '2026-10-12');
    const telegram = channels[`${complete}:telegram`]!;
    expect(named(centre, centre.periods[week]!)).toEqual(
      expect.arrayContaining([
        { norm: 'tg-weekly', channelId: telegram, status: 'missed' },
        { norm: 'social-posts', channelId: channels[`${complete}:vk`], status: 'missed' },
      ]),
    );
    // Each norm and channel is named once for the organisation, whichever weeks it is short in.
    expect(new Set(centre.shortNorms.map((s) => `${s.norm}|${s.channelId}`)).size).toBe(centre.shortNorms.length);
    expect(centre.normTitles['tg-weekly']).toBe('Telegram — раз в неделю');
    expect(centre.channelNames[telegram]).toBe('Канал ЦЗН в Telegram');
  });

  it('is kept like the summary: asked again it is given back, after an edit only that organisation is judged again', async () => {
    const cache = ctx.app.complianceCache;
    const first = await periods();
    const hits = cache.periodBodies.hits;
    expect(await periods()).toEqual(first);
    expect(cache.periodBodies.hits).toBe(hits + 1);
    // Two posts make that week's social-posts met.
    for (const day of ['2026-10-13', '2026-10-14']) await addItem(lacking, 'post', 'published', day, [channels[`${lacking}:vk`]!]);
    const misses = cache.periodContributions.misses;
    const judged = await periods();
    expect(cache.periodContributions.misses).toBe(misses + 1);
    cache.periodBodies.clear();
    cache.periodContributions.clear();
    expect(judged).toEqual(await periods());
    expect(judged).not.toEqual(first);
  });

  it('refuses a granularity it does not lay out', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${regionId}/compliance/periods?from=2026-10-01&to=2026-12-31&granularity=day`, headers });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toBe('querystring.granularity');
  });
});
