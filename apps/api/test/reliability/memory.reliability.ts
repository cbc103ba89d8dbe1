import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTree } from '../../bench/dataset.js';
import { hashSecret, newSecret } from '../../src/auth/tokens.js';
import { openDatabase, type Database } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { startRitm, type RitmProcess } from '../ritm-process.js';
import { report, scale } from './scale.js';

// Part 6: the resident memory of `ritm serve` under the probe's mixed load: a realistic tree
// (the bench's generator, 10× smaller in the full run), then requests over distinct summary
// ranges of subtrees large and small, distinct months of item lists, and writes mixed in. The
// caches keep at most RITM_CACHE_MB (32 by default) whatever the mix; the whole process must stay
// under 300 MB resident on a PostgreSQL server. On the embedded database the process holds the
// database too (its WebAssembly memory), so there the figures are printed, not bounded.
const LIMIT_MB = 300;
const SHAPE = scale({ districts: 10, centresPerDistrict: 25, items: 100_000 }, { districts: 4, centresPerDistrict: 10, items: 10_000 });
const REQUESTS = scale(20_000, 2_000);
const CONCURRENCY = 6;
const TODAY = '2026-11-22';
const SETTLE_MS = 5_000;
const probe = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));

const MB = 1_048_576;
const mb = (bytes: number) => Math.round(bytes / MB);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dayAfter = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A place for the measured server's data: its own database on the server, or a folder for PGlite. */
interface Target {
  name: 'postgres' | 'pglite';
  /** The fresh database, open in this process to load the tree, and the env that serves it. */
  prepare(): Promise<{ database: Database; env: Record<string, string> }>;
  cleanup(): Promise<void>;
}

function postgresTarget(url: string): Target {
  const name = `ritm_mem_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const at = new URL(url);
  at.pathname = `/${name}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'postgres',
    prepare: async () => {
      await admin(`CREATE DATABASE ${name}`);
      return { database: await openDatabase({ databaseUrl: at.href, poolSize: 4 }), env: { DATABASE_URL: at.href } };
    },
    cleanup: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

function pgliteTarget(): Target {
  // Made when the part runs, not when it is listed: a run of the PostgreSQL part alone leaves no folder.
  let dataDir: string | undefined;
  return {
    name: 'pglite',
    prepare: async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-memory-'));
      return { database: await openDatabase({ dataDir }), env: { RITM_DATA_DIR: dataDir, HOME: os.tmpdir() } };
    },
    cleanup: async () => {
      if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Sample {
  at: number;
  rss: number;
}

const rssOfPid = (pid: number) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024, hwm: Number(/VmHWM:\s+(\d+)/.exec(status)![1]) * 1024 };
};

/** The API process's memory over time: its resident set from /proc, its heap from the probe's lines. */
function sampleMemory(server: RitmProcess, pid: number) {
  const samples: Sample[] = [];
  const rssOf = () => {
    return rssOfPid(pid);
  };
  const timer = setInterval(() => {
    if (server.alive()) samples.push({ at: Date.now(), rss: rssOf().rss });
  }, 200);
  const heaps = () =>
    [...server.output().matchAll(new RegExp(`\\[memory ${pid}\\] (\\{.*\\})`, 'g'))].map(([, line]) => JSON.parse(line!) as NodeJS.MemoryUsage);
  return {
    stop: () => clearInterval(timer),
    now: rssOf,
    heaps,
    samples,
  };
}

/** The probe's mixed load: distinct summary ranges, distinct months of lists, writes. Counts answers by status. */
async function mixedLoad(url: string, headers: Record<string, string>, tree: { root: string; districts: string[]; centres: string[] }) {
  const statuses: Record<string, number> = {};
  const failures: string[] = [];
  let next = 0;
  const request = async (n: number) => {
    const kind = n % 10;
    let response: Response;
    let what: string;
    if (kind < 6) {
      // 20,000 different ranges: every start in a year, longer by a day every 365 requests.
      const from = dayAfter('2026-01-01', n % 365);
      const to = dayAfter(from, 1 + Math.floor(n / 365));
      const root = n % 20 === 0 ? tree.root : n % 4 === 0 ? tree.districts[n % tree.districts.length]! : tree.centres[n % tree.centres.length]!;
      what = `summary ${root} ${from}..${to}`;
      response = await fetch(`${url}/api/orgs/${root}/compliance/summary?from=${from}&to=${to}&asOf=${TODAY}`, { headers });
    } else if (kind < 9) {
      // Months from 2024 to 2028 of centres and districts: a list kept for each.
      const month = n % 60;
      const from = `${2024 + Math.floor(month / 12)}-${String(1 + (month % 12)).padStart(2, '0')}-01`;
      const to = dayAfter(dayAfter(from, 32).slice(0, 8) + '01', -1);
      const org = n % 7 === 0 ? tree.districts[n % tree.districts.length]! : tree.centres[(n * 7) % tree.centres.length]!;
      what = `items ${org} ${from}..${to}`;
      response = await fetch(`${url}/api/orgs/${org}/items?from=${from}&to=${to}`, { headers });
    } else {
      const org = tree.centres[(n * 13) % tree.centres.length]!;
      what = `write ${org}`;
      response = await fetch(`${url}/api/orgs/${org}/items`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'post', title: `Нагрузка ${n}`, at: dayAfter('2026-06-01', n % 180) }),
      });
    }
    await response.arrayBuffer();
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    if (response.status >= 400 && failures.length < 5) failures.push(`${what}: ${response.status}`);
  };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) await request(next++);
    }),
  );
  return { statuses, failures };
}

