import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sql, type KyselyPlugin } from 'kysely';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { App } from '../../app.js';
import { buildTestApp, useOtherApp, useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';
import { ItemLists } from '../../plugins/item-lists.js';

// A list given again from memory must be the list as the database has it now, whoever changed
// what: compared after every change with the same list read afresh (`Cache-Control: no-cache`),
// through the app that wrote, through a second app over the same database (another process),
// and after writes that bypass the API altogether.
describe.each(testDatabases())('item lists kept between requests on $name', ({ open }) => {
  const ctx = useTestApp(open);
  const other = useOtherApp(ctx);
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
  const fresh = () => listVia(ctx.app, { 'cache-control': 'no-cache' });

  beforeAll(async () => {
    orgId = (await createOrg(ctx.database, { kind: 'employment_center' })).id;
    const user = await createUser(ctx.database, 'editor@lists.test', { name: 'Ирина' });
    editorId = user.id;
    await addMember(ctx.database, user.id, orgId, 'editor');
    editor = await login(ctx.app, 'editor@lists.test');
    vk = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/channels`, headers: editor, payload: { type: 'vk', name: 'ВК' } })).json().id;
  });

  it('shows every change at once, through either app, however it was made', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'post', title: 'Первый', at: '2026-11-10', channelIds: [vk] } });
    const itemId = created.json().id as string;
    const audience = (await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/audiences`, headers: editor, payload: { name: 'Работодатели' } })).json();
    const version = async () => (await fresh()).find((i) => i.id === itemId)!.version;

    const changes: [string, () => Promise<unknown>][] = [
      ['a title changed through the API', async () => ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/items/${itemId}`, headers: editor, payload: { title: 'Второй', version: await version() } })],
      ['an audience linked through the API', async () => ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}/items/${itemId}`, headers: editor, payload: { audienceIds: [audience.id], version: await version() } })],
      // The API refuses to delete an audience items use (409 audience_in_use); the table's cascade still can.
      ['the audience deleted in the table (its links go with it)', () => sql`delete from audiences where id = ${audience.id}`.execute(ctx.database.db)],
      ['a title changed in the table', () => sql`update items set title = 'Третий' where id = ${itemId}`.execute(ctx.database.db)],
      [
        'an item added in the table',
        () => sql`insert into items (org_id, kind, title, status, at_date, local_day, channel_ids) values (${orgId}, 'post', 'Из скрипта', 'planned', '2026-11-12', '2026-11-12', '{}')`.execute(ctx.database.db),
      ],
      ['the last editor renamed', () => sql`update users set name = 'Ирина Петровна' where id = ${editorId}`.execute(ctx.database.db)],
      ['an item added through the other app', () => other.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'post', title: 'Другой процесс', at: '2026-11-20' } })],
      ['an item deleted through the API', async () => ctx.app.inject({ method: 'DELETE', url: `/api/orgs/${orgId}/items/${itemId}?version=${await version()}`, headers: editor })],
      ['every item deleted in the table', () => sql`delete from items where org_id = ${orgId}`.execute(ctx.database.db)],
    ];
    for (const [what, change] of changes) {
      // Both apps hold the list as it was.
      const before = await listVia(ctx.app);
      expect(await listVia(other.app), what).toEqual(before);
      const outcome = (await change()) as { statusCode?: number } | undefined;
      if (outcome?.statusCode !== undefined) expect(outcome.statusCode, what).toBeLessThan(300);
      const now = await fresh();
      expect(now, what).not.toEqual(before);
      expect(await listVia(ctx.app), what).toEqual(now);
      expect(await listVia(other.app), what).toEqual(now);
    }
  });

  it('keeps no more bytes than RITM_CACHE_MB allows, the least recently read list going first', async () => {
    const queries = ['from=2026-11-01&to=2026-11-30', 'from=2026-11-01&to=2026-11-15'];
    const read = async (through: App, query: string) => expect((await through.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?${query}`, headers: editor })).statusCode).toBe(200);
    // What each list takes from the budget, measured on an app of its own.
    const measuring = await buildTestApp(ctx.database);
    const sizes: number[] = [];
    for (const query of queries) {
      const before = measuring.cacheBudget.bytes;
      await read(measuring, query);
      sizes.push(measuring.cacheBudget.bytes - before);
    }
    await measuring.close();
    expect(Math.min(...sizes)).toBeGreaterThan(0);

    const small = await buildTestApp(ctx.database, { cacheBytes: sizes[0]! + sizes[1]! - 1 });
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

  it('tags a list with the hash of its bytes: asked again with it, unchanged, 304 without the body; changed, the list', async () => {
    await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'post', title: 'С меткой', at: '2026-11-14' } });
    onTestFinished(() => sql`delete from items where org_id = ${orgId}`.execute(ctx.database.db).then(() => undefined));
    const first = await ctx.app.inject({ method: 'GET', url: url(), headers: editor });
    const etag = first.headers.etag as string;
    expect(etag).toBe(`"${createHash('sha256').update(first.rawPayload).digest('base64url')}"`);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    // Asked again with its tag, through this app, read afresh, and through another process.
    for (const [through, extra] of [[ctx.app, {}], [ctx.app, { 'cache-control': 'no-cache' }], [other.app, {}]] as const) {
      const again = await through.inject({ method: 'GET', url: url(), headers: { ...editor, ...extra, 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload).toHaveLength(0);
      expect(again.headers.etag).toBe(etag);
      // Nothing about a body that is not sent.
      expect(again.headers['content-length']).toBeUndefined();
      expect(again.headers['content-type']).toBeUndefined();
      // Asked with HEAD, the same: 304 says nothing of a length (RFC 9110 §8.6); 200 gives the list's.
      const head = await through.inject({ method: 'HEAD', url: url(), headers: { ...editor, ...extra, 'if-none-match': etag } });
      expect([head.statusCode, head.headers.etag, head.headers['content-length'], head.rawPayload.length]).toEqual([304, etag, undefined, 0]);
      const whole = await through.inject({ method: 'HEAD', url: url(), headers: { ...editor, ...extra } });
      expect([whole.statusCode, whole.headers.etag, whole.headers['content-length'], whole.rawPayload.length]).toEqual([200, etag, String(first.rawPayload.length), 0]);
    }
    // Another range is another list (here one without the item), with another tag.
    const half = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=2026-11-15&to=2026-11-30`, headers: { ...editor, 'if-none-match': etag } });
    expect(half.statusCode).toBe(200);
    expect(half.headers.etag).not.toBe(etag);
    // A stranger holding the tag learns nothing.
    await createUser(ctx.database, 'stranger@lists.test');
    const stranger = await login(ctx.app, 'stranger@lists.test');
    expect((await ctx.app.inject({ method: 'GET', url: url(), headers: { ...stranger, 'if-none-match': etag } })).statusCode).toBe(404);
    // Changed in the table, behind the API's back: the old tag gets the new list.
    await sql`update items set title = 'Переименовано' where org_id = ${orgId} and title = 'С меткой'`.execute(ctx.database.db);
    const changed = await ctx.app.inject({ method: 'GET', url: url(), headers: { ...editor, 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json().items.map((i: { title: string }) => i.title)).toContain('Переименовано');
  });

  it('sends a list compressed as the client takes it, compressed once and kept in the budget, under a tag of its own', async () => {
    for (let day = 1; day <= 9; day++) {
      await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'post', title: `Сжатие ${day}`, at: `2026-11-0${day}`, channelIds: [vk] } });
    }
    onTestFinished(() => sql`delete from items where org_id = ${orgId}`.execute(ctx.database.db).then(() => undefined));
    const plain = await ctx.app.inject({ method: 'GET', url: url(), headers: editor });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('accept-encoding');
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    const decoders = { br: brotliDecompressSync, gzip: gunzipSync };
    for (const [acceptEncoding, coding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
    ] as const) {
      const ask = (headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url: url(), headers: { ...editor, 'accept-encoding': acceptEncoding, ...headers } });
      const budget = ctx.app.cacheBudget.bytes;
      const sent = await ask();
      expect(sent.statusCode).toBe(200);
      expect([sent.headers['content-encoding'], sent.headers.vary, sent.headers['content-type']]).toEqual([coding, 'accept-encoding', 'application/json; charset=utf-8']);
      expect(decoders[coding](sent.rawPayload).equals(plain.rawPayload)).toBe(true);
      expect(sent.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
      expect(sent.headers.etag).toBe(`W/${(plain.headers.etag as string).slice(0, -1)}.${coding}"`);
      // The form is kept with the list and counted: asked again, the same bytes, nothing more kept.
      const grown = ctx.app.cacheBudget.bytes;
      expect(grown - budget).toBeGreaterThanOrEqual(sent.rawPayload.length);
      expect((await ask()).rawPayload.equals(sent.rawPayload)).toBe(true);
      expect(ctx.app.cacheBudget.bytes).toBe(grown);
      // Asked again with the form's tag: 304. The body's own tag is another representation's, so the form is sent.
      const again = await ask({ 'if-none-match': sent.headers.etag as string });
      expect([again.statusCode, again.headers.etag, again.headers['content-encoding'], again.headers.vary, again.rawPayload.length]).toEqual([304, sent.headers.etag, undefined, 'accept-encoding', 0]);
      const other = await ask({ 'if-none-match': plain.headers.etag as string });
      expect([other.statusCode, other.headers['content-encoding']]).toEqual([200, coding]);
      // Read afresh and found unchanged: the kept list and its form are sent, nothing compressed again.
      expect((await ask({ 'cache-control': 'no-cache' })).rawPayload.equals(sent.rawPayload)).toBe(true);
      expect(ctx.app.cacheBudget.bytes).toBe(grown);
    }
    // Refused, or too small to gain: as it is.
    expect((await ctx.app.inject({ method: 'GET', url: url(), headers: { ...editor, 'accept-encoding': 'br;q=0, gzip;q=0' } })).headers['content-encoding']).toBeUndefined();
    const empty = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?from=2027-01-01&to=2027-01-31`, headers: { ...editor, 'accept-encoding': 'br' } });
    expect([empty.statusCode, empty.headers['content-encoding'], empty.json()]).toEqual([200, undefined, { items: [] }]);
  });

  it('reads the lists’ revision with the caller, in the same round trip', async () => {
    const revisions: (string | null)[] = [];
    const list = ctx.app.itemLists.list.bind(ctx.app.itemLists);
    ctx.app.itemLists.list = async (db, id, query, options) => {
      revisions.push(options.readWithCaller);
      return list(db, id, query, options);
    };
    try {
      expect((await ctx.app.inject({ method: 'GET', url: url(), headers: editor })).statusCode).toBe(200);
      expect(revisions).toEqual([expect.stringMatching(/^\d+:\d+$/)]);
    } finally {
      ctx.app.itemLists.list = list;
    }
  });

  it('reads a list asked for afresh with the caller: one statement a request, by session or by token, filters included', async () => {
    let statements = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const counted = await buildTestApp({ ...ctx.database, db: ctx.database.db.withPlugin(counting) });
    try {
      const created = await ctx.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: editor, payload: { name: 'списки' } });
      expect(created.statusCode).toBe(201);
      const bearer = { authorization: `Bearer ${created.json().token as string}` };
      const session = { cookie: editor.cookie! };
      await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'post', title: 'Свежий', at: '2026-12-05' } });
      for (const query of ['from=2026-12-01&to=2026-12-31', 'from=2026-12-01&to=2026-12-31&kind=post&status=planned']) {
        const expected = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?${query}`, headers: editor })).json();
        for (const caller of [session, bearer]) {
          // The first use of a token records when it was used (a write of its own): not counted.
          await counted.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?${query}`, headers: { ...caller, 'cache-control': 'no-cache' } });
          statements = 0;
          const response = await counted.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?${query}`, headers: { ...caller, 'cache-control': 'no-cache' } });
          expect(response.statusCode).toBe(200);
          expect(response.json()).toEqual(expected);
          expect(statements).toBe(1);
        }
      }
      // Revoked, the token opens nothing at once, the list asked afresh included.
      expect((await ctx.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${created.json().id as string}`, headers: editor })).statusCode).toBe(204);
      expect((await counted.inject({ method: 'GET', url: url(), headers: { ...bearer, 'cache-control': 'no-cache' } })).statusCode).toBe(401);
    } finally {
      await counted.close();
    }
  });

  it('answers a list asked for afresh as any other: 401 without a caller, then 400 for a bad query, 404 outside the tree', async () => {
    const afresh = { 'cache-control': 'no-cache' };
    const get = async (query: string, headers: Record<string, string>, org = orgId) =>
      (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${org}/items?${query}`, headers: { ...afresh, ...headers } })).statusCode;
    expect(await get('from=2026-11-30&to=2026-11-01', {})).toBe(401);
    expect(await get('from=2026-11-30&to=2026-11-01', editor)).toBe(400);
    expect(await get('from=2025-01-01&to=2026-12-31', editor)).toBe(400);
    expect(await get('from=2026-11-01&to=2026-11-30&colour=red', editor)).toBe(400);
    const other = await createOrg(ctx.database, { kind: 'employment_center' });
    expect(await get('from=2026-11-01&to=2026-11-30', editor, other.id)).toBe(404);
  });

  it('looks for a list asked with ids in capitals under the key it is kept under', async () => {
    const keys: string[] = [];
    const keyOf = ItemLists.keyOf;
    ItemLists.keyOf = (id, query) => {
      const key = keyOf(id, query);
      keys.push(key);
      return key;
    };
    try {
      const query = `from=2026-11-01&to=2026-11-30&channelId=${vk.toUpperCase()}`;
      for (const headers of [{}, { 'cache-control': 'no-cache' }]) {
        const response = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId.toUpperCase()}/items?${query}`, headers: { ...editor, ...headers } });
        expect(response.statusCode, response.body).toBe(200);
      }
      expect(new Set(keys)).toEqual(new Set([keyOf(orgId, { from: '2026-11-01', to: '2026-11-30', channelId: vk })]));
    } finally {
      ItemLists.keyOf = keyOf;
    }
  });

  it('keeps lists of different ranges and filters apart', async () => {
    await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'post', title: 'Пост', at: '2026-11-03' } });
    await ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items`, headers: editor, payload: { kind: 'press_release', title: 'Релиз', at: '2026-11-04' } });
    const titles = async (query: string) =>
      ((await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/items?${query}`, headers: editor })).json().items as { title: string }[]).map((i) => i.title);
    for (let round = 0; round < 2; round++) {
      expect(await titles('from=2026-11-01&to=2026-11-30')).toEqual(['Пост', 'Релиз']);
      expect(await titles('from=2026-11-01&to=2026-11-30&kind=post')).toEqual(['Пост']);
      expect(await titles('kind=press_release&from=2026-11-01&to=2026-11-30')).toEqual(['Релиз']);
      expect(await titles('from=2026-11-04&to=2026-11-30')).toEqual(['Релиз']);
    }
  });
});
