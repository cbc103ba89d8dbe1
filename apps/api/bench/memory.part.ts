/**
 * `pnpm bench:api --only memory`: the resident memory of `ritm serve`, started in a process of
 * its own as operators start it (`bin/ritm.mjs`, its node flags included; `pnpm build` first),
 * under a mixed load of DISTINCT requests for BENCH_MEMORY_SECONDS (default 60): summaries and
 * period tables of the region, districts and centres over ranges never asked twice, one centre's
 * compliance, months of item lists, item exports, compliance reports of a district, and item
 * creations. The child's VmRSS is read from /proc every 200 ms; its heap, external memory and
 * WebAssembly memory come from the probe it loads (test/reliability/memory-probe.mjs).
 *
 * Twice: on the PostgreSQL server, against the bench's schema (2,500 organisations), with the
 * aim of 300 MB resident; then on the embedded database, a tree 10× smaller generated into a
 * folder of its own (PGlite writes a million items in hours), where the process holds PostgreSQL
 * itself: its WebAssembly memory is reported apart from the API's own heap.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { hashSecret, newSecret } from '../src/auth/tokens.js';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { DB } from '../src/db/schema.js';
import { startRitm, until, type RitmProcess } from '../test/ritm-process.js';
import { generateTree } from './dataset.js';

/** The aim of issue 17 on a PostgreSQL server. */
export const RSS_AIM_MB = 300;
const MB = 1_048_576;
export const mb = (bytes: number) => Math.round(bytes / MB);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dayAfter = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const probe = fileURLToPath(new URL('../test/reliability/memory-probe.mjs', import.meta.url));

/** The organisations the load asks about. */
export interface Tree {
  root: string;
  districts: string[];
  centres: string[];
}

export async function readTree(db: Kysely<DB>): Promise<Tree> {
  const depth = async (d: number) => (await sql<{ id: string }>`SELECT id FROM organisations WHERE depth = ${d} ORDER BY path`.execute(db)).rows.map(({ id }) => id);
  return { root: (await depth(0))[0]!, districts: await depth(1), centres: await depth(2) };
}

/** An administrator's API token on `db`, for the load's requests. */
export async function loadToken(db: Kysely<DB>, email: string): Promise<string> {
  const token = newSecret('ritm_');
  await db.deleteFrom('users').where('email', '=', email).execute();
  const user = await db.insertInto('users').values({ email, password_hash: 'x', is_admin: true }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('api_tokens').values({ user_id: user.id, name: 'memory', token_hash: hashSecret(token) }).execute();
  return token;
}

/** `ritm serve` with the memory probe loaded, on 127.0.0.1 and a free port. */
export function serveMeasured(env: Record<string, string>): RitmProcess {
  return startRitm(['serve'], {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    RITM_LOG_FORMAT: 'json',
    RITM_ADMIN_DIST: '/nonexistent',
    // --expose-gc only lets the probe collect on SIGUSR2; it changes nothing of V8's own collecting.
    NODE_OPTIONS: `--import=${probe} --expose-gc`,
    ...env,
  });
}

/** What the probe in the child says of its memory. */
export interface ProbeLine extends NodeJS.MemoryUsage {
  /** Its WebAssembly memories (the embedded database's). */
  wasm: number;
  /** Written right after a full collection (SIGUSR2). */
  collected?: true;
}

const statusOf = (pid: number) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
};

/** The child's memory over time: its resident set from /proc every 200 ms, its own view from the probe's lines. */
export function sampleMemory(server: RitmProcess) {
  const pid = server.child.pid!;
  const samples: number[] = [];
  const timer = setInterval(() => {
    if (server.alive()) samples.push(statusOf(pid).rss);
  }, 200);
  return {
    /** Resident now, and the most it ever was (VmHWM, which sampling cannot miss). */
    now: () => statusOf(pid),
    samples,
    probes: () => [...server.output().matchAll(new RegExp(`\\[memory ${pid}\\] (\\{.*\\})`, 'g'))].map(([, line]) => JSON.parse(line!) as ProbeLine),
    stop: () => clearInterval(timer),
  };
}

/** Twenty requests of the load, in order: what a dashboard asks most, then lists, then files and writes. */
export const MIX = [
  ...Array<'summary'>(7).fill('summary'),
  'periods',
  'periods',
  'compliance',
  'compliance',
  ...Array<'items'>(5).fill('items'),
  'export',
  'report',
  'write',
  'write',
] as const;

/** How the load went: answers by status, requests by kind, the first failures. */
export interface LoadResult {
  requests: number;
  statuses: Record<string, number>;
  kinds: Record<string, number>;
  failures: string[];
}

/**
 * Requests that never repeat, from `clients` clients until `stop()` says so: request n asks for a
 * range no other request asks for (a start in 2026 and a length growing every 365 requests), so
 * every cache misses and keeps what it read until the byte budget pushes it out.
 */
