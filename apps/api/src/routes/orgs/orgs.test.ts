import { addDays } from '@ritm/domain/local-date';
import { localDateOf } from '@ritm/domain/time-zone';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { createUser, login } from '../../../test/fixtures.js';

/** The IANA zones of Russia (tz database zone1970.tab, RU), west to east. */
const RUSSIAN_ZONES = [
  'Europe/Kaliningrad', 'Europe/Moscow', 'Europe/Simferopol', 'Europe/Kirov', 'Europe/Volgograd', 'Europe/Astrakhan', 'Europe/Saratov',
  'Europe/Ulyanovsk', 'Europe/Samara', 'Asia/Yekaterinburg', 'Asia/Omsk', 'Asia/Novosibirsk', 'Asia/Barnaul', 'Asia/Tomsk',
  'Asia/Novokuznetsk', 'Asia/Krasnoyarsk', 'Asia/Irkutsk', 'Asia/Chita', 'Asia/Yakutsk', 'Asia/Khandyga', 'Asia/Vladivostok',
  'Asia/Ust-Nera', 'Asia/Magadan', 'Asia/Sakhalin', 'Asia/Srednekolymsk', 'Asia/Kamchatka', 'Asia/Anadyr',
];

describe.each(testDatabases())('organisations and members on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let root: Record<string, string>;
  let rootId: string;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    ctx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function createOrg(headers: Record<string, string>, body: object): Promise<{ id: string; version: number }> {
    const response = await call('POST', '/api/orgs', headers, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  beforeAll(async () => {
    await createUser(ctx.database, 'root@example.org', { isAdmin: true });
    root = await login(ctx.app, 'root@example.org');
    rootId = (await createOrg(root, { name: 'Федерация', kind: 'union_central' })).id;
  });

  it('creates a child under an admin of the parent and answers 201 with id and version', async () => {
    const created = await call('POST', '/api/orgs', root, { name: 'Теркому', kind: 'union_territorial', parentId: rootId, timezone: 'Asia/Vladivostok', members: 1200, figures: { solidarnost_copies: 5 } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: expect.any(String), version: 1, parentId: rootId, depth: 1, timezone: 'Asia/Vladivostok', members: 1200 });
  });

  it('refuses a root from anyone but a system administrator, and an unknown time zone', async () => {
    await createUser(ctx.database, 'orgadmin@example.org');
    const headers = await login(ctx.app, 'orgadmin@example.org');
    expect((await call('POST', '/api/orgs', headers, { name: 'X', kind: 'other' })).statusCode).toBe(403);
    const badZone = await call('POST', '/api/orgs', root, { name: 'X', kind: 'other', timezone: 'Mars/Olympus' });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error.details[0].path).toBe('body.timezone');
  });

  it("lists only the subtrees of the user's memberships, with the effective role", async () => {
    const region = await createOrg(root, { name: 'Регион', kind: 'union_territorial', parentId: rootId });
    const primary = await createOrg(root, { name: 'Первичка', kind: 'union_primary', parentId: region.id });
    await createOrg(root, { name: 'Чужая ветка', kind: 'union_territorial', parentId: rootId });
    await createUser(ctx.database, 'regional@example.org');
    expect((await call('POST', `/api/orgs/${region.id}/members`, root, { email: 'regional@example.org', role: 'editor' })).statusCode).toBe(201);
    // What is no address is refused as such, naming the field, rather than looked up and not found (found by a probe).
    for (const email of ['not an email', ' regional@example.org']) {
      const refused = await call('POST', `/api/orgs/${region.id}/members`, root, { email, role: 'editor' });
      expect(refused.statusCode, email).toBe(400);
      expect(refused.json().error.details, email).toEqual([{ path: 'body.email', message: expect.stringMatching(/^ожидается: адрес электронной почты/) }]);
    }
    const headers = await login(ctx.app, 'regional@example.org');
    const list = await call('GET', '/api/orgs', headers);
    expect(list.statusCode).toBe(200);
    const orgs = list.json().organisations as Array<{ id: string; name: string; role: string; parentId: string }>;
    expect(orgs.map((o) => [o.name, o.role])).toEqual([
      ['Регион', 'editor'],
      ['Первичка', 'editor'],
    ]);
    expect(orgs[1]).toMatchObject({ id: primary.id, parentId: region.id });
    expect((await call('GET', `/api/orgs/${rootId}`, headers)).statusCode).toBe(404);
  });

  it('lets exactly one of two concurrent edits with the same version win; the other hears the current version', async () => {
    const org = await createOrg(root, { name: 'Гонка', kind: 'other', parentId: rootId });
    const [a, b] = await Promise.all([
      call('PATCH', `/api/orgs/${org.id}`, { ...root, 'if-match': '1' }, { name: 'Первый' }),
      call('PATCH', `/api/orgs/${org.id}`, root, { name: 'Второй', version: 1 }),
    ]);
    const codes = [a!.statusCode, b!.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = [a!, b!].find((r) => r.statusCode === 409)!;
    expect(loser.json().error).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    const winner = [a!, b!].find((r) => r.statusCode === 200)!;
    expect((await call('GET', `/api/orgs/${org.id}`, root)).json().name).toBe(winner.json().name);
    expect((await call('PATCH', `/api/orgs/${org.id}`, root, { name: 'Без версии' })).statusCode).toBe(428);
  });

  it("moves instant-dated items to their local day in the new time zone, in the same change", async () => {
    const org = await createOrg(root, { name: 'Часовой пояс', kind: 'employment_center', parentId: rootId });
    // 13:30Z on the 15th is 16:30 in Moscow and 00:30 on the 16th in Kamchatka (UTC+12).
    await ctx.database.db
      .insertInto('items')
      .values([
        { org_id: org.id, kind: 'post', title: 'Мгновение', status: 'planned', at_instant: '2026-11-15T13:30:00Z', local_day: '2026-11-15' },
        { org_id: org.id, kind: 'post', title: 'Дата', status: 'planned', at_date: '2026-11-15', local_day: '2026-11-15' },
      ])
      .execute();
    const patched = await call('PATCH', `/api/orgs/${org.id}`, root, { timezone: 'Asia/Kamchatka', version: 1 });
    expect(patched.statusCode).toBe(200);
    const days = await ctx.database.db.selectFrom('items').select(['title', 'local_day']).where('org_id', '=', org.id).orderBy('title').execute();
    expect(days).toEqual([
      { title: 'Дата', local_day: '2026-11-15' },
      { title: 'Мгновение', local_day: '2026-11-16' },
    ]);
  });

  it("re-places items on a zone change exactly as the domain places them on write, for every Russian zone over 2000-2100", async () => {
    const org = await createOrg(root, { name: 'Все пояса', kind: 'employment_center', parentId: rootId });
    // Local midnights move with every offset change: DST until 2011, permanent summer time
    // 2011-2014, the 2014 return and the regional changes of 2016. Hours around the switch
    // nights of those years, and a spread over the century.
    const instants: number[] = [];
    for (const night of ['2000-03-26', '2000-10-29', '2010-03-28', '2010-10-31', '2011-03-27', '2014-10-26', '2016-03-27', '2016-04-24', '2016-05-29', '2016-07-24', '2016-12-04', '2020-12-27']) {
      for (let hour = -14; hour <= 14; hour++) instants.push(Date.parse(`${night}T00:30:00Z`) + hour * 3_600_000);
    }
    // From the product range's first instant to days before its last, so that the stale day
    // written below (the range's last day) is never an item's right one.
    for (let t = Date.UTC(2000, 0, 1, 14, 17); t < Date.UTC(2100, 11, 30); t += 97 * 86_400_000 + 3_600_000 * 5) instants.push(t);
    await ctx.database.db
      .insertInto('items')
      .values(instants.map((t, i) => ({ org_id: org.id, kind: 'post', title: `#${i}`, status: 'planned' as const, at_instant: new Date(t).toISOString(), local_day: '2100-12-31' })))
      .execute();
    let version = org.version;
    for (const zone of RUSSIAN_ZONES) {
      const patched = await call('PATCH', `/api/orgs/${org.id}`, root, { timezone: zone, version });
      expect(patched.statusCode, patched.body).toBe(200);
      version = patched.json().version;
      const rows = await ctx.database.db.selectFrom('items').select(['at_instant', sql<string>`local_day::text`.as('day')]).where('org_id', '=', org.id).execute();
      const wrong = rows.filter((row) => row.day !== localDateOf(new Date(row.at_instant!).getTime(), zone));
      expect(wrong, zone).toEqual([]);
    }
  });

  it('moves an organisation with its whole subtree under another one, and with it who may see it', async () => {
    const north = await createOrg(root, { name: 'Север', kind: 'union_territorial', parentId: rootId });
    const south = await createOrg(root, { name: 'Юг', kind: 'union_territorial', parentId: rootId });
    const branch = await createOrg(root, { name: 'Отделение', kind: 'other', parentId: north.id });
    const primary = await createOrg(root, { name: 'Первичка', kind: 'union_primary', parentId: branch.id });
    await createUser(ctx.database, 'north@example.org');
    await createUser(ctx.database, 'south@example.org');
    await call('POST', `/api/orgs/${north.id}/members`, root, { email: 'north@example.org', role: 'director' });
    await call('POST', `/api/orgs/${south.id}/members`, root, { email: 'south@example.org', role: 'director' });
    const northDirector = await login(ctx.app, 'north@example.org');
    const southDirector = await login(ctx.app, 'south@example.org');
    expect((await call('GET', `/api/orgs/${primary.id}`, northDirector)).statusCode).toBe(200);
    expect((await call('GET', `/api/orgs/${primary.id}`, southDirector)).statusCode).toBe(404);

    const moved = await call('PATCH', `/api/orgs/${branch.id}`, root, { parentId: south.id, version: branch.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: south.id, depth: 2, version: branch.version + 1 });
    const rows = await ctx.database.db.selectFrom('organisations').select(['id', 'path', 'depth']).where('id', 'in', [branch.id, primary.id]).execute();
    const rootPath = `/${rootId}/${south.id}/${branch.id}/`;
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.path, r.depth]]))).toEqual({ [branch.id]: [rootPath, 2], [primary.id]: [`${rootPath}${primary.id}/`, 3] });
    expect((await call('GET', `/api/orgs/${primary.id}`, southDirector)).statusCode).toBe(200);
    expect((await call('GET', `/api/orgs/${primary.id}`, northDirector)).statusCode).toBe(404);
    // As deep as before, the primary organisation below keeps its version; one level up, it gets a new one.
    expect((await call('GET', `/api/orgs/${primary.id}`, root)).json()).toMatchObject({ depth: 3, version: primary.version });
    const up = await call('PATCH', `/api/orgs/${branch.id}`, root, { parentId: rootId, version: branch.version + 1 });
    expect(up.statusCode, up.body).toBe(200);
    expect((await call('GET', `/api/orgs/${primary.id}`, root)).json()).toMatchObject({ depth: 2, version: primary.version + 1 });
    expect((await call('GET', `/api/orgs/${primary.id}`, southDirector)).statusCode).toBe(404);
    const audit = (await call('GET', `/api/orgs/${branch.id}/audit?entity=organisation`, root)).json();
    expect(audit.entries).toContainEqual(expect.objectContaining({ action: 'update', before: expect.objectContaining({ parentId: north.id }), after: expect.objectContaining({ parentId: south.id }) }));
  });

  it('lets one of two crossing moves at once win, never making a cycle', async () => {
    const x = await createOrg(root, { name: 'X', kind: 'other', parentId: rootId });
    const y = await createOrg(root, { name: 'Y', kind: 'other', parentId: rootId });
    const answers = await Promise.all([
      call('PATCH', `/api/orgs/${x.id}`, root, { parentId: y.id, version: x.version }),
      call('PATCH', `/api/orgs/${y.id}`, root, { parentId: x.id, version: y.version }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const rows = await ctx.database.db.selectFrom('organisations').select(['id', 'path', 'parent_id']).where('id', 'in', [x.id, y.id]).execute();
    const child = rows.find((r) => r.parent_id !== rootId)!;
    const parent = rows.find((r) => r.id !== child.id)!;
    expect(child.parent_id).toBe(parent.id);
    expect(child.path).toBe(`${parent.path}${child.id}/`);
    expect(parent.path).toBe(`/${rootId}/${parent.id}/`);
  });

  it('refuses a move into the organisation itself or below it, into a tree the caller does not administer, or with an old version', async () => {
    const top = await createOrg(root, { name: 'Верх', kind: 'union_territorial', parentId: rootId });
    const below = await createOrg(root, { name: 'Низ', kind: 'union_primary', parentId: top.id });
    for (const parentId of [top.id, below.id]) {
      const cycle = await call('PATCH', `/api/orgs/${top.id}`, { ...root, 'accept-language': 'ru' }, { parentId, version: top.version });
      expect(cycle.statusCode).toBe(409);
      expect(cycle.json().error).toMatchObject({ code: 'move_cycle', message: expect.stringContaining('нельзя перенести') });
    }
    const other = await createOrg(root, { name: 'Чужая', kind: 'other' });
    await createUser(ctx.database, 'topadmin@example.org');
    await call('POST', `/api/orgs/${top.id}/members`, root, { email: 'topadmin@example.org', role: 'admin' });
    const topAdmin = await login(ctx.app, 'topadmin@example.org');
    expect((await call('PATCH', `/api/orgs/${below.id}`, topAdmin, { parentId: other.id, version: below.version })).statusCode).toBe(404);
    expect((await call('PATCH', `/api/orgs/${below.id}`, root, { parentId: other.id, version: below.version + 5 })).statusCode).toBe(409);
    const unchanged = await ctx.database.db.selectFrom('organisations').select(['path']).where('id', '=', below.id).executeTakeFirstOrThrow();
    expect(unchanged.path).toBe(`/${rootId}/${top.id}/${below.id}/`);
  });

  it('lists the people with a role here: given here, and inherited from above, marked', async () => {
    const region = await createOrg(root, { name: 'Область', kind: 'union_territorial', parentId: rootId });
    const centre = await createOrg(root, { name: 'Первичная', kind: 'union_primary', parentId: region.id });
    await createUser(ctx.database, 'area-director@example.org', { name: 'Директор области' });
    await createUser(ctx.database, 'centre-editor@example.org', { name: 'Редактор' });
    await call('POST', `/api/orgs/${region.id}/members`, root, { email: 'area-director@example.org', role: 'director' });
    await call('POST', `/api/orgs/${centre.id}/members`, root, { email: 'centre-editor@example.org', role: 'editor' });
    await call('POST', `/api/orgs/${centre.id}/members`, root, { email: 'area-director@example.org', role: 'viewer' });
    const members = (await call('GET', `/api/orgs/${centre.id}/members`, root)).json().members;
    expect(members.map((m: { email: string; role: string; orgName: string; inherited: boolean }) => [m.email, m.role, m.orgName, m.inherited])).toEqual([
      ['area-director@example.org', 'viewer', 'Первичная', false],
      ['centre-editor@example.org', 'editor', 'Первичная', false],
      ['area-director@example.org', 'director', 'Область', true],
    ]);
    const above = (await call('GET', `/api/orgs/${region.id}/members`, root)).json().members;
    expect(above.map((m: { email: string }) => m.email)).toEqual(['area-director@example.org']);
  });

  it('refuses to delete an organisation with children, and deletes a leaf with its version', async () => {
    const parent = await createOrg(root, { name: 'Родитель', kind: 'other', parentId: rootId });
    const leaf = await createOrg(root, { name: 'Лист', kind: 'other', parentId: parent.id });
    const refused = await call('DELETE', `/api/orgs/${parent.id}?version=1`, root);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('has_children');
    expect((await call('DELETE', `/api/orgs/${leaf.id}?version=7`, root)).statusCode).toBe(409);
    expect((await call('DELETE', `/api/orgs/${leaf.id}`, { ...root, 'if-match': '1' })).statusCode).toBe(204);
    expect((await call('GET', `/api/orgs/${leaf.id}`, root)).statusCode).toBe(404);
  });

  it('adds members by e-mail, names an unknown e-mail, and lands every one of concurrent additions', async () => {
    const org = await createOrg(root, { name: 'Участники', kind: 'union_primary', parentId: rootId });
    const unknown = await call('POST', `/api/orgs/${org.id}/members`, { ...root, 'accept-language': 'en' }, { email: 'ghost@example.org', role: 'viewer' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'user_not_found', message: expect.stringContaining('No user has this e-mail') });
    const emails = Array.from({ length: 6 }, (_, i) => `member${i}@example.org`);
    for (const email of emails) await createUser(ctx.database, email);
    const responses = await Promise.all(emails.map((email) => call('POST', `/api/orgs/${org.id}/members`, root, { email, role: 'viewer' })));
    expect(responses.map((r) => r.statusCode)).toEqual(emails.map(() => 201));
    const members = (await call('GET', `/api/orgs/${org.id}/members`, root)).json().members as Array<{ email: string }>;
    expect(members.map((m) => m.email)).toEqual(emails);
    const again = await call('POST', `/api/orgs/${org.id}/members`, root, { email: emails[0], role: 'editor' });
    expect(again.statusCode).toBe(409);
  });

  it("changes and removes a member's role only with the right version", async () => {
    const org = await createOrg(root, { name: 'Роли', kind: 'other', parentId: rootId });
    const user = await createUser(ctx.database, 'role-change@example.org');
    await call('POST', `/api/orgs/${org.id}/members`, root, { email: 'role-change@example.org', role: 'viewer' });
    const url = `/api/orgs/${org.id}/members/${user.id}`;
    expect((await call('PATCH', url, root, { role: 'director', version: 1 })).json()).toEqual({ userId: user.id, role: 'director', version: 2 });
    expect((await call('PATCH', url, root, { role: 'editor', version: 1 })).statusCode).toBe(409);
    expect((await call('DELETE', url, { ...root, 'if-match': '2' })).statusCode).toBe(204);
    expect((await call('DELETE', url, { ...root, 'if-match': '2' })).statusCode).toBe(404);
  });

  it('records every change in the audit log, read newest first by directors and admins, page by page', async () => {
    const org = await createOrg(root, { name: 'Аудит', kind: 'other', parentId: rootId });
    const child = await createOrg(root, { name: 'Аудит-дочка', kind: 'other', parentId: org.id });
    await call('PATCH', `/api/orgs/${child.id}`, root, { members: 10, version: 1 });
    await createUser(ctx.database, 'director@example.org');
    await createUser(ctx.database, 'editor@example.org');
    await call('POST', `/api/orgs/${org.id}/members`, root, { email: 'director@example.org', role: 'director' });
    await call('POST', `/api/orgs/${org.id}/members`, root, { email: 'editor@example.org', role: 'editor' });
    const director = await login(ctx.app, 'director@example.org');
    const first = await call('GET', `/api/orgs/${org.id}/audit?limit=2`, director);
    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(page.entries.map((e: { entity: string; action: string }) => `${e.entity}:${e.action}`)).toEqual(['membership:create', 'membership:create']);
    const second = (await call('GET', `/api/orgs/${org.id}/audit?limit=5&before=${page.nextBefore}`, director)).json();
    expect(second.entries.map((e: { entity: string; action: string }) => `${e.entity}:${e.action}`)).toEqual([
      'organisation:update',
      'organisation:create',
      'organisation:create',
    ]);
    expect(second.entries[0]).toMatchObject({ entityId: child.id, before: { members: null }, after: { members: 10 }, user: { email: 'root@example.org' } });
    expect(second.nextBefore).toBeNull();
    const onlyOrgs = (await call('GET', `/api/orgs/${org.id}/audit?entity=organisation&from=2020-01-01&to=2099-12-31`, director)).json();
    expect(onlyOrgs.entries).toHaveLength(3);
    expect((await call('GET', `/api/orgs/${org.id}/audit`, await login(ctx.app, 'editor@example.org'))).statusCode).toBe(403);
  });

  it("reads the audit log by the organisation's local days, bounded as the domain places them", async () => {
    const org = await createOrg(root, { name: 'Камчатка', kind: 'union_primary', parentId: rootId, timezone: 'Asia/Kamchatka' });
    const at = Date.parse((await call('GET', `/api/orgs/${org.id}/audit`, root)).json().entries[0].at);
    const day = localDateOf(at, 'Asia/Kamchatka');
    const count = async (query: string) => (await call('GET', `/api/orgs/${org.id}/audit?${query}`, root)).json().entries.length as number;
    expect(await count(`from=${day}&to=${day}`)).toBe(1);
    expect(await count(`to=${addDays(day, -1)}`)).toBe(0);
    expect(await count(`from=${addDays(day, 1)}`)).toBe(0);
    expect(await count('from=2000-01-01&to=2100-12-31')).toBe(1);
  });
});
