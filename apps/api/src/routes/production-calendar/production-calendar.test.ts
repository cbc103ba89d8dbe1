import { beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_CALENDAR, shippedProductionYear } from '@ritm/domain/production-calendar';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';
import { syncShippedProductionCalendar } from '../../repositories/production-calendar.js';

interface Day {
  id: string;
  orgId: string | null;
  orgName: string | null;
  day: string;
  kind: string;
  name: string;
  source: string;
  shipped: boolean;
  version: number;
}

describe.each(testDatabases())('the production calendar on $name', ({ open }) => {
  // The app's clock: 16 February 2026, a Monday; 2025 is closed, 2026 and later open.
  const ctx = useTestApp(open, { now: () => new Date('2026-02-16T09:00:00Z') });
  let root: Record<string, string>;
  let regionAdmin: Record<string, string>;
  let centreEditor: Record<string, string>;
  let regionId: string;
  let centreId: string;
  let otherId: string;

  const get = (url: string, headers: Record<string, string>) => ctx.app.inject({ method: 'GET', url, headers });
  const days = async (url: string, headers: Record<string, string>): Promise<Day[]> => (await get(url, headers)).json().days;

  beforeAll(async () => {
    await createUser(ctx.database, 'root@calendar.test', { isAdmin: true });
    root = await login(ctx.app, 'root@calendar.test');
    regionId = (await createOrg(ctx.database, { kind: 'employment_authority', name: 'Департамент занятости' })).id;
    centreId = (await createOrg(ctx.database, { kind: 'employment_center', parentId: regionId, name: 'ЦЗН Центральный' })).id;
    otherId = (await createOrg(ctx.database, { kind: 'employment_authority', name: 'Другой регион' })).id;
    const admin = await createUser(ctx.database, 'admin@calendar.test');
    const editor = await createUser(ctx.database, 'editor@calendar.test');
    await addMember(ctx.database, admin.id, regionId, 'admin');
    await addMember(ctx.database, editor.id, centreId, 'editor');
    regionAdmin = await login(ctx.app, 'admin@calendar.test');
    centreEditor = await login(ctx.app, 'editor@calendar.test');
  });

  it('ships 2024–2027 into the federal calendar, readable by whoever is signed in', async () => {
    const answer = (await get('/api/production-calendar?year=2026', centreEditor)).json();
    expect(answer.decree).toBe('Постановление Правительства РФ от 24.09.2025 № 1466');
    expect(answer.may).toEqual({ edit: false });
    expect(answer.days).toHaveLength(shippedProductionYear(2026)!.days.length);
    expect(answer.days.find((d: Day) => d.day === '2026-02-23')).toMatchObject({ kind: 'holiday', name: 'День защитника Отечества', orgId: null, shipped: true });
    expect((await get('/api/production-calendar?year=2026', root)).json().may).toEqual({ edit: true });
    expect((await get('/api/production-calendar?year=2025', root)).json().may).toEqual({ edit: false });
    expect((await get('/api/production-calendar?year=2027', root)).json().decree).toBeNull();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/production-calendar?year=2026' })).statusCode).toBe(401);
    const bad = await get('/api/production-calendar?year=1999', root);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('querystring.year');
  });

  it('fills shipped years once, keeps an edited year, and replaces an unedited one shipped anew', async () => {
    const { db } = ctx.database;
    expect(await syncShippedProductionCalendar(db)).toEqual([]);
    const y2027 = await days('/api/production-calendar?year=2027', root);
    // An administrator edits 2027 (the decree is out, say): a later release shipping 2027 keeps the edit.
    const added = await ctx.app.inject({ method: 'POST', url: '/api/production-calendar/days', headers: root, payload: { day: '2027-01-11', kind: 'holiday', name: 'Выходной день (перенесён с 02.01)', source: 'Постановление № 1' } });
    expect(added.statusCode).toBe(201);
    const shipped2027 = PRODUCTION_CALENDAR.find((y) => y.year === 2027)!;
    const release = [{ ...shipped2027, days: shipped2027.days.slice(1) }];
    expect(await syncShippedProductionCalendar(db, release)).toEqual([]);
    expect(await days('/api/production-calendar?year=2027', root)).toHaveLength(y2027.length + 1);
    // 2024 nobody edited: a release that ships it differently replaces it.
    const y2024 = PRODUCTION_CALENDAR.find((y) => y.year === 2024)!;
    expect(await syncShippedProductionCalendar(db, [{ ...y2024, days: y2024.days.slice(0, 3) }])).toEqual([2024]);
    expect(await days('/api/production-calendar?year=2024', root)).toHaveLength(3);
    expect(await syncShippedProductionCalendar(db)).toEqual([2024]);
    expect(await days('/api/production-calendar?year=2024', root)).toHaveLength(y2024.days.length);
    await ctx.app.inject({ method: 'DELETE', url: `/api/production-calendar/days/${added.json().id}`, headers: { ...root, 'if-match': '1' } });
  });

  it('lets only the system administrator change the federal calendar, in the current and future years', async () => {
    const payload = { day: '2026-06-15', kind: 'holiday', name: 'Выходной', source: 'Постановление' };
    for (const headers of [regionAdmin, centreEditor]) {
      expect((await ctx.app.inject({ method: 'POST', url: '/api/production-calendar/days', headers, payload })).statusCode).toBe(403);
    }
    const past = await ctx.app.inject({ method: 'POST', url: '/api/production-calendar/days', headers: { ...root, 'accept-language': 'en' }, payload: { ...payload, day: '2025-06-16' } });
    expect(past.statusCode).toBe(409);
    expect(past.json().error).toMatchObject({ code: 'year_closed', message: expect.stringContaining('2025') });
    const past2025 = (await days('/api/production-calendar?year=2025', root)).find((d) => d.day === '2025-02-23')!;
    const closed = await ctx.app.inject({ method: 'PATCH', url: `/api/production-calendar/days/${past2025.id}`, headers: root, payload: { name: 'x', version: past2025.version } });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.message).toContain('закрыт');

    const created = await ctx.app.inject({ method: 'POST', url: '/api/production-calendar/days', headers: root, payload });
    expect(created.statusCode).toBe(201);
    const twice = await ctx.app.inject({ method: 'POST', url: '/api/production-calendar/days', headers: root, payload });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('production_day_taken');
    const weekday = await ctx.app.inject({ method: 'POST', url: '/api/production-calendar/days', headers: { ...root, 'accept-language': 'en' }, payload: { ...payload, day: '2026-06-16', kind: 'working_weekend' } });
    expect(weekday.statusCode).toBe(400);
    expect(weekday.json().error.details).toEqual([{ path: 'body.day', message: 'a worked weekend must be a Saturday or Sunday' }]);
    const renamed = await ctx.app.inject({ method: 'PATCH', url: `/api/production-calendar/days/${created.json().id}`, headers: root, payload: { name: 'Выходной день', version: 1 } });
    expect(renamed.statusCode).toBe(200);
    const stale = await ctx.app.inject({ method: 'PATCH', url: `/api/production-calendar/days/${created.json().id}`, headers: root, payload: { name: 'Снова', version: 1 } });
    expect(stale.statusCode).toBe(409);
    const feb23 = (await days('/api/production-calendar?year=2026', root)).find((d) => d.day === '2026-02-23')!;
    await ctx.app.inject({ method: 'PATCH', url: `/api/production-calendar/days/${feb23.id}`, headers: root, payload: { source: 'ТК РФ ст. 112', version: feb23.version } });
    expect((await days('/api/production-calendar?year=2026', root)).find((d) => d.day === '2026-02-23')).toMatchObject({ shipped: false, source: 'ТК РФ ст. 112' });
    const removed = await ctx.app.inject({ method: 'DELETE', url: `/api/production-calendar/days/${created.json().id}`, headers: { ...root, 'if-match': '2' } });
    expect(removed.statusCode).toBe(204);
  });

  it("gives a region's own holiday to every organisation below it, and to no other region", async () => {
    const payload = { day: '2026-09-21', kind: 'holiday', name: 'День Тверской области', source: 'Закон Тверской области' };
    expect((await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/production-calendar/days`, headers: centreEditor, payload })).statusCode).toBe(403);
    const regional = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${regionId}/production-calendar/days`, headers: regionAdmin, payload });
    expect(regional.statusCode).toBe(201);

    const centre = (await get(`/api/orgs/${centreId}/production-calendar?year=2026`, centreEditor)).json();
    expect(centre.may).toEqual({ edit: false });
    expect(centre.days.find((d: Day) => d.day === '2026-09-21')).toMatchObject({ orgId: regionId, orgName: 'Департамент занятости', name: 'День Тверской области' });
    expect(centre.days.find((d: Day) => d.day === '2026-02-23')).toMatchObject({ orgId: null });
    expect((await get(`/api/orgs/${regionId}/production-calendar?year=2026`, regionAdmin)).json().may).toEqual({ edit: true });
    expect((await get(`/api/orgs/${regionId}/production-calendar?year=2025`, regionAdmin)).json().may).toEqual({ edit: false });
    expect((await days(`/api/orgs/${otherId}/production-calendar?year=2026`, root)).some((d) => d.day === '2026-09-21')).toBe(false);
    expect((await get(`/api/orgs/${otherId}/production-calendar?year=2026`, regionAdmin)).statusCode).toBe(404);

    // The nearest entry wins a day: the region works the federal bridge day 11 May.
    const worked = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${regionId}/production-calendar/days`, headers: regionAdmin, payload: { day: '2026-05-11', kind: 'short_day', name: 'Рабочий день в регионе' } });
    expect(worked.statusCode).toBe(201);
    expect((await days(`/api/orgs/${centreId}/production-calendar?year=2026`, centreEditor)).filter((d) => d.day === '2026-05-11')).toMatchObject([{ kind: 'short_day', orgId: regionId }]);
    const gone = await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${regionId}/production-calendar/days/${worked.json().id}?version=1`, headers: regionAdmin });
    expect(gone.statusCode).toBe(204);
    // A federal entry is not the region's to remove.
    const feb23 = (await days('/api/production-calendar?year=2026', root)).find((d) => d.day === '2026-02-23')!;
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${regionId}/production-calendar/days/${feb23.id}?version=${feb23.version}`, headers: regionAdmin })).statusCode).toBe(404);
  });

  it("suggests dates for a gap off the organisation's holidays: never 23 February, nor a region's own day", async () => {
    const norm = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centreId}/norms`, headers: root, payload: { id: 'daily-ish', type: 'frequency', min: 4, per: 'week', kinds: ['post'], effectiveFrom: '2026-02-16' } });
    expect(norm.statusCode).toBe(201);
    const url = `/api/orgs/${centreId}/suggestions?from=2026-02-23&to=2026-03-01&asOf=2026-02-23`;
    const before = (await get(url, root)).json().suggestions;
    expect(before).toHaveLength(1);
    expect(before[0].dates).toHaveLength(4);
    expect(before[0].dates).not.toContain('2026-02-23');
    expect(before[0].dates).toEqual(['2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27']);
    // The region declares 25 February its own holiday: the next suggestion avoids it at once.
    const regional = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${regionId}/production-calendar/days`, headers: regionAdmin, payload: { day: '2026-02-25', kind: 'holiday', name: 'Региональный праздник' } });
    expect(regional.statusCode).toBe(201);
    const after = (await get(url, root)).json().suggestions[0].dates;
    expect(after).toHaveLength(4);
    expect(after.filter((d: string) => d === '2026-02-23' || d === '2026-02-25')).toEqual([]);
    // ritm check's rows (GET /compliance) do not read the calendar: the same before and after.
    const rows = (await get(`/api/orgs/${centreId}/compliance?from=2026-02-23&to=2026-03-01&asOf=2026-02-23`, root)).json().results;
    expect(rows).toMatchObject([{ norm: 'daily-ish', required: 4, actual: 0, status: 'at_risk' }]);
  });
});