export async function mixedLoad(url: string, token: string, tree: Tree, options: { clients: number; today: string; stop: (requests: number) => boolean }): Promise<LoadResult> {
  const headers = { authorization: `Bearer ${token}` };
  const result: LoadResult = { requests: 0, statuses: {}, kinds: {}, failures: [] };
  const pick = (list: string[], n: number) => list[n % list.length]!;
  const request = async (n: number) => {
    const from = dayAfter('2026-01-01', n % 365);
    const to = dayAfter(from, 1 + Math.floor(n / 365));
    const subtree = n % 7 === 0 ? tree.root : n % 3 === 0 ? pick(tree.districts, n) : pick(tree.centres, n);
    const month = `${2025 + Math.floor((n % 36) / 12)}-${String(1 + (n % 12)).padStart(2, '0')}-01`;
    const kind = MIX[n % MIX.length]!;
    let init: RequestInit = { headers };
    let path: string;
    switch (kind) {
      case 'summary':
        path = `/api/orgs/${subtree}/compliance/summary?from=${from}&to=${to}&asOf=${options.today}`;
        break;
      case 'periods':
        path = `/api/orgs/${subtree}/compliance/periods?from=${from}&to=${dayAfter(from, 28 + (n % 90))}&asOf=${options.today}&granularity=${n % 2 ? 'week' : 'month'}`;
        break;
      case 'compliance':
        path = `/api/orgs/${pick(tree.centres, n * 7)}/compliance?from=${from}&to=${to}&asOf=${options.today}`;
        break;
      case 'items':
        path = `/api/orgs/${n % 5 === 0 ? pick(tree.districts, n) : pick(tree.centres, n * 7)}/items?from=${month}&to=${dayAfter(dayAfter(month, 32).slice(0, 8) + '01', -1)}`;
        break;
      case 'export':
        path = `/api/orgs/${pick(tree.centres, n * 11)}/items/export?from=${from}&to=${dayAfter(from, 30 + (n % 60))}&format=${n % 3 ? 'csv' : 'xlsx'}`;
        break;
      case 'report':
        path = `/api/orgs/${pick(tree.districts, n)}/reports/compliance?from=${from}&to=${dayAfter(from, 89)}&format=xlsx&asOf=${options.today}`;
        break;
      case 'write':
        path = `/api/orgs/${pick(tree.centres, n * 13)}/items`;
        init = {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'post', title: `Нагрузка ${n}`, at: dayAfter('2026-06-01', n % 180) }),
        };
    }
    const response = await fetch(url + path, init);
    await response.arrayBuffer();
    result.statuses[response.status] = (result.statuses[response.status] ?? 0) + 1;
    result.kinds[kind] = (result.kinds[kind] ?? 0) + 1;
    if (response.status >= 300 && result.failures.length < 5) result.failures.push(`${kind} ${path}: ${response.status}`);
  };
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (!options.stop(result.requests)) await request(result.requests++);
    }),
  );
  return result;
}

/** The figures of one measured run, in megabytes. */
export interface MemoryFigures {
  load: LoadResult;
  seconds: number;
  idleRss: number;
  peakRss: number;
  finalRss: number;
  peakHeapUsed: number;
  finalHeapUsed: number;
  finalHeapTotal: number;
  finalExternal: number;
  finalArrayBuffers: number;
  /** The embedded database's WebAssembly memory at the end (0 on a server). */
  finalWasm: number;
  /** Heap used after a full collection at the end: what the process holds, garbage apart. */
  liveHeapUsed: number;
  liveArrayBuffers: number;
}

