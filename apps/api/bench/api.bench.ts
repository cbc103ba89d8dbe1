/**
 * `pnpm bench:api`: the API's speed on a large dataset in a real PostgreSQL (not a test).
 *
 * Generates 2,500 organisations in a 3-level tree (1 region, 49 districts, 2,450 centres) with
 * 4 channels each and 1,000,000 items over a year (BENCH_SCALE=10: 25,000 organisations and
 * 10,000,000 items), registers their counting selectors and counts (what `ritm counts rebuild`
 * does), then reports in one run:
 * - the compliance summary over the whole tree for a quarter, beside a bare
 *   `SELECT org_id, count(*) … GROUP BY org_id` over the same rows (the floor): with every
 *   organisation judged (from the maintained counts), made again from every organisation's
 *   judgement kept in memory (no judging: the least a design keeping judgements could take), asked
 *   again with nothing changed (the whole body, and as a browser asks again with its ETag: 304),
 *   and after edits in 1% of the organisations; with `--history`, again after two more years of
 *   items. Asked as a browser asks (`Accept-Encoding` of Chromium over HTTPS: the answer comes
 *   compressed), and asked again by a client that takes no compression;
 * - new items written through the API under autocannon load over 100 centres: items a second and
 *   latency, what one primary sustains (docs/scaling.md);
 * - the month-items route under autocannon load (from a child process), as clients get it (a list unchanged
 *   since it was last read is given from memory) and with every list read again (`Cache-Control: no-cache`),
 *   beside a bare Fastify route returning the same month of items as a constant JSON (the ceiling), and one
 *   returning a single item for reference.
 * Aims (issue 17): the summary from cold within 2× of the floor and under 300 ms, asked again under
 * 50 ms, flat as history grows; the items route read afresh ≥ 40% of the ceiling's requests/s.
 *
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL) names the server; the data goes into a schema of its
 * own, dropped at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { brotliDecompressSync } from 'node:zlib';
import type autocannon from 'autocannon';
import Fastify from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { hashSecret, newSecret } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { generateTree, insertItems } from './dataset.js';
import { memoryPart } from './memory.part.js';
import { syncAllCountSelectors } from '../src/services/count-selectors.js';

// The API runs in this process: with the V8 flags and environment `ritm` runs it with (the first
// line of bin/ritm.mjs), so that its garbage collection is the product's rather than node's
// defaults. Started otherwise, the bench starts itself again with them.
const [, shebang = ''] = /^#!\/usr\/bin\/env -S (.*)$/m.exec(readFileSync(new URL('../bin/ritm.mjs', import.meta.url), 'utf8')) ?? [];
const words = shebang.split(' ');
const ritmEnv = Object.fromEntries(words.filter((word) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)).map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]));
const ritmFlags = words.filter((word) => word.startsWith('--'));
if (ritmFlags.length === 0) throw new Error('bin/ritm.mjs: no node flags found on its first line');
// Once only (RITM_BENCH_AS_RITM marks the second start); node's own flags given by hand come
// first, so that ritm's apply.
if (process.env.RITM_BENCH_AS_RITM === undefined) {
  const again = spawnSync(process.execPath, [...process.execArgv, ...ritmFlags, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...ritmEnv, RITM_BENCH_AS_RITM: '1' },
  });
  if (again.error) throw again.error;
  process.exit(again.status ?? 1);
}

// BENCH_SCALE=10: 25,000 organisations (490 districts of 50 centres) and 10,000,000 items.
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
if (!(Number.isInteger(SCALE) && SCALE >= 1 && SCALE <= 20)) throw new Error(`BENCH_SCALE: a whole number from 1 to 20, not ${process.env.BENCH_SCALE}`);
const ORGS_L1 = 49 * SCALE;
const ORGS_L2_PER_L1 = 50;
const ITEMS = 1_000_000 * SCALE;
const ORGS = 1 + ORGS_L1 * (1 + ORGS_L2_PER_L1);
const thousands = (n: number) => n.toLocaleString('en-GB');
const TODAY = '2026-11-22';
const QUARTER = { from: '2026-10-01', to: '2026-12-31' };
const MONTH = { from: '2026-11-01', to: '2026-11-30' };
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
// `pnpm bench:api --only summary` (or `items`, `writes`, `memory`) runs one part; with BENCH_SCHEMA the data is reused.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
if (only !== undefined && !['summary', 'items', 'writes', 'memory'].includes(only)) throw new Error(`--only summary, items, writes or memory, not ${only}`);

const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
if (!url) {
  process.stderr.write(`bench:api needs a PostgreSQL server. Start one, e.g.:

  su postgres -c '/usr/lib/postgresql/15/bin/initdb -D /tmp/pg-b && /usr/lib/postgresql/15/bin/pg_ctl -D /tmp/pg-b -o "-p 55433 -k /tmp" -l /tmp/pg-b.log start'

then run:  BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55433/postgres pnpm bench:api
`);
  process.exit(1);
}

const ms = (t: number) => `${t.toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = (line: string) => process.stdout.write(`${line}\n`);

// The load comes from a process of its own: autocannon in the servers' process would take their event loop.
// With `spread`, each connection starts its round of `requests` that many further on: autocannon
// starts every connection at the first, so all would write to the same organisation at once.
const LOAD_SCRIPT = `
const autocannon = require('autocannon');
const options = JSON.parse(process.argv[1]);
if (options.spread) {
  let next = 0;
  const requests = options.requests;
  options.setupClient = (client) => {
    const at = (next++ * options.spread) % requests.length;
    client.setRequests([...requests.slice(at), ...requests.slice(0, at)]);
  };
}
autocannon(options, (error, result) => {
  if (error) throw error;
  process.stdout.write(JSON.stringify(result));
});`;

async function load(options: autocannon.Options & { spread?: number }): Promise<autocannon.Result> {
  const child = spawn(process.execPath, ['-e', LOAD_SCRIPT, JSON.stringify(options)], { cwd: import.meta.dirname, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  return JSON.parse(out) as autocannon.Result;
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  log(`  ${label}: ${ms(performance.now() - start)}`);
  return result;
}

// BENCH_SCHEMA=<name> keeps the generated data in that schema and reuses it on the next run.
const kept = process.env.BENCH_SCHEMA;
const schema = kept ?? `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const reuse = kept !== undefined && (await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [kept])).rowCount === 1;
if (!reuse) await admin.query(`CREATE SCHEMA ${schema}`);
const database = await openDatabase({ databaseUrl: url, schema, poolSize: CONNECTIONS });
const { db } = database;

try {
  log(`${reuse ? 'Reusing' : 'Generating in'} schema ${schema}:`);
  await migrateToLatest(db);
  const rootId = reuse
    ? (await db.selectFrom('organisations').select('id').where('depth', '=', 0).executeTakeFirstOrThrow()).id
    : await timed(`${thousands(ORGS)} organisations, ${thousands(ORGS * 4)} channels, preset norms, ${thousands(ITEMS)} items over a year, VACUUM ANALYZE`, () =>
        generateTree(db, { districts: ORGS_L1, centresPerDistrict: ORGS_L2_PER_L1, items: ITEMS, today: TODAY }),
      );
  if (reuse) await timed('VACUUM ANALYZE', () => sql`VACUUM ANALYZE`.execute(db));
  // What `ritm counts rebuild` does on a database that had none: every organisation's selectors, counted from the items.
  const counted = await timed('maintained counts: selectors registered, counted from the items', () => syncAllCountSelectors(db));
  log(`  ${counted.organisations} organisations, ${counted.added} selectors added; ${(await sql<{ n: number }>`SELECT count(*)::int AS n FROM group_counts`.execute(db)).rows[0]!.n} count rows`);
  await sql`ANALYZE count_selectors, group_counts`.execute(db);

  // An administrator's API token: the routes run with authentication as they do in production.
  const token = newSecret('ritm_');
  await db.deleteFrom('users').where('email', '=', 'bench@ritm.local').execute();
  const user = await db.insertInto('users').values({ email: 'bench@ritm.local', password_hash: 'x', is_admin: true }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('api_tokens').values({ user_id: user.id, name: 'bench', token_hash: hashSecret(token) }).execute();
  const headers = { authorization: `Bearer ${token}` };

  // RITM_CACHE_MB as a deployment sets it: 25,000 organisations' judgements need more than the default 32 MB.
  const cacheMb = process.env.RITM_CACHE_MB;
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, RITM_JOBS: 'off', ...(cacheMb !== undefined && { RITM_CACHE_MB: cacheMb }) }, process.cwd()), adminDist: undefined };
  const app = await buildApp({ config, database });
  await app.ready();

  // The API listening on loopback, once: loaded from another process, or asked as a browser asks.
  let listening: string | undefined;
  const address = async () => (listening ??= await app.listen({ port: 0, host: '127.0.0.1' }));
  // One GET over the socket, its answer as the bytes sent, timed to their last one: what a client
  // waits for (inject would also make a string of the body, 40 ms for 3 MB of Brotli).
  const get = async (path: string, asked: Record<string, string>) => {
    const base = await address();
    const start = performance.now();
    const answer = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
      http
        .get(base + path, { headers: asked }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, bytes: Buffer.concat(chunks) }));
          response.on('error', reject);
        })
        .on('error', reject);
    });
    return { ...answer, time: performance.now() - start };
  };

  if (only === undefined || only === 'summary') {
    log('\nSummary over the whole tree for a quarter:');
    const summaryUrl = `/api/orgs/${rootId}/compliance/summary?from=${QUARTER.from}&to=${QUARTER.to}&asOf=${TODAY}`;
    // Asked as a director's browser asks (Chromium over HTTPS): the answer comes compressed.
    const browser = { 'accept-encoding': 'gzip, deflate, br, zstd' };
    const summaryOnce = async (asked: Record<string, string> = browser) => {
      const response = await get(summaryUrl, { ...headers, ...asked });
      if (response.status !== 200) throw new Error(`summary answered ${response.status}: ${response.bytes.toString().slice(0, 500)}`);
      const sent = response.bytes;
      const bytes = response.headers['content-encoding'] === 'br' ? brotliDecompressSync(sent) : sent;
      return { time: response.time, sent: sent.length, bytes, body: JSON.parse(bytes.toString()) as { organisations: unknown[]; totals: Record<string, number> } };
    };
    const floorOf = async () => {
      const floorTimes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const start = performance.now();
        await sql`
          SELECT org_id, count(*) FROM items
          WHERE org_id IN (SELECT id FROM organisations WHERE path LIKE ${`/${rootId}/%`})
            AND local_day BETWEEN ${QUARTER.from}::date AND ${QUARTER.to}::date AND status <> 'cancelled'
          GROUP BY org_id`.execute(db);
        if (i > 0) floorTimes.push(performance.now() - start);
      }
      return median(floorTimes);
    };
    // Every organisation judged from its counts: what the first director of the day waits for (after a restart, on a new day, after a norm changed at the top).
    const coldOf = async (runs: number) => {
      const times: number[] = [];
      let last: Awaited<ReturnType<typeof summaryOnce>> | undefined;
      for (let i = 0; i < runs; i++) {
        app.complianceCache.summaries.clear();
        app.complianceCache.contributions.clear();
        app.complianceCache.summaryForms.clear();
        last = await summaryOnce();
        times.push(last.time);
      }
      return { times, ...last! };
    };
    const { times: coldTimes, body, bytes, sent } = await coldOf(5);
    // Every organisation's judgement kept, the answer made again from them: the stamps, inputs,
    // roll-up, JSON and compression, without the judging. What a cold summary reading judgements
    // kept by the writes could take at the least, whatever kept them (docs/scaling.md).
    const judgements = app.complianceCache.contributions;
    const keptBefore = judgements.hits;
    const fromKeptTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      app.complianceCache.summaries.clear();
      app.complianceCache.summaryForms.clear();
      fromKeptTimes.push((await summaryOnce()).time);
    }
    const keptShare = (judgements.hits - keptBefore) / (5 * body.organisations.length);
    // Asked again with nothing changed, and after an edit in 1% of the organisations (new items).
    const warmTimes: number[] = [];
    for (let i = 0; i < 5; i++) warmTimes.push((await summaryOnce()).time);
    // By a client that takes no compression (a script), given the same answer as the browser.
    const plainTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const plain = await summaryOnce({});
      if (!plain.bytes.equals(bytes)) throw new Error('the summary sent as it is differs from the one sent compressed');
      plainTimes.push(plain.time);
    }
    // As a browser asks again for what it keeps: with the ETag it was given (If-None-Match), answered 304 without a body.
    const etag = (await get(summaryUrl, { ...headers, ...browser })).headers.etag!;
    const revalidatedTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await get(summaryUrl, { ...headers, ...browser, 'if-none-match': etag });
      revalidatedTimes.push(response.time);
      if (response.status !== 304) throw new Error(`asked again with its ETag, the summary answered ${response.status}`);
    }
    const leaves = (await sql<{ id: string }>`SELECT id FROM organisations WHERE depth = 2 ORDER BY path`.execute(db)).rows;
    const editedTimes: number[] = [];
    const onePercent = Math.round(leaves.length / 100);
    for (let i = 0; i < 5; i++) {
      const edited = leaves.slice(i * onePercent, (i + 1) * onePercent);
      await db
        .insertInto('items')
        .values(edited.map((org) => ({ org_id: org.id, kind: 'post', title: 'Правка', status: 'planned', at_date: '2026-11-25', local_day: '2026-11-25' })))
        .execute();
      editedTimes.push((await summaryOnce()).time);
    }
    await db.deleteFrom('items').where('title', '=', 'Правка').execute();
    const floor = await floorOf();
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM items WHERE local_day BETWEEN ${QUARTER.from}::date AND ${QUARTER.to}::date`.execute(db);
    log(`  items in the quarter: ${rows.rows[0]!.n}; organisations: ${body.organisations.length}; rows judged: ${Object.values(body.totals).reduce((a, b) => a + b, 0)}`);
    log(`  the answer: ${(bytes.length / 1e6).toFixed(2)} MB of JSON, sent to a browser as ${(sent / 1e6).toFixed(2)} MB (Brotli)`);
    log(`  floor (bare GROUP BY org_id over the quarter's items, median of 5): ${ms(floor)}`);
    const versus = (label: string, times: number[], aim: string) => {
      const t = median(times);
      log(`  ${label}: ${ms(t)}   ratio: ${(t / floor).toFixed(2)}× the floor (aim ${aim})`);
    };
    versus('summary, every organisation judged (median of 5)       ', coldTimes, '≤ 2× and < 300 ms');
    versus('the same from kept judgements, no judging (median of 5)', fromKeptTimes, `— (${(100 * keptShare).toFixed(0)}% kept)`);
    versus('summary asked again, nothing changed (median of 5)     ', warmTimes, '< 50 ms');
    versus('the same, to a client that takes no compression        ', plainTimes, '—');
    versus('the same with its ETag, answered 304 (median of 5)     ', revalidatedTimes, '< 50 ms');
    versus(`summary after edits in ${onePercent} organisations (median of 5) `, editedTimes, '≤ 2×');

    // --history: two more years of items before the year measured; the quarter's summary should cost the same.
    if (process.argv.includes('--history')) {
      const before = await sql<{ first: string }>`SELECT min(local_day)::text AS first FROM items`.execute(db);
      if (before.rows[0]!.first >= '2026-05-25') {
        await timed(`${thousands(2 * ITEMS)} more items over the two years before, counted by the triggers, VACUUM ANALYZE`, async () => {
          await insertItems(db, { items: 2 * ITEMS, firstDay: '2024-05-25', days: 730, today: TODAY });
          await sql`VACUUM ANALYZE`.execute(db);
        });
      }
      const all = await sql<{ n: number }>`SELECT count(*)::int AS n FROM items`.execute(db);
      const { times: historyTimes } = await coldOf(5);
      const historyFloor = await floorOf();
      log(`  with 3 years of history (${thousands(all.rows[0]!.n)} items): floor ${ms(historyFloor)}`);
      log(`  summary, every organisation judged, 3 years (median of 5): ${ms(median(historyTimes))}   ${(median(historyTimes) / median(coldTimes)).toFixed(2)}× the one-year figure (aim: flat)`);
    }

    // issue 16 — dashboard: the heatmap's quarter week by week in one request, through the same judge and memo.
    const periodsUrl = `/api/orgs/${rootId}/compliance/periods?from=${QUARTER.from}&to=${QUARTER.to}&asOf=${TODAY}&granularity=week`;
    const periodsOnce = async () => {
      const response = await get(periodsUrl, { ...headers, ...browser });
      if (response.status !== 200) throw new Error(`periods answered ${response.status}: ${response.bytes.toString().slice(0, 500)}`);
      const bytes = response.headers['content-encoding'] === 'br' ? brotliDecompressSync(response.bytes).length : response.bytes.length;
      return { time: response.time, bytes, sent: response.bytes.length };
    };
    const periodsCold: number[] = [];
    let periodsBytes = { bytes: 0, sent: 0 };
    for (let i = 0; i < 3; i++) {
      app.complianceCache.periodBodies.clear();
      app.complianceCache.periodContributions.clear();
      app.complianceCache.periodForms.clear();
      const run = await periodsOnce();
      periodsCold.push(run.time);
      periodsBytes = run;
    }
    const periodsWarm: number[] = [];
    for (let i = 0; i < 5; i++) periodsWarm.push((await periodsOnce()).time);
    log(`  periods, 14 weeks in one answer of ${(periodsBytes.bytes / 1e6).toFixed(1)} MB, sent as ${(periodsBytes.sent / 1e6).toFixed(1)} MB:`);
    versus('periods, every organisation judged (median of 3)       ', periodsCold, '—');
    versus('periods asked again, nothing changed (median of 5)     ', periodsWarm, '—');
  }

  // What one primary takes of the commonest write: a new item through the route (validation,
  // access, the item and its channel links, the counting and revision triggers, in one
  // transaction), spread over 100 centres as press officers of a region would make them.
  if (only === undefined || only === 'writes') {
    log(`\nNew items through the API under load (${CONNECTIONS} connections, ${LOAD_SECONDS} s, 100 centres):`);
    const centres = (await sql<{ id: string }>`SELECT id FROM organisations WHERE depth = 2 ORDER BY path LIMIT 100`.execute(db)).rows;
    const body = JSON.stringify({ kind: 'post', title: 'Замер записи', at: '2026-11-26', status: 'planned' });
    const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM items`.execute(db)).rows[0]!.n;
    const written = await load({
      url: await address(),
      connections: CONNECTIONS,
      duration: LOAD_SECONDS,
      requests: centres.map((centre) => ({ method: 'POST', path: `/api/orgs/${centre.id}/items`, headers: { ...headers, 'content-type': 'application/json' }, body })),
      spread: centres.length / CONNECTIONS,
    });
    // The requests still in flight when the load stopped finish on the server.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const made = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM items`.execute(db)).rows[0]!.n - before;
    // Not vacuous: every answer was a 201 and made one item (and the requests still in flight
    // when the load stopped, at most one per connection, made theirs unanswered).
    if (written.non2xx !== 0 || written.errors !== 0 || made < written['2xx'] || made > written['2xx'] + CONNECTIONS) {
      throw new Error(`writes: ${written.non2xx} answers not 2xx, ${written.errors} errors, ${made} items made for ${written['2xx']} answers of 2xx`);
    }
    const { latency } = written;
    log(`  ${written.requests.average.toFixed(0)} items/s; latency p50 ${latency.p50} ms, p90 ${latency.p90} ms, p97.5 ${latency.p97_5} ms, p99 ${latency.p99} ms; ${made} items made`);
    log(`  aim for one primary (docs/scaling.md): p95 under 200 ms`);
    await db.deleteFrom('items').where('created_by', '=', user.id).where('title', '=', 'Замер записи').execute();
  }

  if (only === undefined || only === 'items') {
    log(`\nItems of one centre for a month under load (${CONNECTIONS} connections, ${LOAD_SECONDS} s each):`);
    const leaf = await sql<{ id: string }>`SELECT id FROM organisations WHERE depth = 2 ORDER BY path LIMIT 1`.execute(db);
    const itemsUrl = `/api/orgs/${leaf.rows[0]!.id}/items?from=${MONTH.from}&to=${MONTH.to}`;
    const sample = await app.inject({ method: 'GET', url: itemsUrl, headers });
    log(`  one response: ${(sample.json() as { items: unknown[] }).items.length} items, ${sample.body.length} bytes`);
    const itemsRun = await load({ url: `${await address()}${itemsUrl}`, headers, connections: CONNECTIONS, duration: LOAD_SECONDS });
    // Every request read afresh: what a list costs when it changed since it was last asked for.
    const freshRun = await load({ url: `${await address()}${itemsUrl}`, headers: { ...headers, 'cache-control': 'no-cache' }, connections: CONNECTIONS, duration: LOAD_SECONDS });
    await app.close();

    // The ceiling: bare Fastify sending the same month as a constant (what framework and transport
    // alone cost for this response); beside it, for reference, a constant of one item.
    const bare = Fastify({ logger: false });
    const sameBody = sample.json() as { items: unknown[] };
    const oneItem = { items: sameBody.items.slice(0, 1) };
    bare.get('/constant', async () => sameBody);
    bare.get('/one-item', async () => oneItem);
    const bareAddress = await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareRun = await load({ url: `${bareAddress}/constant`, connections: CONNECTIONS, duration: LOAD_SECONDS });
    const oneItemRun = await load({ url: `${bareAddress}/one-item`, connections: CONNECTIONS, duration: LOAD_SECONDS });
    await bare.close();

    const line = (name: string, r: autocannon.Result) =>
      `  ${name}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`;
    const share = (route: autocannon.Result, ceiling: autocannon.Result) => ((100 * route.requests.average) / ceiling.requests.average).toFixed(1);
    log(line('items route                       ', itemsRun));
    log(line('items route, every list read again', freshRun));
    log(line('bare Fastify, the same month      ', bareRun));
    log(line('bare Fastify, one item (reference)', oneItemRun));
    log(`  ratio: ${share(itemsRun, bareRun)}% of the ceiling (aim ≥ 40%); ${share(itemsRun, oneItemRun)}% of the one-item constant`);
    log(`  every list read again: ${share(freshRun, bareRun)}% of the ceiling`);
  } else {
    await app.close();
  }
  if (only === 'memory') await memoryPart({ url, schema, db, today: TODAY, log });
} finally {
  await database.close();
  if (kept === undefined) await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}