const targets: Target[] = [...(process.env.TEST_DATABASE_URL ? [postgresTarget(process.env.TEST_DATABASE_URL)] : []), pgliteTarget()];

describe.each(targets)('resident memory of ritm serve under the mixed load on $name', (target) => {
  let server: RitmProcess | undefined;
  afterAll(async () => {
    if (server?.alive()) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await target.cleanup();
  });

  it(`stays bounded over ${REQUESTS} requests`, async () => {
    const { database, env } = await target.prepare();
    const token = newSecret('ritm_');
    let tree: { root: string; districts: string[]; centres: string[] };
    try {
      await migrateToLatest(database.db);
      const root = await generateTree(database.db, { ...SHAPE, today: TODAY });
      const depth = async (d: number) => (await sql<{ id: string }>`SELECT id FROM organisations WHERE depth = ${d} ORDER BY path`.execute(database.db)).rows.map(({ id }) => id);
      tree = { root, districts: await depth(1), centres: await depth(2) };
      const user = await database.db.insertInto('users').values({ email: 'memory@ritm.local', password_hash: 'x', is_admin: true }).returning('id').executeTakeFirstOrThrow();
      await database.db.insertInto('api_tokens').values({ user_id: user.id, name: 'memory', token_hash: hashSecret(token) }).execute();
    } finally {
      await database.close();
    }

    // Through bin/ritm.mjs, as an operator runs it, with the node flags of its first line.
    server = startRitm(['serve'], { ...env, PORT: '0', LOG_LEVEL: 'error', RITM_LOG_FORMAT: 'json', RITM_ADMIN_DIST: '/nonexistent', NODE_OPTIONS: `--import=${probe}` });
    const url = await server.listening;
    const pid = server.child.pid!;
    const memory = sampleMemory(server, pid);
    const started = Date.now();
    const idle = memory.now().rss;
    const load = await mixedLoad(url, { authorization: `Bearer ${token}` }, tree);
    const loadMs = Date.now() - started;
    await sleep(SETTLE_MS);
    memory.stop();
    const { rss: settled, hwm: peak } = memory.now();
    const heaps = memory.heaps();
    const last = heaps.at(-1)!;
    const figures = {
      organisations: 1 + tree.districts.length + tree.centres.length,
      items: SHAPE.items,
      requests: REQUESTS,
      seconds: Math.round(loadMs / 1000),
      statuses: load.statuses,
      cacheMb: 32,
      idleRssMb: mb(idle),
      peakRssMb: mb(peak),
      settledRssMb: mb(settled),
      peakHeapUsedMb: mb(Math.max(...heaps.map((h) => h.heapUsed))),
      settledHeapUsedMb: mb(last.heapUsed),
      settledHeapTotalMb: mb(last.heapTotal),
      settledExternalMb: mb(last.external),
      settledArrayBuffersMb: mb(last.arrayBuffers),
      // Resident at each tenth of the run: the load, then SETTLE_MS idle.
      rssOverTimeMb: Array.from({ length: 10 }, (_, tenth) => mb(memory.samples[Math.floor((tenth * memory.samples.length) / 10)]?.rss ?? 0)),
      limitMb: target.name === 'postgres' ? LIMIT_MB : 'none (the embedded database lives in the process)',
    };
    report(`memory on ${target.name}`, figures);
    expect(load.failures).toEqual([]);
    expect(server.alive()).toBe(true);
    if (target.name === 'postgres') expect(peak).toBeLessThan(LIMIT_MB * MB);
  });
});