/** Starts the server, runs the load, lets it settle `settleMs` and stops it. */
export async function measureServe(
  env: Record<string, string>,
  drive: (url: string) => Promise<LoadResult>,
  settleMs: number,
): Promise<MemoryFigures> {
  const server = serveMeasured(env);
  try {
    const url = await server.listening;
    const memory = sampleMemory(server);
    const idleRss = memory.now().rss;
    const started = Date.now();
    const load = await drive(url);
    const seconds = Math.round((Date.now() - started) / 1000);
    await sleep(settleMs);
    memory.stop();
    const { rss, hwm } = memory.now();
    const probes = memory.probes();
    const last = probes.at(-1)!;
    server.child.kill('SIGUSR2');
    await until(() => memory.probes().some((p) => p.collected), 10_000, 'the probe to collect garbage');
    const live = memory.probes().find((p) => p.collected)!;
    if (!server.alive()) throw new Error(`ritm serve died under the load: ${server.output().slice(-2000)}`);
    return {
      load,
      seconds,
      idleRss: mb(idleRss),
      peakRss: mb(hwm),
      finalRss: mb(rss),
      peakHeapUsed: mb(Math.max(...probes.map((p) => p.heapUsed))),
      finalHeapUsed: mb(last.heapUsed),
      finalHeapTotal: mb(last.heapTotal),
      finalExternal: mb(last.external),
      finalArrayBuffers: mb(last.arrayBuffers),
      finalWasm: mb(last.wasm),
      liveHeapUsed: mb(live.heapUsed),
      liveArrayBuffers: mb(live.arrayBuffers),
    };
  } finally {
    if (server.alive()) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
}

export interface MemoryPartOptions {
  /** The PostgreSQL server and the bench's schema on it, with the bench's tree in it. */
  url: string;
  schema: string;
  db: Kysely<DB>;
  today: string;
  log: (line: string) => void;
}

const CLIENTS = 6;
const SETTLE_MS = 5_000;

export async function memoryPart({ url, schema, db, today, log }: MemoryPartOptions): Promise<void> {
  const seconds = Number(process.env.BENCH_MEMORY_SECONDS ?? 60);
  const cacheMb = process.env.RITM_CACHE_MB || '32';
  const forSeconds = () => {
    const until = Date.now() + seconds * 1000;
    return () => Date.now() >= until;
  };
  const print = (figures: MemoryFigures, aim: string) => {
    const { load } = figures;
    log(`  ${load.requests} requests in ${figures.seconds} s, answers ${JSON.stringify(load.statuses)}, by kind ${JSON.stringify(load.kinds)}`);
    if (load.failures.length > 0) log(`  failures: ${load.failures.join('; ')}`);
    log(`  resident: idle ${figures.idleRss} MB, peak ${figures.peakRss} MB, final ${figures.finalRss} MB ${aim}`);
    log(`  heap used: peak ${figures.peakHeapUsed} MB, final ${figures.finalHeapUsed} MB of ${figures.finalHeapTotal} MB; external ${figures.finalExternal} MB (array buffers ${figures.finalArrayBuffers} MB)`);
    log(`  after a full collection: heap used ${figures.liveHeapUsed} MB, array buffers ${figures.liveArrayBuffers} MB (the caches hold at most RITM_CACHE_MB of it)`);
  };

  // On the server: the bench's schema through the connection's search_path, the jobs' tables
  // there too (dropped with it); jobs off, so that no scheduled job runs during the measure.
  const tree = await readTree(db);
  const token = await loadToken(db, 'memory@ritm.local');
  const serverUrl = new URL(url);
  serverUrl.searchParams.set('options', `-c search_path=${schema}`);
  log(`\nMemory of ritm serve on PostgreSQL (${1 + tree.districts.length + tree.centres.length} organisations), ${CLIENTS} clients, ${seconds} s of distinct requests, RITM_CACHE_MB=${cacheMb}:`);
  const onServer = await measureServe(
    { DATABASE_URL: serverUrl.href, RITM_JOBS_SCHEMA: schema, RITM_JOBS: 'off', RITM_CACHE_MB: cacheMb },
    (at) => mixedLoad(at, token, tree, { clients: CLIENTS, today, stop: forSeconds() }),
    SETTLE_MS,
  );
  print(onServer, `(aim < ${RSS_AIM_MB} MB: ${onServer.peakRss < RSS_AIM_MB ? 'met' : 'MISSED'})`);

  // On the embedded database: a tree of its own in a folder, loaded in this process and closed
  // before the server opens it (one process at a time may hold it).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-bench-memory-'));
  try {
    const embedded = await openDatabase({ dataDir });
    let small: Tree;
    let smallToken: string;
    try {
      await migrateToLatest(embedded.db);
      await generateTree(embedded.db, { districts: 10, centresPerDistrict: 25, items: 100_000, today });
      small = await readTree(embedded.db);
      smallToken = await loadToken(embedded.db, 'memory@ritm.local');
    } finally {
      await embedded.close();
    }
    log(`\nMemory of ritm serve on the embedded database (${1 + small.districts.length + small.centres.length} organisations, 100,000 items), the same load:`);
    const onPglite = await measureServe(
      { RITM_DATA_DIR: dataDir, HOME: os.tmpdir(), RITM_JOBS: 'off', RITM_CACHE_MB: cacheMb },
      (at) => mixedLoad(at, smallToken, small, { clients: CLIENTS, today, stop: forSeconds() }),
      SETTLE_MS,
    );
    print(onPglite, '(no aim: the database lives in the process)');
    log(
      `  of which the embedded database's own WebAssembly memory: ${onPglite.finalWasm} MB; ` +
        `the rest, ${onPglite.finalRss - onPglite.finalWasm} MB, is the API's heap, Node's own and PGlite's compiled code and glue (PGlite's memory is counted whole, touched or not)`,
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
