/**
 * `pnpm bench:evidence`: reading evidence sources on the embedded database (PGlite, in memory), not
 * a test. One run reports:
 * 1. A WordPress RSS 2.0 feed of 1,000 entries, served from loopback, read by the service as an
 *    editor's «fetch now» does (`readSource`): fetched, parsed, matched against 500 planned items of
 *    the website channel (250 by link, 250 by date and title) and written in one transaction (500
 *    items proved, 500 unplanned items made, 1,000 posts). Beside it, measured in the same run: the
 *    parse alone, one bare INSERT of the same 1,000 items through the items repository, and
 *    creating them through the items' own writing code (`createItems`, what the read uses for
 *    unplanned posts); then the same feed read again (every post known: reach only).
 *    Aim: the read under 2 s.
 * 2. API latency (p50/p95) of one organisation's month of items over HTTP while the in-process
 *    scheduler reads 500 feed sources (4 at a time) from a server in another process, beside the
 *    same requests when nothing is read. Requests come one after another from a child process,
 *    alternating a list as clients get it (memoised while unchanged) and one read afresh
 *    (`Cache-Control: no-cache`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ItemCreate } from '@ritm/contracts/items';
import { addDays } from '@ritm/domain/local-date';
import { planIngest, type MatchItem } from '@ritm/domain/evidence-match';
import { localDateOf, localDateOfItemDate } from '@ritm/domain/time-zone';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { hashSecret, newSecret } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { parseFeed } from '../src/evidence/formats/feed.js';
import { readDueSources } from '../src/evidence/scheduler.js';
import { insertItems } from '../src/repositories/items.js';
import { readSource } from '../src/services/evidence.js';
import { createItems } from '../src/services/items.js';
import { loadOrgContext } from '../src/services/org-context.js';
import { wordpressEntries, wordpressFeed } from '../test/evidence-feeds.js';
import { createOrg } from '../test/fixtures.js';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1000);
const SOURCES = Number(process.env.BENCH_SOURCES ?? 500);
const ENTRIES_PER_SOURCE = 20;
const SOURCES_PER_ORG = 10;
const IDLE_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ZONE = 'Europe/Moscow';
const LATEST = '2026-11-20T09:00:00.000Z';
const MONTH = { from: '2026-11-01', to: '2026-11-30' };
const SITE = 'https://czn-sokol.example';

// `pnpm bench:evidence --only feed` (or `latency`) runs one part.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
if (only !== undefined && only !== 'feed' && only !== 'latency') throw new Error(`--only feed or --only latency, not ${only}`);

const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const percentile = (xs: readonly number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function timed<T>(what: string, run: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await run();
  log(`  ${what.padEnd(66)} ${seconds(performance.now() - start)}`);
  return result;
}

// Feeds served by a process of their own, as remote sites would be: serving 500 feeds must not
// take the API's event loop. Each source's feed is the template with its number in the addresses.
const FEED_SERVER = `
const http = require('node:http');
const template = require('node:fs').readFileSync(0, 'utf8');
const server = http.createServer((request, response) => {
  const n = /^\\/feed\\/(\\d+)/.exec(request.url)?.[1] ?? '0';
  response.writeHead(200, { 'content-type': 'application/rss+xml; charset=UTF-8' });
  response.end(template.replaceAll('SOURCE_N', n));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

// The client: requests one after another until its stdin closes, then prints the latencies (ms).
const LATENCY_CLIENT = `
const [url, token] = JSON.parse(process.argv[1]);
const plain = [], fresh = [];
let stopped = false;
process.stdin.on('data', () => {}).on('end', () => (stopped = true));
(async () => {
  while (!stopped) {
    for (const [times, extra] of [[plain, {}], [fresh, { 'cache-control': 'no-cache' }]]) {
      const start = performance.now();
      const response = await fetch(url, { headers: { authorization: 'Bearer ' + token, ...extra } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error('the items route answered ' + response.status);
      times.push(performance.now() - start);
    }
  }
  process.stdout.write(JSON.stringify({ plain, fresh }));
})();
`;

function child(script: string, args: string[]): { process: ChildProcess; output: Promise<string> } {
  const proc = spawn(process.execPath, ['-e', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const output = new Promise<string>((resolve, reject) =>
    proc.on('error', reject).on('close', (code, signal) => (code === 0 || signal === 'SIGTERM' ? resolve(out) : reject(new Error(`a bench helper exited with ${code ?? signal}`)))),
  );
  return { process: proc, output };
}

interface Latencies {
  plain: number[];
  fresh: number[];
}

/** Runs the latency client while `during` runs (or for IDLE_SECONDS when it is undefined). */
async function measureLatency(url: string, token: string, during?: () => Promise<unknown>): Promise<Latencies> {
  const client = child(LATENCY_CLIENT, [JSON.stringify([url, token])]);
  if (during === undefined) await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  else await during();
  client.process.stdin!.end();
  return JSON.parse(await client.output) as Latencies;
}

