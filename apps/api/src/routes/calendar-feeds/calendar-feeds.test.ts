import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEED_MONTHS_AHEAD } from '@ritm/domain/calendar-feed';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

/** A local date `days` from today (UTC), inside the feed's window. */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface ParsedEvent {
  uid: string;
  summary: string;
  sequence: number;
  status: string | null;
  start: ICAL.Property;
  description: string;
  url: string | null;
}

/** Parses a feed with ical.js, as a standard client would, and lists its events by title. */
function parse(body: string): { calendar: ICAL.Component; events: Map<string, ParsedEvent> } {
  const calendar = new ICAL.Component(ICAL.parse(body));
  const events = new Map<string, ParsedEvent>();
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    events.set(event.summary, {
      uid: event.uid,
      summary: event.summary,
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue('status') as string | null,
      start: vevent.getFirstProperty('dtstart')!,
      description: event.description,
      url: vevent.getFirstPropertyValue('url') as string | null,
    });
  }
  return { calendar, events };
}

describe.each(testDatabases())('calendar feeds on $name', ({ open }) => {
  const ctx = useTestApp(open, { publicUrl: 'https://ritm.example.org' });
  let region: { id: string };
  let centre: { id: string };
  let other: { id: string };
  let editor: Record<string, string>;
  let admin: Record<string, string>;
  let vk: string;
  let stand: string;

  beforeAll(async () => {
    region = await createOrg(ctx.database, { name: 'Управление занятости', kind: 'employment_authority', timezone: 'Asia/Vladivostok' });
    centre = await createOrg(ctx.database, { name: 'ЦЗН «Первореченский»', parentId: region.id, timezone: 'Asia/Vladivostok' });
    other = await createOrg(ctx.database, { name: 'Чужая организация', timezone: 'Europe/Moscow' });
    const e = await createUser(ctx.database, 'editor@feeds.test');
    await createUser(ctx.database, 'admin@feeds.test', { isAdmin: true });
    admin = await login(ctx.app, 'admin@feeds.test');
    await addMember(ctx.database, e.id, region.id, 'editor');
    editor = await login(ctx.app, 'editor@feeds.test');
    vk = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centre.id}/channels`, headers: editor, payload: { type: 'vk', name: 'ВК, «официальный»; центр', url: 'https://vk.com/czn' } })).json().id;
    stand = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centre.id}/channels`, headers: editor, payload: { type: 'info_stand', name: 'Стенд' } })).json().id;
  });

  const createItem = async (orgId: string, payload: object, headers = editor) => {
    const response = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers, payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; version: number };
  };
  const createFeed = async (payload: object, headers = editor) => ctx.app.inject({ method: 'POST', url: '/api/auth/calendar-feeds', headers, payload });
  /** The feed's path on this app, from the absolute URL the API answered. */
  const pathOf = (url: string) => new URL(url).pathname;

  it('serves planned, published and cancelled items to a client without a session, and ical.js reads them', async () => {
    const day = dayFromToday(7);
    // Published is a fact, so the published post lies a week back (issue 11: not in the future).
    const past = dayFromToday(-7);
    await createItem(centre.id, { kind: 'public_event', title: 'Ярмарка вакансий', at: day, status: 'planned' });
    const timed = await createItem(centre.id, { kind: 'post', title: 'Пост: вакансии; ярмарка, итоги\nвторая строка', at: `${past}T01:30:00Z`, status: 'published', channelIds: [vk], url: 'https://vk.com/wall-1_2' });
    await createItem(centre.id, { kind: 'meeting', title: 'Отменённое совещание', at: dayFromToday(8), status: 'cancelled' });
    await createItem(centre.id, { kind: 'post', title: 'Давно прошедший пост', at: dayFromToday(-200), status: 'published' });
    await createItem(centre.id, { kind: 'post', title: 'Пост через два года', at: dayFromToday(FEED_MONTHS_AHEAD * 31 + 40), status: 'planned' });

    const created = await createFeed({ orgIds: [region.id], includeSubtree: true });
    expect(created.statusCode, created.body).toBe(201);
    const feed = created.json();
    expect(feed).toMatchObject({ id: expect.any(String), includeSubtree: true, channelIds: [], statuses: ['planned', 'in_progress', 'published', 'held', 'cancelled'] });
    expect(feed.url).toMatch(/^https:\/\/ritm\.example\.org\/api\/feeds\/ritmcal_[\w-]{43}\.ics$/);

    const response = await ctx.app.inject({ method: 'GET', url: pathOf(feed.url) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.headers['cache-control']).toBe('private, no-cache');
    const { calendar, events } = parse(response.body);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Ритм: Управление занятости и ещё 1');
    expect([...events.keys()].sort()).toEqual(['Ярмарка вакансий', 'Отменённое совещание', 'Пост: вакансии; ярмарка, итоги\nвторая строка'].sort());

    // A date item is an all-day event: a DATE, not a DATE-TIME.
    const fair = events.get('Ярмарка вакансий')!;
    expect(fair.start.type).toBe('date');
    expect(String(fair.start.getFirstValue())).toBe(day);
    expect(fair.status).toBe('TENTATIVE');
    expect(fair.sequence).toBe(0);

    // An instant is a timed event in the organisation's zone, with its VTIMEZONE.
    const post = events.get('Пост: вакансии; ярмарка, итоги\nвторая строка')!;
    expect(post.start.type).toBe('date-time');
    expect(post.start.getParameter('tzid')).toBe('Asia/Vladivostok');
    expect(String(post.start.getFirstValue())).toBe(`${past}T11:30:00`);
    const vtimezone = calendar.getAllSubcomponents('vtimezone').map((tz) => tz.getFirstPropertyValue('tzid'));
    expect(vtimezone).toEqual(['Asia/Vladivostok']);
    const zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
    const start = post.start.getFirstValue() as ICAL.Time;
    start.zone = zone;
    expect(start.toUnixTime()).toBe(Date.parse(`${past}T01:30:00Z`) / 1000);
    expect(post.uid).toBe(`${timed.id}@ritm.example.org`);
    expect(post.status).toBe('CONFIRMED');
    expect(post.url).toBe('https://vk.com/wall-1_2');
    expect(post.description).toContain('Пост · опубликовано');
    expect(post.description).toContain('Каналы: ВК, «официальный»; центр');
    expect(post.description).toContain('Ссылка: https://vk.com/wall-1_2');
    expect(post.description).toContain(`Открыть в Ритме: https://ritm.example.org/calendar?org=${centre.id}&date=${past}`);
    // Commas and semicolons in text are escaped in the file itself, newlines written as \n.
    expect(response.body.replace(/\r\n /g, '')).toContain('SUMMARY:Пост: вакансии\\; ярмарка\\, итоги\\nвторая строка');

    expect(events.get('Отменённое совещание')!.status).toBe('CANCELLED');
  });

  it('raises SEQUENCE on each change and keeps the UID; answers 304 to the validators until then', async () => {
    const item = await createItem(centre.id, { kind: 'stand_update', title: 'Правка', at: dayFromToday(3), status: 'planned', channelIds: [stand] });
    const feed = (await createFeed({ orgIds: [centre.id], channelIds: [stand], statuses: ['planned', 'published'] })).json();
    const first = await ctx.app.inject({ method: 'GET', url: pathOf(feed.url) });
    const before = parse(first.body).events.get('Правка')!;
    expect(parse(first.body).events.size).toBe(1);
    const etag = first.headers.etag as string;
    const lastModified = first.headers['last-modified'] as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(Date.parse(lastModified)).toBeGreaterThan(0);

    const again = await ctx.app.inject({ method: 'GET', url: pathOf(feed.url), headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const sinceDate = await ctx.app.inject({ method: 'GET', url: pathOf(feed.url), headers: { 'if-modified-since': lastModified } });
    expect(sinceDate.statusCode).toBe(304);

    const patched = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${centre.id}/items/${item.id}`, headers: editor, payload: { title: 'Правка 2', version: item.version } });
    expect(patched.statusCode, patched.body).toBe(200);
    const changed = await ctx.app.inject({ method: 'GET', url: pathOf(feed.url), headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    const after = parse(changed.body).events.get('Правка 2')!;
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBeGreaterThan(before.sequence);

    // Cancelled is not among this feed's statuses: the item leaves it.
    const cancelled = await ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${centre.id}/items/${item.id}`, headers: editor, payload: { status: 'cancelled', version: patched.json().version } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const gone = await ctx.app.inject({ method: 'GET', url: pathOf(feed.url), headers: { 'if-modified-since': changed.headers['last-modified'] as string } });
    expect(gone.statusCode).toBe(200);
    expect(parse(gone.body).events.size).toBe(0);
  });

  it('lists the caller’s feeds without their addresses and revokes one: the address then answers 404', async () => {
    const feed = (await createFeed({ name: 'Мой календарь', orgIds: [centre.id] })).json();
    const list = await ctx.app.inject({ method: 'GET', url: '/api/auth/calendar-feeds', headers: editor });
    expect(list.statusCode).toBe(200);
    const listed = list.json().feeds.find((f: { id: string }) => f.id === feed.id);
    expect(listed).toMatchObject({ name: 'Мой календарь', orgIds: [centre.id], includeSubtree: false });
    expect(JSON.stringify(list.json())).not.toContain('ritmcal_');
    const served = await ctx.app.inject({ method: 'GET', url: pathOf(feed.url) });
    expect(parse(served.body).calendar.getFirstPropertyValue('x-wr-calname')).toBe('Ритм: Мой календарь');

    const revoked = await ctx.app.inject({ method: 'DELETE', url: `/api/auth/calendar-feeds/${feed.id}`, headers: editor });
    expect(revoked.statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: pathOf(feed.url) })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/auth/calendar-feeds/${feed.id}`, headers: editor })).statusCode).toBe(404);
    const relisted = await ctx.app.inject({ method: 'GET', url: '/api/auth/calendar-feeds', headers: editor });
    expect(relisted.json().feeds.map((f: { id: string }) => f.id)).not.toContain(feed.id);
  });

  it('does not let another user revoke a feed, and refuses organisations and channels outside the caller’s reach', async () => {
    const feed = (await createFeed({ orgIds: [centre.id] })).json();
    await createUser(ctx.database, 'stranger@feeds.test');
    const stranger = await login(ctx.app, 'stranger@feeds.test');
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/auth/calendar-feeds/${feed.id}`, headers: stranger })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: pathOf(feed.url) })).statusCode).toBe(200);

    expect((await createFeed({ orgIds: [other.id] })).statusCode).toBe(404);
    expect((await createFeed({ orgIds: [centre.id] }, stranger)).statusCode).toBe(404);
    const foreignChannel = await createFeed({ orgIds: [region.id], channelIds: [vk] }, { ...editor, 'accept-language': 'en' });
    expect(foreignChannel.statusCode).toBe(400);
    expect(foreignChannel.json().error.details).toEqual([{ path: 'body.channelIds[0]', message: 'not a channel of this organisation' }]);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/feeds/ritmcal_not-a-real-secret.ics' })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/feeds/ritmcal_${'a'.repeat(43)}.ics` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: pathOf(feed.url).replace('.ics', '') })).statusCode).toBe(404);
  });

  it('serves nothing of an organisation the owner lost, and nothing at all once the owner is disabled', async () => {
    const owner = await createUser(ctx.database, 'leaver@feeds.test');
    await addMember(ctx.database, owner.id, centre.id, 'viewer');
    await addMember(ctx.database, owner.id, other.id, 'viewer');
    const headers = await login(ctx.app, 'leaver@feeds.test');
    await createItem(other.id, { kind: 'post', title: 'Новость чужой организации', at: dayFromToday(2), status: 'planned' }, admin);
    await createItem(centre.id, { kind: 'post', title: 'Новость центра', at: dayFromToday(2), status: 'planned' });
    const feed = (await createFeed({ orgIds: [centre.id, other.id] }, headers)).json();
    const titles = async () => [...parse((await ctx.app.inject({ method: 'GET', url: pathOf(feed.url) })).body).events.keys()];
    expect(await titles()).toEqual(expect.arrayContaining(['Новость чужой организации', 'Новость центра']));

    await ctx.database.db.deleteFrom('memberships').where('user_id', '=', owner.id).where('org_id', '=', other.id).execute();
    const left = await ctx.app.inject({ method: 'GET', url: pathOf(feed.url) });
    expect(left.statusCode).toBe(200);
    expect(left.body).not.toContain('Чужая организация');
    expect(left.body).not.toContain('Новость чужой организации');
    expect(left.body).not.toContain('Europe/Moscow');
    expect(await titles()).toContain('Новость центра');

    await ctx.database.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', owner.id).execute();
    expect((await ctx.app.inject({ method: 'GET', url: pathOf(feed.url) })).statusCode).toBe(404);
  });

  it('limits fetches per feed', async () => {
    const feed = (await createFeed({ orgIds: [centre.id] })).json();
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await ctx.app.inject({ method: 'GET', url: pathOf(feed.url), headers: { 'if-none-match': '"x"' } })).statusCode);
    expect(statuses.filter((s) => s === 200).length).toBe(30);
    const limited = await ctx.app.inject({ method: 'GET', url: pathOf(feed.url) });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.json().error.code).toBe('rate_limited');
  });
});

describe.each(testDatabases())('calendar feed addresses without RITM_PUBLIC_URL on $name', ({ open }) => {
  const ctx = useTestApp(open);

  it('builds the address on the origin the request came to', async () => {
    const org = await createOrg(ctx.database);
    const user = await createUser(ctx.database, 'origin@feeds.test');
    await addMember(ctx.database, user.id, org.id, 'viewer');
    const headers = { ...(await login(ctx.app, 'origin@feeds.test')), host: 'ritm.local:8080' };
    const created = await ctx.app.inject({ method: 'POST', url: '/api/auth/calendar-feeds', headers, payload: { orgIds: [org.id] } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().url).toMatch(/^http:\/\/ritm\.local:8080\/api\/feeds\/ritmcal_[\w-]{43}\.ics$/);
    const served = await ctx.app.inject({ method: 'GET', url: new URL(created.json().url).pathname, headers: { host: 'ritm.local:8080' } });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('text/calendar; charset=utf-8');
  });
});
