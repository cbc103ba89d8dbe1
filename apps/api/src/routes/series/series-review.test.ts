import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '@ritm/contracts/items';
import type { Series } from '@ritm/contracts/series';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';
import { extendDueSeries } from '../../services/series-jobs.js';

// Defects a review of recurring items found (issue 15). Today is Thursday 26 November 2026 in Moscow.
const NOW = new Date('2026-11-26T09:00:00Z');

describe.each(testDatabases())('recurring items, review fixes, on $name', ({ open }) => {
  const ctx = useTestApp(open, { now: () => NOW });
  let editor: Record<string, string>;
  let en: Record<string, string>;
  let parentId: string;
  let orgId: string;

  beforeAll(async () => {
    parentId = (await createOrg(ctx.database, { kind: 'employment_center', timezone: 'Europe/Moscow' })).id;
    orgId = (await createOrg(ctx.database, { kind: 'employment_center', timezone: 'Europe/Moscow', parentId })).id;
    const user = await createUser(ctx.database, 'editor@series-review.test');
    await addMember(ctx.database, user.id, orgId, 'editor');
    editor = await login(ctx.app, 'editor@series-review.test');
    en = { ...editor, 'accept-language': 'en' };
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object, headers = editor) =>
    ctx.app.inject({ method, url: `/api/orgs/${orgId}/${path}`, headers, ...(payload && { payload }) });
  const ofSeries = async (seriesId: string): Promise<Item[]> =>
    ((await call('GET', 'items?from=2026-10-01&to=2027-06-30')).json().items as Item[]).filter((item) => item.seriesId === seriesId);
  const series = async (seriesId: string): Promise<Series> => (await call('GET', `series/${seriesId}`)).json();
  const create = async (payload: object) => {
    const response = await call('POST', 'items', { kind: 'post', ...payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; version: number; seriesId: string; occurrences: number };
  };

  it('answers a rule that gives no day with a 400 at once, not after seconds of search', async () => {
    const started = Date.now();
    const never = await call('POST', 'items', { kind: 'post', title: 'x', at: '2026-12-01', recurrence: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' }, en);
    expect(never.statusCode).toBe(400);
    expect(never.json().error.details).toEqual([{ path: 'body.recurrence', message: 'the rule gives no day from 2026-12-01' }]);
    const april = await call('POST', 'items', { kind: 'post', title: 'x', at: '2026-12-01', recurrence: 'FREQ=WEEKLY;BYMONTH=4;BYMONTHDAY=31' }, en);
    expect(april.json().error.details).toEqual([{ path: 'body.recurrence', message: 'the rule gives no day from 2026-12-01' }]);
    // Every 7th day from Monday 30 November is never a Tuesday: empty only from this start.
    const phase = await call('POST', 'items', { kind: 'post', title: 'x', at: '2026-11-30', recurrence: 'FREQ=DAILY;INTERVAL=7;BYDAY=TU' }, en);
    expect(phase.json().error.details).toEqual([{ path: 'body.recurrence', message: 'the rule gives no day from 2026-11-30' }]);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses a zero ordinal before a weekday with a 400, not a 500', async () => {
    for (const byday of ['0MO', '00MO']) {
      const response = await call('POST', 'items', { kind: 'post', title: 'x', at: '2026-12-01', recurrence: `FREQ=MONTHLY;BYDAY=${byday}` }, en);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details).toEqual([{ path: 'body.recurrence', message: 'the recurrence rule (RRULE) is not valid at BYDAY' }]);
    }
  });

  it('takes a rule in any order and case, as the domain reads it', async () => {
    const reordered = await create({ title: 'Вторник', at: '2026-12-01', recurrence: 'RRULE:BYDAY=TU;FREQ=WEEKLY;COUNT=2' });
    expect(await series(reordered.seriesId)).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=2' });
    const lower = await create({ title: 'Ежедневно', at: '2026-12-01', recurrence: 'freq=daily;count=2' });
    expect(await series(lower.seriesId)).toMatchObject({ rrule: 'FREQ=DAILY;COUNT=2' });
    const words = await call('POST', 'items', { kind: 'post', title: 'x', at: '2026-12-01', recurrence: 'weekly on tuesdays' }, en);
    expect(words.statusCode).toBe(400);
    expect(words.json().error.details[0].path).toBe('body.recurrence');
  });

  it('moves this and following neither before `from` nor off the days the rule pins', async () => {
    const created = await create({ title: 'Вт и Чт', at: '2026-12-01', recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6' });
    const earlier = await call('PATCH', `series/${created.seriesId}`, { from: '2026-12-08', at: '2026-12-07', version: 1 }, en);
    expect(earlier.statusCode).toBe(400);
    expect(earlier.json().error.details).toEqual([{ path: 'body.at', message: 'the new date cannot be before 2026-12-08: the earlier part of the series still has that occurrence' }]);
    const offRule = await call('PATCH', `series/${created.seriesId}`, { from: '2026-12-08', at: '2026-12-09', version: 1 }, en);
    expect(offRule.statusCode).toBe(400);
    expect(offRule.json().error.details).toEqual([{ path: 'body.at', message: expect.stringContaining('change the rule (BYDAY, BYMONTHDAY)') }]);
    // Nothing moved or was lost.
    expect((await ofSeries(created.seriesId)).map((item) => item.seriesDay)).toEqual(['2026-12-01', '2026-12-03', '2026-12-08', '2026-12-10', '2026-12-15', '2026-12-17']);
    // With the rule changed to the new day, it moves.
    const moved = await call('PATCH', `series/${created.seriesId}`, { from: '2026-12-08', at: '2026-12-09', rrule: 'FREQ=WEEKLY;BYDAY=WE,FR;COUNT=4', version: 1 });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await ofSeries(moved.json().split.id)).map((item) => item.seriesDay)).toEqual(['2026-12-09', '2026-12-11', '2026-12-16', '2026-12-18']);
    // A rule that does not pin its weekday follows the new day.
    const weekly = await create({ title: 'Раз в неделю', at: '2026-12-01', recurrence: 'FREQ=WEEKLY;COUNT=4' });
    const later = await call('PATCH', `series/${weekly.seriesId}`, { from: '2026-12-08', at: '2026-12-09', version: 1 });
    expect(later.statusCode, later.body).toBe(200);
    expect((await ofSeries(later.json().split.id)).map((item) => item.seriesDay)).toEqual(['2026-12-09', '2026-12-16', '2026-12-23']);
  });

  it('brings back only the days it skipped as non-working when it stops skipping, never a deleted one', async () => {
    const created = await create({ title: 'Каждый день', at: '2026-12-29', recurrence: 'FREQ=DAILY;UNTIL=20270112' });
    const saturday = (await ofSeries(created.seriesId)).find((item) => item.seriesDay === '2027-01-02')!;
    expect((await call('DELETE', `items/${saturday.id}?version=1`)).statusCode).toBe(204);
    const on = await call('PATCH', `series/${created.seriesId}`, { skipNonWorkingDays: true, version: 1 });
    expect(on.statusCode, on.body).toBe(200);
    expect((await ofSeries(created.seriesId)).map((item) => item.seriesDay)).not.toContain('2027-01-05');
    const off = await call('PATCH', `series/${created.seriesId}`, { skipNonWorkingDays: false, version: 2 });
    expect(off.statusCode, off.body).toBe(200);
    const days = (await ofSeries(created.seriesId)).map((item) => item.seriesDay);
    expect(days).toContain('2027-01-03');
    expect(days).toContain('2027-01-05');
    expect(days).not.toContain('2027-01-02');
    expect((await series(created.seriesId)).exdates).toEqual(['2027-01-02']);
  });

  it('answers 400, not 500, for occurrences past the last day of the product range, and makes none there', async () => {
    const past = await call('POST', 'items', { kind: 'post', title: 'x', at: '2100-12-31', recurrence: 'FREQ=WEEKLY;BYDAY=MO' }, en);
    expect(past.statusCode, past.body).toBe(400);
    expect(past.json().error.details).toEqual([{ path: 'body.recurrence', message: "the rule's first occurrence (2101-01-03) is after 2100-12-31, the last day Ritm works with" }]);
    const edge = await create({ title: 'Край', at: '2100-12-27', recurrence: 'FREQ=DAILY' });
    // Made to the horizon (at least its first day); the extension job stops at 2100-12-31.
    expect(edge.occurrences).toBe(1);
    expect(await series(edge.seriesId)).toMatchObject({ materialisedUntil: '2100-12-27', occurrenceCount: 1 });
  });

  it('ends a series from a day after its last one without adding days to it', async () => {
    const created = await create({ title: 'Три недели', at: '2026-12-01', recurrence: 'FREQ=WEEKLY;COUNT=3' });
    const deleted = await call('DELETE', `series/${created.seriesId}?from=2027-06-01&version=1`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(await series(created.seriesId)).toMatchObject({ rrule: 'FREQ=WEEKLY;COUNT=3', lastDay: '2026-12-15', occurrenceCount: 3 });
    expect((await ofSeries(created.seriesId)).map((item) => item.seriesDay)).toEqual(['2026-12-01', '2026-12-08', '2026-12-15']);
  });

  it('leaves the done occurrences of a deleted series as plain items, without a day on the rule', async () => {
    const created = await create({ title: 'Отчёт', at: '2026-11-02', recurrence: 'FREQ=WEEKLY;COUNT=3' });
    const made = await ofSeries(created.seriesId);
    const published = await call('PATCH', `items/${made[0]!.id}`, { status: 'published', url: 'https://vk.com/wall-1_9', version: 1 });
    expect(published.statusCode, published.body).toBe(200);
    expect((await call('DELETE', `series/${created.seriesId}?version=1`)).statusCode).toBe(204);
    const row = await ctx.database.db.selectFrom('items').select(['series_id', 'series_day', 'series_detached']).where('id', '=', made[0]!.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ series_id: null, series_day: null, series_detached: false });
  });

  it('does not extend the series of an organisation under an archived one', async () => {
    const created = await create({ title: 'Обзор', at: '2027-03-01', recurrence: 'FREQ=WEEKLY;BYDAY=MO' });
    expect(await series(created.seriesId)).toMatchObject({ materialisedUntil: '2027-03-31' });
    await ctx.database.db.updateTable('organisations').set({ archived_at: new Date('2026-11-26T10:00:00Z') }).where('id', '=', parentId).execute();
    try {
      await extendDueSeries(ctx.database.db, new Date('2027-01-10T06:00:00Z'));
      const row = await ctx.database.db.selectFrom('item_series').select(sql`materialised_until::text`.as('until')).where('id', '=', created.seriesId).executeTakeFirstOrThrow();
      expect(row.until).toBe('2027-03-31');
    } finally {
      await ctx.database.db.updateTable('organisations').set({ archived_at: null }).where('id', '=', parentId).execute();
    }
  });
});
