import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '@ritm/contracts/items';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

// The feed's window is read from the real clock, so the items here are dated from today.
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface Instance {
  summary: string;
  start: string;
}

/**
 * Every event instance a standard client shows: ical.js expands each rule with its exception
 * dates and the instances written apart (RECURRENCE-ID), as Thunderbird does.
 */
function expand(body: string): Instance[] {
  const calendar = new ICAL.Component(ICAL.parse(body));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const at = (time: ICAL.Time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());
  const vevents = calendar.getAllSubcomponents('vevent');
  const exceptions = vevents.filter((v) => v.hasProperty('recurrence-id')).map((v) => new ICAL.Event(v));
  const instances: Instance[] = [];
  for (const vevent of vevents.filter((v) => !v.hasProperty('recurrence-id'))) {
    const event = new ICAL.Event(vevent, { exceptions: exceptions.filter((e) => e.uid === vevent.getFirstPropertyValue('uid')) });
    if (!event.isRecurring()) {
      instances.push({ summary: event.summary, start: at(event.startDate) });
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(), guard = 0; next && guard < 1000; next = iterator.next(), guard++) {
      const details = event.getOccurrenceDetails(next);
      instances.push({ summary: details.item.summary, start: at(details.startDate) });
    }
  }
  return instances.sort((a, b) => (a.start + a.summary).localeCompare(b.start + b.summary));
}

describe.each(testDatabases())('series in the calendar feed on $name', ({ open }) => {
  const ctx = useTestApp(open, { publicUrl: 'https://ritm.example.org' });
  let editor: Record<string, string>;
  let orgId: string;
  let vk: string;

  beforeAll(async () => {
    orgId = (await createOrg(ctx.database, { name: 'ЦЗН', kind: 'employment_center', timezone: 'Asia/Vladivostok' })).id;
    const user = await createUser(ctx.database, 'editor@series-feed.test');
    await addMember(ctx.database, user.id, orgId, 'editor');
    editor = await login(ctx.app, 'editor@series-feed.test');
    vk = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels`, headers: editor, payload: { type: 'vk', name: 'ВК', url: 'https://vk.com/czn' } })).json().id;
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object) =>
    ctx.app.inject({ method, url: `/api/orgs/${orgId}/${path}`, headers: editor, ...(payload && { payload }) });
  const occurrences = async (seriesId: string): Promise<Item[]> =>
    ((await call('GET', `items?from=${dayFromToday(-1)}&to=${dayFromToday(120)}`)).json().items as Item[]).filter((item) => item.seriesId === seriesId);

  it('writes each series as one event with its rule, exception dates and changed instances, and expands to exactly the items', async () => {
    const weekly = (await call('POST', 'items', { kind: 'post', title: 'Пост недели', at: dayFromToday(7), channelIds: [vk], recurrence: 'FREQ=WEEKLY;COUNT=6' })).json();
    const daily = (await call('POST', 'items', { kind: 'event', title: 'Планёрка', at: `${dayFromToday(3)}T10:00:00+10:00`, recurrence: 'FREQ=DAILY;COUNT=5' })).json();
    expect((await call('POST', 'items', { kind: 'post', title: 'Отдельный пост', at: dayFromToday(5), channelIds: [vk] })).statusCode).toBe(201);
    const w = await occurrences(weekly.seriesId);
    expect(w).toHaveLength(6);
    expect((await call('PATCH', `items/${w[1]!.id}`, { at: dayFromToday(15), version: 1 })).statusCode).toBe(200);
    expect((await call('PATCH', `items/${w[2]!.id}`, { title: 'Пост недели: итоги', version: 1 })).statusCode).toBe(200);
    expect((await call('DELETE', `items/${w[3]!.id}?version=1`)).statusCode).toBe(204);
    expect((await call('PATCH', `items/${w[4]!.id}`, { status: 'cancelled', version: 1 })).statusCode).toBe(200);
    const d = await occurrences(daily.seriesId);
    expect((await call('DELETE', `items/${d[1]!.id}?version=1`)).statusCode).toBe(204);
    expect((await call('PATCH', `items/${d[2]!.id}`, { at: `${d[2]!.localDay}T12:00:00+10:00`, version: 1 })).statusCode).toBe(200);

    const feed = (await ctx.app.inject({ method: 'POST', url: '/api/auth/calendar-feeds', headers: editor, payload: { orgIds: [orgId] } })).json();
    const response = await ctx.app.inject({ method: 'GET', url: new URL(feed.url).pathname });
    expect(response.statusCode).toBe(200);
    const body = response.body.replace(/\r\n /g, '');
    // One event per series with its rule, bounded; a deleted occurrence is an exception date.
    expect(body).toContain(`UID:${weekly.seriesId}@ritm.example.org`);
    expect(body).toMatch(/RRULE:FREQ=WEEKLY;UNTIL=\d{8}\r\n/);
    expect(body).toContain(`EXDATE;VALUE=DATE:${w[3]!.seriesDay!.replace(/-/g, '')}`);
    expect(body).toContain(`RECURRENCE-ID;VALUE=DATE:${w[1]!.seriesDay!.replace(/-/g, '')}`);
    expect(body).toMatch(/RRULE:FREQ=DAILY;UNTIL=\d{8}T000000Z\r\n/);
    expect(body).toContain(`EXDATE;TZID=Asia/Vladivostok:${d[1]!.seriesDay!.replace(/-/g, '')}T100000`);
    expect(body).toContain(`RECURRENCE-ID;TZID=Asia/Vladivostok:${d[2]!.seriesDay!.replace(/-/g, '')}T100000`);

    const items = (await call('GET', `items?from=${dayFromToday(-90)}&to=${dayFromToday(300)}`)).json().items as Item[];
    const expected = items.map((item) => ({ summary: item.title, start: item.at.length === 10 ? item.at : new Date(item.at).toISOString() }));
    expect(expand(response.body)).toEqual(expected.sort((a, b) => (a.start + a.summary).localeCompare(b.start + b.summary)));
  });
});
