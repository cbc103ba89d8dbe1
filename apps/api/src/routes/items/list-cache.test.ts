import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.js';
import type { Database } from '../../db/connection.js';
import { buildTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

// A list given again from memory must be the list as the database has it now, whoever changed
// what: compared after every change with the same list read afresh (`Cache-Control: no-cache`),
// through the app that wrote, through a second app over the same database (another process),
// and after writes that bypass the API altogether.
describe.each(testDatabases())('item lists kept between requests on $name', ({ open }) => {
  let database: Database;
  let app: App;
  let other: App;
  let editor: Record<string, string>;
  let orgId: string;
  let editorId: string;
  let vk: string;
  const url = () => `/api/orgs/${orgId}/items?from=2026-11-01&to=2026-11-30`;

  const listVia = async (through: App, headers: Record<string, string> = {}) => {
    const response = await through.inject({ method: 'GET', url: url(), headers: { ...editor, ...headers } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    return response.json().items as { id: string; title: string; version: number; audienceIds: string[]; updatedBy: { name: string } | null }[];
  };
  const fresh = () => listVia(app, { 'cache-control': 'no-cache' });

  beforeAll(async () => {
    database = await open();
    app = await buildTestApp(database);
    other = await buildTestApp(database);
    orgId = (await createOrg(database, { kind: 'employment_center' })).id;
    const user = await createUser(database, 'editor@lists.test', { name: 'Ирина' });
    editorId = user.id;
    await addMember(database, user.id, orgId, 'editor');
    editor = await login(app, 'editor@lists.test');
    vk = (await app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels`, headers: editor, payload: { type: 'vk', name: 'ВК' } })).json().id;
  });
  afterAll(async () => {
    await app.close();
    await other.close();
    await database.close();
  });

  it('shows every change at once, through either app, however it was made', async () => {
    const created = await app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'post', title: 'Первый', at: '2026-11-10', channelIds: [vk] } });
    const itemId = created.json().id as string;
    const audience = (await app.inject({ method: 'POST', url: `/api/orgs/${orgId}/audiences`, headers: editor, payload: { name: 'Работодатели' } })).json();
    const version = async () => (await fresh()).find((i) => i.id === itemId)!.version;

    const changes: [string, () => Promise<unknown>][] = [
      ['a title changed through the API', async () => app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/items/${itemId}`, headers: editor, payload: { title: 'Второй', version: await version() } })],
      ['an audience linked through the API', async () => app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/items/${itemId}`, headers: editor, payload: { audienceIds: [audience.id], version: await version() } })],
      ['the audience deleted (its links go with it)', () => app.inject({ method: 'DELETE', url: `/api/orgs/${orgId}/audiences/${audience.id}?version=${audience.version}`, headers: editor })],
      ['a title changed in the table', () => sql`update items set title = 'Третий' where id = ${itemId}`.execute(database.db)],
      [
        'an item added in the table',
        () => sql`insert into items (org_id, kind, title, status, at_date, local_day, channel_ids) values (${orgId}, 'post', 'Из скрипта', 'planned', '2026-11-12', '2026-11-12', '{}')`.execute(database.db),
      ],
      ['the last editor renamed', () => sql`update users set name = 'Ирина Петровна' where id = ${editorId}`.execute(database.db)],
      ['an item added through the other app', () => other.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'post', title: 'Другой процесс', at: '2026-11-20' } })],
      ['an item deleted through the API', async () => app.inject({ method: 'DELETE', url: `/api/orgs/${orgId}/items/${itemId}?version=${await version()}`, headers: editor })],
      ['every item deleted in the table', () => sql`delete from items where org_id = ${orgId}`.execute(database.db)],
    ];
    for (const [what, change] of changes) {
      // Both apps hold the list as it was.
      const before = await listVia(app);
      expect(await listVia(other), what).toEqual(before);
      const outcome = (await change()) as { statusCode?: number } | undefined;
      if (outcome?.statusCode !== undefined) expect(outcome.statusCode, what).toBeLessThan(300);
      const now = await fresh();
      expect(now, what).not.toEqual(before);
      expect(await listVia(app), what).toEqual(now);
      expect(await listVia(other), what).toEqual(now);
    }
  });

  it('keeps no more bytes than RITM_CACHE_MB allows, the least recently read list going first', async () => {
    const queries = ['from=2026-11-01&to=2026-11-30', 'from=2026-11-01&to=2026-11-15'];
    const read = async (through: App, query: string) => expect((await through.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?${query}`, headers: editor })).statusCode).toBe(200);
    // What each list takes from the budget, measured on an app of its own.
    const measuring = await buildTestApp(database);
    const sizes: number[] = [];
    for (const query of queries) {
      const before = measuring.cacheBudget.bytes;
      await read(measuring, query);
      sizes.push(measuring.cacheBudget.bytes - before);
    }
    await measuring.close();
    expect(Math.min(...sizes)).toBeGreaterThan(0);

    const small = await buildTestApp(database, { cacheBytes: sizes[0]! + sizes[1]! - 1 });
    try {
      await read(small, queries[0]!);
      await read(small, queries[1]!);
      expect(small.cacheBudget.bytes).toBe(sizes[1]);
      const { hits, misses } = small.itemLists.memo;
      await read(small, queries[1]!);
      await read(small, queries[0]!);
      expect([small.itemLists.memo.hits - hits, small.itemLists.memo.misses - misses]).toEqual([1, 1]);
      expect(small.cacheBudget.bytes).toBeLessThanOrEqual(sizes[0]! + sizes[1]! - 1);
    } finally {
      await small.close();
    }
  });

  it('reads the lists’ revision with the caller, in the same round trip', async () => {
    const revisions: (string | null)[] = [];
    const list = app.itemLists.list.bind(app.itemLists);
    app.itemLists.list = async (db, id, query, options) => {
      revisions.push(options.revision);
      return list(db, id, query, options);
    };
    try {
      expect((await app.inject({ method: 'GET', url: url(), headers: editor })).statusCode).toBe(200);
      expect(revisions).toEqual([expect.stringMatching(/^\d+:\d+$/)]);
    } finally {
      app.itemLists.list = list;
    }
  });

  it('keeps lists of different ranges and filters apart', async () => {
    await app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'post', title: 'Пост', at: '2026-11-03' } });
    await app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'press_release', title: 'Релиз', at: '2026-11-04' } });
    const titles = async (query: string) =>
      ((await app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?${query}`, headers: editor })).json().items as { title: string }[]).map((i) => i.title);
    for (let round = 0; round < 2; round++) {
      expect(await titles('from=2026-11-01&to=2026-11-30')).toEqual(['Пост', 'Релиз']);
      expect(await titles('from=2026-11-01&to=2026-11-30&kind=post')).toEqual(['Пост']);
      expect(await titles('kind=press_release&from=2026-11-01&to=2026-11-30')).toEqual(['Релиз']);
      expect(await titles('from=2026-11-04&to=2026-11-30')).toEqual(['Релиз']);
    }
  });
});
