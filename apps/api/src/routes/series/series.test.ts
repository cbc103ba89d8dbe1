import { beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '@ritm/contracts/items';
import type { Series } from '@ritm/contracts/series';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';
import { extendDueSeries, SERIES_EXTEND_JOB } from '../../services/series-jobs.js';

// Today is Thursday 26 November 2026 in Moscow: occurrences are made up to the end of the next
// quarter, 31 March 2027.
const NOW = new Date('2026-11-26T09:00:00Z');

describe.each(testDatabases())('recurring items on $name', ({ open }) => {
  const ctx = useTestApp(open, { now: () => NOW });
  let editor: Record<string, string>;
  let orgId: string;
  let vk: string;

  beforeAll(async () => {
    const org = await createOrg(ctx.database, { kind: 'employment_center', timezone: 'Europe/Moscow' });
    orgId = org.id;
    const user = await createUser(ctx.database, 'editor@series.test');
    await addMember(ctx.database, user.id, orgId, 'editor');
    editor = await login(ctx.app, 'editor@series.test');
    vk = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels`, headers: editor, payload: { type: 'vk', name: 'ВК', url: 'https://vk.com/czn' } })).json().id;
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object, headers = editor) =>
    ctx.app.inject({ method, url: `/api/orgs/${orgId}/${path}`, headers, ...(payload && { payload }) });
  const items = async (from: string, to: string): Promise<Item[]> => (await call('GET', `items?from=${from}&to=${to}`)).json().items;
  const ofSeries = async (seriesId: string): Promise<Item[]> => (await items('2026-10-01', '2027-06-30')).filter((item) => item.seriesId === seriesId);
  const series = async (seriesId: string): Promise<Series> => (await call('GET', `series/${seriesId}`)).json();
  const create = async (payload: object) => {
    const response = await call('POST', 'items', { kind: 'post', channelIds: [vk], ...payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; version: number; seriesId: string; occurrences: number };
  };

  it('makes a post every Tuesday and Thursday, eight times, as eight ordinary items', async () => {
    const created = await create({ title: 'Пост ВКонтакте', at: '2026-12-01', recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8' });
    expect(created).toEqual({ id: expect.any(String), version: 1, seriesId: expect.any(String), occurrences: 8 });
    const made = await ofSeries(created.seriesId);
    expect(made.map((item) => item.localDay)).toEqual(['2026-12-01', '2026-12-03', '2026-12-08', '2026-12-10', '2026-12-15', '2026-12-17', '2026-12-22', '2026-12-24']);
    expect(made.map((item) => item.seriesDay)).toEqual(made.map((item) => item.localDay));
    expect(made[0]).toMatchObject({ id: created.id, title: 'Пост ВКонтакте', status: 'planned', channelIds: [vk], planId: null });
    expect(await series(created.seriesId)).toMatchObject({
      id: created.seriesId,
      orgId,
      rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8',
      startsAt: '2026-12-01',
      exdates: [],
      lastDay: '2026-12-24',
      materialisedUntil: null,
      occurrenceCount: 8,
      template: { kind: 'post', title: 'Пост ВКонтакте', channelIds: [vk] },
      version: 1,
    });
    const list = (await call('GET', 'series')).json().series as Series[];
    expect(list.map((s) => s.id)).toContain(created.seriesId);
    // Each occurrence is audited as the item it is.
    const audited = await ctx.database.db.selectFrom('audit_log').select('entity_id').where('entity', '=', 'item').where('action', '=', 'create').where('org_id', '=', orgId).execute();
    expect(audited.map((row) => row.entity_id)).toEqual(expect.arrayContaining(made.map((item) => item.id)));
  });

  it('makes an open rule up to the end of the next quarter', async () => {
    const created = await create({ title: 'Стенд', at: '2026-11-30', recurrence: 'FREQ=MONTHLY;BYDAY=1MO' });
    expect(created.occurrences).toBe(4);
    expect((await ofSeries(created.seriesId)).map((item) => item.localDay)).toEqual(['2026-12-07', '2027-01-04', '2027-02-01', '2027-03-01']);
    // The series starts on its first occurrence (DTSTART is an occurrence).
    expect(await series(created.seriesId)).toMatchObject({ startsAt: '2026-12-07', lastDay: null, materialisedUntil: '2027-03-31' });
  });

  it('keeps the wall-clock time of a timed series in the organisation zone', async () => {
    const created = await create({ title: 'Планёрка', at: '2026-12-02T10:00:00+03:00', recurrence: 'RRULE:FREQ=WEEKLY;COUNT=3' });
    expect((await ofSeries(created.seriesId)).map((item) => item.at)).toEqual(['2026-12-02T07:00:00.000Z', '2026-12-09T07:00:00.000Z', '2026-12-16T07:00:00.000Z']);
  });

  it('leaves out non-working days when asked, as exception dates', async () => {
    // 1–8 January 2027 are holidays on the shipped production calendar; 2–3 January a weekend anyway.
    const created = await create({ title: 'Рабочий день', at: '2026-12-29', recurrence: 'FREQ=DAILY;UNTIL=20270112', skipNonWorkingDays: true });
    const days = (await ofSeries(created.seriesId)).map((item) => item.localDay);
    expect(days).not.toContain('2027-01-05');
    expect(days).not.toContain('2027-01-02');
    expect(days).toContain('2027-01-11');
    const got = await series(created.seriesId);
    expect(got.exdates).toContain('2027-01-05');
    expect(got.exdates).toContain('2027-01-03');
    expect(got.occurrenceCount).toBe(days.length);
  });

  it('names a bad rule and what a series cannot have', async () => {
    const en = { ...editor, 'accept-language': 'en' };
    const hourly = await call('POST', 'items', { kind: 'post', title: 'x', at: '2026-12-01', recurrence: 'FREQ=HOURLY' }, en);
    expect(hourly.statusCode).toBe(400);
    expect(hourly.json().error.details).toEqual([{ path: 'body.recurrence', message: 'an item recurs at most once a day (FREQ)' }]);
    const garbage = await call('POST', 'items', { kind: 'post', title: 'x', at: '2026-12-01', recurrence: 'FREQ=WEEKLY;BYDAY=XX' });
    expect(garbage.json().error.details).toEqual([{ path: 'body.recurrence', message: 'правило повторения (RRULE) записано неверно: BYDAY' }]);
    const empty = await call('POST', 'items', { kind: 'post', title: 'x', at: '2026-12-01', recurrence: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }, en);
    expect(empty.json().error.details).toEqual([{ path: 'body.recurrence', message: 'the rule gives no day from 2026-12-01' }]);
    const done = await call('POST', 'items', { kind: 'post', title: 'x', at: '2026-12-01', status: 'published', url: 'https://vk.com/wall-1_1', recurrence: 'FREQ=DAILY;COUNT=2' }, en);
    expect(done.json().error.details.map((d: { path: string }) => d.path)).toEqual(['body.status', 'body.url']);
    // An item rule an occurrence breaks names the request's field; nothing is written.
    const before = (await call('GET', 'series')).json().series.length;
    const stand = await call('POST', 'items', { kind: 'stand_update', title: 'x', at: '2026-12-01', channelIds: [vk], recurrence: 'FREQ=DAILY;COUNT=2' }, en);
    expect(stand.statusCode).toBe(400);
    expect(stand.json().error.details).toEqual(expect.arrayContaining([{ path: 'body.channelIds[0]', message: expect.stringContaining('cannot go on vk') }]));
    expect((await call('GET', 'series')).json().series.length).toBe(before);
    const alone = await call('POST', 'items', { kind: 'post', title: 'x', at: '2026-12-01', skipNonWorkingDays: true }, en);
    expect(alone.json().error.details).toEqual([{ path: 'body.skipNonWorkingDays', message: 'goes only with a recurrence' }]);
  });

  it('moves a timed series to another time of day, and stops skipping non-working days', async () => {
    const created = await create({ title: 'Эфир', at: '2026-12-30T09:00:00+03:00', recurrence: 'FREQ=DAILY;COUNT=12', skipNonWorkingDays: true });
    const skipped = await ofSeries(created.seriesId);
    // 31 December 2026 is a day off moved by decree, 1–8 January holidays, 9–10 January a weekend.
    expect(skipped.map((item) => item.localDay)).toEqual(['2026-12-30']);
    expect(created.occurrences).toBe(1);
    const moved = await call('PATCH', `series/${created.seriesId}`, { at: '2026-12-30T15:30:00+03:00', skipNonWorkingDays: false, version: 1 });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await ofSeries(created.seriesId);
    expect(after).toHaveLength(12);
    expect(new Set(after.map((item) => item.at.slice(11)))).toEqual(new Set(['12:30:00.000Z']));
    expect(moved.json().series).toMatchObject({ exdates: [], skipNonWorkingDays: false, startsAt: '2026-12-30T12:30:00.000Z', version: 2 });
  });

  it('changes one occurrence alone, and the whole series without it', async () => {
    const created = await create({ title: 'Дайджест', at: '2027-01-11', recurrence: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4' });
    const [first, second] = await ofSeries(created.seriesId);
    const moved = await call('PATCH', `items/${second!.id}`, { at: '2027-01-19', title: 'Дайджест (перенесён)', version: 1 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ localDay: '2027-01-19', seriesId: created.seriesId, seriesDay: '2027-01-18' });
    const changed = await call('PATCH', `series/${created.seriesId}`, { title: 'Дайджест недели', version: 1 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ series: { version: 2, template: { title: 'Дайджест недели' } }, split: null });
    const after = await ofSeries(created.seriesId);
    expect(after.map((item) => [item.seriesDay, item.localDay, item.title])).toEqual([
      ['2027-01-11', '2027-01-11', 'Дайджест недели'],
      ['2027-01-18', '2027-01-19', 'Дайджест (перенесён)'],
      ['2027-01-25', '2027-01-25', 'Дайджест недели'],
      ['2027-02-01', '2027-02-01', 'Дайджест недели'],
    ]);
    expect(after[0]).toMatchObject({ id: first!.id, version: 2 });
    // A stale version is refused; none at all asks for one.
    expect((await call('PATCH', `series/${created.seriesId}`, { title: 'x', version: 1 })).statusCode).toBe(409);
    expect((await call('PATCH', `series/${created.seriesId}`, { title: 'x' })).statusCode).toBe(428);
  });

  it('deletes one occurrence for good: it is an exception date and never comes back', async () => {
    const created = await create({ title: 'Рассылка', at: '2027-02-01', recurrence: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3' });
    const [, second] = await ofSeries(created.seriesId);
    expect((await call('DELETE', `items/${second!.id}?version=1`)).statusCode).toBe(204);
    expect((await series(created.seriesId)).exdates).toEqual(['2027-02-08']);
    // Changing the rule's dates makes the missing days again, but not the deleted one.
    const redone = await call('PATCH', `series/${created.seriesId}`, { rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4', version: 1 });
    expect(redone.statusCode, redone.body).toBe(200);
    expect((await ofSeries(created.seriesId)).map((item) => item.seriesDay)).toEqual(['2027-02-01', '2027-02-15', '2027-02-22']);
  });

  it('changes this and following: the series splits, earlier occurrences untouched', async () => {
    const created = await create({ title: 'Пост', at: '2026-12-01', recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8' });
    const current = await series(created.seriesId);
    const bad = await call('PATCH', `series/${created.seriesId}`, { from: '2026-12-02', title: 'x', version: current.version });
    expect(bad.json().error.details).toEqual([{ path: 'body.from', message: 'в этот день у серии нет повторения по правилу' }]);
    const split = await call('PATCH', `series/${created.seriesId}`, { from: '2026-12-15', title: 'Пост (новый формат)', version: current.version });
    expect(split.statusCode, split.body).toBe(200);
    const { series: earlier, split: later } = split.json() as { series: Series; split: Series };
    expect(earlier).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261214', lastDay: '2026-12-10', occurrenceCount: 4, version: 2 });
    expect(later).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4', startsAt: '2026-12-15', lastDay: '2026-12-24', occurrenceCount: 4, template: { title: 'Пост (новый формат)' } });
    expect((await ofSeries(created.seriesId)).map((item) => item.title)).toEqual(Array(4).fill('Пост'));
    expect((await ofSeries(later.id)).map((item) => [item.seriesDay, item.title])).toEqual([
      ['2026-12-15', 'Пост (новый формат)'],
      ['2026-12-17', 'Пост (новый формат)'],
      ['2026-12-22', 'Пост (новый формат)'],
      ['2026-12-24', 'Пост (новый формат)'],
    ]);
  });

  it('ends a series from a day, and deletes one whole, keeping what was done', async () => {
    const created = await create({ title: 'Анонс', at: '2026-11-02', recurrence: 'FREQ=WEEKLY;BYDAY=MO;COUNT=6' });
    const made = await ofSeries(created.seriesId);
    const published = await call('PATCH', `items/${made[0]!.id}`, { status: 'published', url: 'https://vk.com/wall-1_2', version: 1 });
    expect(published.statusCode, published.body).toBe(200);
    expect((await call('DELETE', `series/${created.seriesId}?from=2026-11-23&version=1`)).statusCode).toBe(204);
    expect((await ofSeries(created.seriesId)).map((item) => item.seriesDay)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(await series(created.seriesId)).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20261122', lastDay: '2026-11-16', version: 2 });
    expect((await call('DELETE', `series/${created.seriesId}?version=2`)).statusCode).toBe(204);
    expect((await call('GET', `series/${created.seriesId}`)).statusCode).toBe(404);
    const left = (await items('2026-11-02', '2026-11-30')).filter((item) => item.title === 'Анонс');
    expect(left).toEqual([expect.objectContaining({ id: made[0]!.id, status: 'published', seriesId: null })]);
  });

  it('extends open series as time passes, once, never making a deleted occurrence again', async () => {
    expect((await ctx.app.jobs.status()).schedules.map((schedule) => schedule.name)).toContain(SERIES_EXTEND_JOB);
    const created = await create({ title: 'Еженедельный обзор', at: '2027-03-01', recurrence: 'FREQ=WEEKLY;BYDAY=MO' });
    const made = await ofSeries(created.seriesId);
    expect(made.map((item) => item.seriesDay)).toEqual(['2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22', '2027-03-29']);
    expect((await call('DELETE', `items/${made[1]!.id}?version=1`)).statusCode).toBe(204);
    // Six weeks on, the horizon is the end of June.
    const later = new Date('2027-01-10T06:00:00Z');
    const first = await extendDueSeries(ctx.database.db, later);
    expect(first.failed).toBe(0);
    const extended = (await items('2027-03-01', '2027-07-31')).filter((item) => item.seriesId === created.seriesId);
    expect(extended.map((item) => item.seriesDay)).not.toContain('2027-03-08');
    expect(extended.at(-1)!.seriesDay).toBe('2027-06-28');
    expect(extended).toHaveLength(4 + 13);
    expect(await series(created.seriesId)).toMatchObject({ materialisedUntil: '2027-06-30', exdates: ['2027-03-08'], occurrenceCount: 17 });
    expect(await extendDueSeries(ctx.database.db, later)).toEqual({ series: 0, occurrences: 0, failed: 0 });
  });

  it('tells the person a series is given to once, not once per occurrence, and the job tells nobody again', async () => {
    const colleague = await createUser(ctx.database, 'colleague@series.test');
    await addMember(ctx.database, colleague.id, orgId, 'editor');
    const told = async () =>
      ctx.database.db.selectFrom('notifications').select(['kind', 'payload']).where('user_id', '=', colleague.id).where('kind', '=', 'item_assigned').execute();
    const created = await create({ title: 'Пост по понедельникам', at: '2026-12-07', recurrence: 'FREQ=WEEKLY;BYDAY=MO', responsibleId: colleague.id });
    expect(created.occurrences).toBeGreaterThan(10);
    const first = await told();
    expect(first).toHaveLength(1);
    expect(first[0]!.payload).toMatchObject({ kind: 'item_assigned', itemId: created.id, itemTitle: 'Пост по понедельникам', day: '2026-12-07' });
    const extended = await extendDueSeries(ctx.database.db, new Date('2027-01-10T06:00:00Z'));
    expect(extended.failed).toBe(0);
    expect((await ofSeries(created.seriesId)).length).toBeGreaterThan(created.occurrences);
    expect(await told()).toHaveLength(1);
  });
});
