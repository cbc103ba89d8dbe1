import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, useTestApp } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../test/fixtures.js';
import { moveOrg } from '../repositories/orgs.js';

// The summary route with its memo against the same route judging everything anew, after every
// kind of change that can move a row: the memo must never show what is no longer true.
describe.each(testDatabases())('a summary judged again only where something changed, on $name', ({ open }) => {
  // The norms are added before the quarter judged here: a norm takes effect from the period in
  // which it is added (issue 11), so one added on the real today would not judge October.
  const ctx = useTestApp(open, { now: () => new Date('2026-09-01T09:00:00Z') });
  let headers: Record<string, string>;
  let outsider: Record<string, string>;
  let regionId: string;
  const centres: string[] = [];
  const channels: Record<string, Record<string, { id: string; version: number }>> = {};
  const url = () => `/api/orgs/${regionId}/compliance/summary?from=2026-10-01&to=2026-12-31&asOf=2026-11-18`;

  const warm = async () => {
    const response = await ctx.app.inject({ method: 'GET', url: url(), headers });
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const fresh = async () => {
    ctx.app.complianceCache.summaries.clear();
    ctx.app.complianceCache.contributions.clear();
    return warm();
  };
  const lookups = () => {
    const { summaries: subtrees, contributions: organisations } = ctx.app.complianceCache;
    return { subtreeHits: subtrees.hits, organisationMisses: organisations.misses, organisationHits: organisations.hits };
  };
  const since = (before: ReturnType<typeof lookups>) => {
    const now = lookups();
    return { subtreeHits: now.subtreeHits - before.subtreeHits, organisationMisses: now.organisationMisses - before.organisationMisses, organisationHits: now.organisationHits - before.organisationHits };
  };
  // Items are written straight into the table: no code path has to tell the memo anything.
  const addItem = async (orgId: string, values: { kind: string; status: string; day: string; channels: string[] }) =>
    (
      await sql<{ id: string }>`
        insert into items (org_id, kind, title, status, at_date, local_day, channel_ids)
        values (${orgId}, ${values.kind}, 'Публикация', ${values.status}, ${values.day}::date, ${values.day}::date, ${`{${values.channels.join(',')}}`}::uuid[])
        returning id`.execute(ctx.database.db)
    ).rows[0]!.id;

  beforeAll(async () => {
    regionId = (await createOrg(ctx.database, { kind: 'employment_authority', name: 'Комитет' })).id;
    for (const [name, timezone] of [
      ['ЦЗН-1', 'Europe/Moscow'],
      ['ЦЗН-2', 'Asia/Yekaterinburg'],
      ['ЦЗН-3', 'Asia/Vladivostok'],
    ] as const) {
      centres.push((await createOrg(ctx.database, { kind: 'employment_center', parentId: regionId, name, timezone })).id);
    }
    const user = await createUser(ctx.database, 'admin@memo.test');
    await addMember(ctx.database, user.id, regionId, 'admin');
    headers = await login(ctx.app, 'admin@memo.test');
    const stranger = await createUser(ctx.database, 'stranger@memo.test');
    await addMember(ctx.database, stranger.id, (await createOrg(ctx.database, { kind: 'employment_authority', name: 'Другой комитет' })).id, 'admin');
    outsider = await login(ctx.app, 'stranger@memo.test');
    expect((await ctx.app.inject({ method: 'POST', url: `/api/orgs/${regionId}/norms`, headers, payload: { preset: 'mintrud-2022' } })).statusCode).toBe(201);
    for (const centre of centres) {
      channels[centre] = {};
      for (const type of ['website', 'vk', 'ok']) {
        const created = await ctx.app.inject({ method: 'POST', url: `/api/orgs/${centre}/channels`, headers, payload: { type, name: type } });
        channels[centre]![type] = created.json();
      }
      for (const day of ['2026-10-05', '2026-10-06', '2026-11-10', '2026-11-11']) {
        await addItem(centre, { kind: 'post', status: 'published', day, channels: [channels[centre]!.vk!.id, channels[centre]!.ok!.id] });
      }
      await addItem(centre, { kind: 'vacancy_material', status: 'published', day: '2026-11-16', channels: [channels[centre]!.website!.id] });
    }
  });

  it('gives the whole summary back when nothing changed, and agrees with a fresh judgement', async () => {
    const first = await fresh();
    const before = lookups();
    expect(await warm()).toEqual(first);
    expect(since(before)).toEqual({ subtreeHits: 1, organisationMisses: 0, organisationHits: 0 });
    expect(first.organisations).toHaveLength(4);
    expect(first.totals.missed + first.totals.at_risk + first.totals.met).toBeGreaterThan(0);
  });

  it('keeps nothing with a budget of 0 bytes, and answers the same', async () => {
    const none = await buildTestApp(ctx.database, { cacheBytes: 0 });
    try {
      const ask = async () => (await none.inject({ method: 'GET', url: url(), headers })).json();
      expect(await ask()).toEqual(await fresh());
      expect(await ask()).toEqual(await fresh());
      const { summaries, contributions } = none.complianceCache;
      expect([summaries.hits, contributions.hits, none.cacheBudget.bytes]).toEqual([0, 0, 0]);
      expect(contributions.misses).toBe(2 * 4);
    } finally {
      await none.close();
    }
  });

  it('judges again exactly the organisation whose items changed, whatever changed in them', async () => {
    const [one] = centres as [string];
    const itemId = await addItem(one, { kind: 'post', status: 'planned', day: '2026-11-19', channels: [channels[one]!.vk!.id] });
    const changes: [string, () => Promise<unknown>][] = [
      ['added', async () => {}],
      ['published', () => sql`update items set status = 'published' where id = ${itemId}`.execute(ctx.database.db)],
      ['another kind', () => sql`update items set kind = 'press_release' where id = ${itemId}`.execute(ctx.database.db)],
      ['another channel set', () => sql`update items set channel_ids = ${`{${channels[one]!.ok!.id}}`}::uuid[] where id = ${itemId}`.execute(ctx.database.db)],
      ['another day', () => sql`update items set local_day = '2026-11-03', at_date = '2026-11-03' where id = ${itemId}`.execute(ctx.database.db)],
      // Back to how it was two steps ago: the memo must not bring back what it judged then.
      ['the channel set back', () => sql`update items set channel_ids = ${`{${channels[one]!.vk!.id}}`}::uuid[] where id = ${itemId}`.execute(ctx.database.db)],
      ['cancelled', () => sql`update items set status = 'cancelled' where id = ${itemId}`.execute(ctx.database.db)],
      ['deleted', () => sql`delete from items where id = ${itemId}`.execute(ctx.database.db)],
    ];
    for (const [what, change] of changes) {
      await change();
      const before = lookups();
      const judged = await warm();
      expect(since(before), what).toEqual({ subtreeHits: 0, organisationMisses: 1, organisationHits: 3 });
      expect(judged, what).toEqual(await fresh());
    }
  });

  it('judges again an organisation whose items changed in any way, a title too, and nothing else', async () => {
    const [one] = centres as [string];
    await warm();
    await sql`update items set title = 'Другой заголовок' where org_id = ${one}`.execute(ctx.database.db);
    const before = lookups();
    const judged = await warm();
    expect(since(before)).toEqual({ subtreeHits: 0, organisationMisses: 1, organisationHits: 3 });
    expect(judged).toEqual(await fresh());
  });

  it('judges again when a norm, an exemption or a channel changes', async () => {
    const [one, two, three] = centres as [string, string, string];
    const norms = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${regionId}/norms`, headers })).json().norms;
    const posts = norms.find((n: { key: string }) => n.key === 'social-posts');
    const changes: [string, () => Promise<{ statusCode: number }>][] = [
      ['a stricter norm over the whole region', () => ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${regionId}/norms/social-posts`, headers, payload: { min: 3, version: posts.version } })],
      ['an exemption for one centre', () => ctx.app.inject({ method: 'POST', url: `/api/orgs/${two}/exemptions`, headers, payload: { normKey: 'social-posts', from: '2026-11-01', to: '2026-11-30', reason: 'Ремонт' } })],
      [
        'a channel switched off',
        () => ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${three}/channels/${channels[three]!.ok!.id}`, headers, payload: { active: false, version: channels[three]!.ok!.version } }),
      ],
      [
        'a centre renamed',
        async () => {
          const centre = (await ctx.app.inject({ method: 'GET', url: `/api/orgs/${three}`, headers })).json();
          return ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${three}`, headers, payload: { name: 'ЦЗН-3 (новое имя)', version: centre.version } });
        },
      ],
      ['a channel that counts only since a date', () => ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${one}/channels/${channels[one]!.vk!.id}`, headers, payload: { since: '2026-11-01', version: channels[one]!.vk!.version } })],
    ];
    for (const [what, change] of changes) {
      const before = await warm();
      expect((await change()).statusCode, what).toBeLessThan(300);
      const after = await warm();
      expect(after, what).toEqual(await fresh());
      expect(after, what).not.toEqual(before);
    }
  });
  it('judges again when channels, norms or exemptions change straight in the tables without a version raised, above the organisation asked for too', async () => {
    const [one, two] = centres as [string, string, string];
    const db = ctx.database.db;
    const centreUrl = `/api/orgs/${two}/compliance/summary?from=2026-10-01&to=2026-12-31&asOf=2026-11-18`;
    const ask = async (path: string) => {
      const response = await ctx.app.inject({ method: 'GET', url: path, headers });
      expect(response.statusCode).toBe(200);
      return response.json();
    };
    // Triggers raise the revisions (migration 20261130T0100): no code path has to raise a version.
    const changes: [string, string, () => Promise<unknown>][] = [
      ['a channel added', url(), () => sql`insert into channels (org_id, type, name) values (${one}, 'telegram', 'Телеграм')`.execute(db)],
      ['a channel switched off', url(), () => sql`update channels set active = false where id = ${channels[one]!.vk!.id}`.execute(db)],
      ['a channel deleted', url(), () => sql`delete from channels where org_id = ${one} and type = 'telegram'`.execute(db)],
      ["the region's norm changed, above the centre asked for", centreUrl, () => sql`update norms set definition = jsonb_set(definition, '{min}', '1') where org_id = ${regionId} and key = 'social-posts'`.execute(db)],
      ['an exemption', centreUrl, () => sql`insert into exemptions (org_id, norm_key, date_from, date_to, reason) values (${two}, 'info-materials', '2026-10-01', '2026-12-31', 'Ремонт')`.execute(db)],
      ['the exemption deleted', centreUrl, () => sql`delete from exemptions where org_id = ${two} and reason = 'Ремонт'`.execute(db)],
      ["the region's norm switched off", url(), () => sql`update norms set enabled = false where org_id = ${regionId} and key = 'info-materials'`.execute(db)],
    ];
    for (const [what, path, change] of changes) {
      const before = await ask(path);
      await change();
      const after = await ask(path);
      expect(after, what).not.toEqual(before);
      ctx.app.complianceCache.summaries.clear();
      ctx.app.complianceCache.contributions.clear();
      expect(after, what).toEqual(await ask(path));
    }
  });
  it('tags each answer with an ETag: asked again with it, unchanged, the answer is 304 without a body, and any process over the database gives the same tag', async () => {
    const [one] = centres as [string];
    const periodsUrl = `/api/orgs/${regionId}/compliance/periods?from=2026-10-01&to=2026-12-31&granularity=week&asOf=2026-11-18`;
    const other = await buildTestApp(ctx.database);
    try {
      for (const path of [url(), periodsUrl]) {
        const first = await ctx.app.inject({ method: 'GET', url: path, headers });
        expect(first.statusCode).toBe(200);
        const etag = first.headers.etag as string;
        expect(etag).toMatch(/^"[\w-]{43}"$/);
        // The browser keeps it for this user only and asks again every time.
        expect(first.headers['cache-control']).toBe('private, no-cache');

        const again = await ctx.app.inject({ method: 'GET', url: path, headers: { ...headers, 'if-none-match': etag } });
        expect([again.statusCode, again.body, again.headers.etag]).toEqual([304, '', etag]);
        expect([again.headers['content-length'], again.headers['content-type']]).toEqual([undefined, undefined]);
        const head = await ctx.app.inject({ method: 'HEAD', url: path, headers: { ...headers, 'if-none-match': etag } });
        expect([head.statusCode, head.headers.etag, head.headers['content-length'], head.headers['content-type']]).toEqual([304, etag, undefined, undefined]);
        const whole = await ctx.app.inject({ method: 'HEAD', url: path, headers });
        expect([whole.statusCode, whole.headers.etag, whole.headers['content-length'], whole.rawPayload.length]).toEqual([200, etag, String(first.rawPayload.length), 0]);
        expect((await ctx.app.inject({ method: 'GET', url: path, headers: { ...headers, 'if-none-match': `"stale", W/${etag}` } })).statusCode).toBe(304);
        // Another process, which has kept nothing, judges the same answer under the same tag.
        const elsewhere = await other.inject({ method: 'GET', url: path, headers: { ...headers, 'if-none-match': etag } });
        expect([elsewhere.statusCode, elsewhere.headers.etag]).toEqual([304, etag]);
        // Someone without a role there is answered as for an organisation that does not exist, tag or not.
        const stranger = await other.inject({ method: 'GET', url: path, headers: { ...outsider, 'if-none-match': etag } });
        expect(stranger.statusCode).toBe(404);

        // After an edit the old tag gets the new answer, under a new tag.
        const rename = (name: string) => sql`update organisations set name = ${name}, version = version + 1 where id = ${one}`.execute(ctx.database.db);
        const { name } = first.json().organisations.find((org: { orgId: string }) => org.orgId === one);
        await rename('ЦЗН переименован');
        const changed = await ctx.app.inject({ method: 'GET', url: path, headers: { ...headers, 'if-none-match': etag } });
        expect(changed.statusCode).toBe(200);
        expect(changed.headers.etag).not.toBe(etag);
        expect(changed.json()).not.toEqual(first.json());
        await rename(name);
        // Back as it was, the answer is the first one again: the tag is the bytes' hash.
        expect((await other.inject({ method: 'GET', url: path, headers })).headers.etag).toBe(etag);
      }
    } finally {
      await other.close();
    }
  });
  it('sends the summary and the periods compressed as the client takes them, compressed once, under a tag of their own', async () => {
    const periodsUrl = `/api/orgs/${regionId}/compliance/periods?from=2026-10-01&to=2026-12-31&granularity=week&asOf=2026-11-18`;
    const decoders = { br: brotliDecompressSync, gzip: gunzipSync };
    for (const path of [url(), periodsUrl]) {
      ctx.app.complianceCache.summaries.clear();
      ctx.app.complianceCache.periodBodies.clear();
      for (const [acceptEncoding, coding] of [
        ['gzip, deflate, br', 'br'],
        ['gzip', 'gzip'],
      ] as const) {
        // The first request judges and compresses; the second is given both from memory.
        const ask = () => ctx.app.inject({ method: 'GET', url: path, headers: { ...headers, 'accept-encoding': acceptEncoding } });
        const first = await ask();
        const again = await ask();
        const plain = await ctx.app.inject({ method: 'GET', url: path, headers });
        expect(plain.headers['content-encoding']).toBeUndefined();
        for (const sent of [first, again]) {
          expect([sent.statusCode, sent.headers['content-encoding'], sent.headers.vary]).toEqual([200, coding, 'accept-encoding']);
          expect(decoders[coding](sent.rawPayload).equals(plain.rawPayload)).toBe(true);
        }
        expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
        const plainTag = plain.headers.etag as string;
        expect(first.headers.etag).toBe(`W/${plainTag.slice(0, -1)}.${coding}"`);
        const revalidated = await ctx.app.inject({ method: 'GET', url: path, headers: { ...headers, 'accept-encoding': acceptEncoding, 'if-none-match': first.headers.etag as string } });
        expect([revalidated.statusCode, revalidated.rawPayload.length, revalidated.headers.etag]).toEqual([304, 0, first.headers.etag]);
        // The body's own tag names another representation: the form is sent.
        const other = await ctx.app.inject({ method: 'GET', url: path, headers: { ...headers, 'accept-encoding': acceptEncoding, 'if-none-match': plainTag } });
        expect([other.statusCode, other.headers['content-encoding']]).toEqual([200, coding]);
      }
    }
  });

  it('keeps an answer larger than the cache as the form a client took, sent again without judging, never stale', async () => {
    const plain = await ctx.app.inject({ method: 'GET', url: url(), headers });
    // A cache smaller than the answer as JSON, not than its Brotli form.
    const small = await buildTestApp(ctx.database, { cacheBytes: plain.rawPayload.length });
    try {
      const ask = (extra: Record<string, string>) => small.inject({ method: 'GET', url: url(), headers: { ...headers, ...extra } });
      const { summaries, summaryForms, contributions } = small.complianceCache;
      const first = await ask({ 'accept-encoding': 'br' });
      expect([first.statusCode, first.headers['content-encoding']]).toEqual([200, 'br']);
      expect(brotliDecompressSync(first.rawPayload).equals(plain.rawPayload)).toBe(true);
      expect(summaries.bytes).toBe(0);
      expect(summaryForms.bytes).toBeGreaterThan(first.rawPayload.length);
      expect(small.cacheBudget.bytes).toBeLessThanOrEqual(plain.rawPayload.length);

      // Asked again in Brotli: the kept form, nothing judged; with its tag, 304.
      const judged = contributions.misses;
      const again = await ask({ 'accept-encoding': 'gzip, br' });
      expect([again.statusCode, again.headers.etag, again.rawPayload.equals(first.rawPayload)]).toEqual([200, first.headers.etag, true]);
      expect(contributions.misses).toBe(judged);
      expect((await ask({ 'accept-encoding': 'br', 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);

      // Other clients get the answer judged again, in their own form.
      const identity = await ask({});
      expect([identity.headers['content-encoding'], identity.rawPayload.equals(plain.rawPayload)]).toEqual([undefined, true]);
      const gzip = await ask({ 'accept-encoding': 'gzip' });
      expect(gunzipSync(gzip.rawPayload).equals(plain.rawPayload)).toBe(true);
      expect(contributions.misses).toBeGreaterThan(judged);

      // Changed, the kept form is not given again.
      const [one] = centres as [string];
      await sql`update organisations set name = 'ЦЗН, переименованный', version = version + 1 where id = ${one}`.execute(ctx.database.db);
      try {
        const changed = await ask({ 'accept-encoding': 'br', 'if-none-match': first.headers.etag as string });
        expect(changed.statusCode).toBe(200);
        expect(brotliDecompressSync(changed.rawPayload).toString()).toContain('ЦЗН, переименованный');
      } finally {
        await sql`update organisations set name = 'ЦЗН-1', version = version + 1 where id = ${one}`.execute(ctx.database.db);
      }
    } finally {
      await small.close();
    }
    // A browser holding the answer asks with its tag: the first 304 keeps the form, the next is not judged.
    const fresh = await buildTestApp(ctx.database, { cacheBytes: plain.rawPayload.length });
    try {
      const tag = `W/${(plain.headers.etag as string).slice(0, -1)}.br"`;
      const revalidate = () => fresh.inject({ method: 'GET', url: url(), headers: { ...headers, 'accept-encoding': 'br', 'if-none-match': tag } });
      expect((await revalidate()).statusCode).toBe(304);
      const judged = fresh.complianceCache.contributions.misses;
      expect(fresh.complianceCache.summaryForms.bytes).toBeGreaterThan(0);
      expect([(await revalidate()).statusCode, fresh.complianceCache.contributions.misses]).toEqual([304, judged]);
    } finally {
      await fresh.close();
    }
  });

  it('judges a centre again when it moves under another parent with other norms, however their revisions compare', async () => {
    const db = ctx.database.db;
    const districts: string[] = [];
    for (const [name, min] of [
      ['Округ А', 1],
      ['Округ Б', 5],
    ] as const) {
      const district = (await createOrg(ctx.database, { kind: 'employment_authority', parentId: regionId, name })).id;
      // One statement each: both districts' norms and exemptions are at the same revision.
      await sql`insert into norms (org_id, key, definition) select ${district}, key, jsonb_set(definition, '{min}', ${String(min)}::jsonb) from norms where org_id = ${regionId} and key = 'social-posts'`.execute(db);
      districts.push(district);
    }
    const [a, b] = districts as [string, string];
    const moving = (await createOrg(ctx.database, { kind: 'employment_center', parentId: a, name: 'Переезжающий ЦЗН' })).id;
    const vk = (await sql<{ id: string }>`insert into channels (org_id, type, name) values (${moving}, 'vk', 'ВК') returning id`.execute(db)).rows[0]!.id;
    for (const day of ['2026-10-05', '2026-10-13', '2026-10-20']) await addItem(moving, { kind: 'post', status: 'published', day, channels: [vk] });
    const rulesOf = async (id: string) => (await sql<{ rules: string }>`select rules from org_revisions where org_id = ${id}`.execute(db)).rows[0]!.rules;
    expect(await rulesOf(a)).toBe(await rulesOf(b));

    const before = await warm();
    await db.transaction().execute((trx) => moveOrg(trx, moving, b));
    const after = await warm();
    expect(after).toEqual(await fresh());
    const judged = (summary: { organisations: { orgId: string; counts: unknown }[] }) => summary.organisations.find((org) => org.orgId === moving)!.counts;
    expect(judged(after)).not.toEqual(judged(before));
  });
});