const database = await openDatabase({ dataDir: 'memory://' });
let feedServer: ChildProcess | undefined;
try {
  await migrateToLatest(database.db);
  const { db } = database;
  // An administrator's API token: the routes run with authentication as in production.
  const token = newSecret('ritm_');
  const user = await db.insertInto('users').values({ email: 'bench@ritm.local', password_hash: 'x', is_admin: true }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('api_tokens').values({ user_id: user.id, name: 'bench', token_hash: hashSecret(token) }).execute();
  const headers = { authorization: `Bearer ${token}` };
  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent', RITM_FETCH_ALLOW_PRIVATE: 'true', RITM_EVIDENCE_TICK_SECONDS: '0', RITM_JOBS: 'off' }, process.cwd()),
    adminDist: undefined,
  };
  const app = await buildApp({ config, database });
  await app.ready();
  const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await app.inject({ method, url, headers, ...(payload && { payload }) });
    if (response.statusCode >= 300) throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    return response.json() as { id: string } & Record<string, unknown>;
  };
  const websiteOf = async (orgId: string) => (await api('POST', `/api/orgs/${orgId}/channels`, { type: 'website', name: 'Официальный сайт' })).id;
  const create = (orgId: string, inputs: ItemCreate[]) =>
    db.transaction().execute(async (trx) => createItems(trx, await loadOrgContext(trx, orgId), inputs, { userId: user.id, paths: inputs.map((_, i) => `items[${i}]`), now: new Date() }));

  // ---- 1. One feed of 1,000 entries ----------------------------------------------------------
  if (only !== 'latency') {
    const entries = wordpressEntries(ENTRIES, LATEST, SITE);
    const feed = Buffer.from(wordpressFeed(entries, { site: SITE }), 'utf8');
    const org = (await createOrg(database, { timezone: ZONE })).id;
    const site = await websiteOf(org);
    // Every other entry was planned: one in two of those by its address (under another title),
    // the other by its title on its day; the rest were published without a plan.
    const planned: ItemCreate[] = entries.flatMap((entry, i): ItemCreate[] => {
      const day = localDateOf(Date.parse(entry.publishedAt), ZONE);
      if (i % 4 === 0) return [{ kind: 'publication', title: `Новость сайта ${i}`, at: day, channelIds: [site], url: entry.url }];
      if (i % 4 === 1) return [{ kind: 'publication', title: entry.title, at: day, channelIds: [site] }];
      return [];
    });
    const plannedItems: MatchItem[] = [];
    for (let i = 0; i < planned.length; i += 500) {
      for (const item of await create(org, planned.slice(i, i + 500))) {
        plannedItems.push({ id: item.id, channelIds: item.channelIds, title: item.title, url: item.url, localDay: localDateOfItemDate(item.at, ZONE)!, status: item.status, linked: false });
      }
    }
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=UTF-8' });
      response.end(feed);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/`;
    const source = (await api('POST', `/api/orgs/${org}/channels/${site}/sources`, { type: 'feed', url: feedUrl })).id;
    // A source added when its history began: every post is the source's own, none the history
    // before it that a first read leaves out (the feed spans 41 days, across a month's start).
    await db.updateTable('evidence_sources').set({ created_at: new Date(entries[entries.length - 1]!.publishedAt) }).where('id', '=', source).execute();

    log(`Evidence: a feed of ${ENTRIES.toLocaleString('en')} entries (${(feed.length / 1_048_576).toFixed(2)} MB), ${planned.length} planned items, PGlite in memory`);
    log('Baseline (same run):');
    const parsed = await timed('parse the feed only (parseFeed)', () => parseFeed(feed, { contentType: 'application/rss+xml; charset=UTF-8', url: feedUrl }));
    await timed(`match only (planIngest against the ${plannedItems.length} planned items)`, () =>
      planIngest({ channelId: site, posts: parsed, known: [], items: plannedItems, timeZone: ZONE }),
    );
    const floorOrg = (await createOrg(database, { timezone: ZONE })).id;
    const floorSite = await websiteOf(floorOrg);
    const asItems: ItemCreate[] = parsed.map((post) => ({
      kind: 'publication',
      title: post.title,
      at: post.publishedAt,
      status: 'published',
      channelIds: [floorSite],
      url: post.url!,
      publishedAt: post.publishedAt,
    }));
    await timed('one bare INSERT of the same 1,000 items (items repository)', () =>
      db.transaction().execute((trx) =>
        insertItems(
          trx,
          parsed.map((post) => ({
            org_id: floorOrg,
            kind: 'publication',
            title: post.title,
            status: 'published' as const,
            at_instant: new Date(post.publishedAt),
            local_day: localDateOf(Date.parse(post.publishedAt), ZONE),
            url: post.url,
            published_at: new Date(post.publishedAt),
            channel_ids: [floorSite],
          })),
        ),
      ),
    );
    await db.deleteFrom('items').where('org_id', '=', floorOrg).execute();
    await timed('the same 1,000 items through the items’ writing code (createItems)', async () => {
      for (let i = 0; i < asItems.length; i += 500) await create(floorOrg, asItems.slice(i, i + 500));
    });
    log('Reading the source (fetch over loopback, parse, match, write in one transaction):');
    // The app's reader over the same database, counting the statements each read sends (where the time goes).
    const statements = new Map<string, number>();
    const counted = {
      ...app.evidence,
      db: db.withPlugin({
        transformQuery: ({ node }) => (statements.set(node.kind, (statements.get(node.kind) ?? 0) + 1), node),
        transformResult: async ({ result }) => result,
      }),
    };
    const sent = () => {
      const text = [...statements].map(([kind, n]) => `${n} ${kind.replace(/QueryNode|Node$/, '').toLowerCase()}`).join(', ');
      statements.clear();
      return text;
    };
    const firstStart = performance.now();
    const first = await timed('first read: every post new', () => readSource(counted, source, { kind: 'fetch' }, { userId: user.id }));
    const firstTime = performance.now() - firstStart;
    log(`    statements: ${sent()}`);
    const again = await timed('the same feed again: every post known (reach only)', () => readSource(counted, source, { kind: 'fetch' }, { userId: user.id }));
    log(`    statements: ${sent()}`);
    server.close();
    if (!first?.ok || !again?.ok) throw new Error(`a read failed: ${JSON.stringify(first?.ok ? again : first)}`);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from items where org_id = ${org}`.execute(db);
    log(`Results: read ${first.result.read}, matched ${first.result.matched}, unplanned ${first.result.unplanned}; again updated ${again.result.updated}, matched ${again.result.matched}, unplanned ${again.result.unplanned}; items ${rows[0]!.n}`);
    log(`Aim: the first read under 2 s: ${firstTime < 2000 ? 'met' : `MISSED (${seconds(firstTime)})`}`);
    if (first.result.read !== ENTRIES || first.result.matched !== planned.length || first.result.unplanned !== ENTRIES - planned.length || again.result.updated !== ENTRIES || rows[0]!.n !== ENTRIES) {
      log('UNEXPECTED: the read did not match every planned item and write every post exactly once');
      process.exitCode = 1;
    }
  }

  // ---- 2. API latency while 500 sources are read ------------------------------------------------
  if (only !== 'feed') {
    const measured = (await createOrg(database, { timezone: ZONE })).id;
    const measuredSite = await websiteOf(measured);
    const month: ItemCreate[] = Array.from({ length: 300 }, (_, i) => ({
      kind: 'post',
      title: `Публикация ${i}`,
      at: addDays(MONTH.from, i % 30),
      channelIds: [measuredSite],
    }));
    await create(measured, month);
    const template = wordpressFeed(wordpressEntries(ENTRIES_PER_SOURCE, LATEST, 'https://site-SOURCE_N.example'), { site: 'https://site-SOURCE_N.example' });
    const feeds = child(FEED_SERVER, []);
    feedServer = feeds.process;
    feeds.process.stdin!.end(template);
    const port = await new Promise<number>((resolve) => feeds.process.stdout!.once('data', (chunk: string) => resolve(Number(chunk.trim()))));
    for (let n = 0; n < SOURCES; n += SOURCES_PER_ORG) {
      const orgId = (await createOrg(database, { timezone: ZONE })).id;
      const channel = await websiteOf(orgId);
      for (let k = n; k < Math.min(SOURCES, n + SOURCES_PER_ORG); k++) {
        await api('POST', `/api/orgs/${orgId}/channels/${channel}/sources`, { type: 'feed', url: `http://127.0.0.1:${port}/feed/${k}` });
      }
    }
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const itemsUrl = `${address}/api/orgs/${measured}/items?from=${MONTH.from}&to=${MONTH.to}`;
    log(`\nAPI latency, ${month.length} items of a month over HTTP, requests one after another:`);
    const idle = await measureLatency(itemsUrl, token);
    let readCount = 0;
    let readTime = 0;
    const busy = await measureLatency(itemsUrl, token, async () => {
      const start = performance.now();
      readCount = await readDueSources(app.evidence, { concurrency: 4, leaseMs: 600_000, log: app.log });
      readTime = performance.now() - start;
    });
    const written = await sql<{ n: number }>`select count(*)::int as n from evidence_posts`.execute(db);
    const line = (label: string, times: number[]) => `  ${label.padEnd(52)} p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${times.length} requests)`;
    log(line(`idle (${IDLE_SECONDS} s), as clients get it`, idle.plain));
    log(line(`idle (${IDLE_SECONDS} s), read afresh`, idle.fresh));
    log(line(`while ${readCount} sources are read, as clients get it`, busy.plain));
    log(line(`while ${readCount} sources are read, read afresh`, busy.fresh));
    log(`  the scheduler read ${readCount} sources (${ENTRIES_PER_SOURCE} entries each) in ${seconds(readTime)}; posts stored in all: ${written.rows[0]!.n}`);
    if (readCount !== SOURCES) {
      log(`UNEXPECTED: the scheduler read ${readCount} sources, not ${SOURCES}`);
      process.exitCode = 1;
    }
  }
  await app.close();
} finally {
  feedServer?.kill();
  await database.close();
}
