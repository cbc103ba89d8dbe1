import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTree } from '../../bench/dataset.js';
import { loadToken, measureServe, MIX, mixedLoad, readTree, RSS_AIM_MB, type Tree } from '../../bench/memory.part.js';
import { openDatabase, type Database } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { report, scale } from './scale.js';

// Part 6: the resident memory of `ritm serve` under the mixed load of `pnpm bench:api --only
// memory` (bench/memory.part.ts): a realistic tree (the bench's generator, 10× smaller in the full
// run), then requests that never repeat: summaries and period tables of subtrees large and small,
// one centre's compliance, months of item lists, item exports, district reports, item creations.
// The caches keep at most RITM_CACHE_MB (32 by default) whatever the mix, and trees are judged a
// bounded number of organisations at a time; the whole process must stay under 300 MB resident
// on a PostgreSQL server. On the embedded database the process holds the database too (its
// WebAssembly memory), so there the figures are printed, not bounded.
const SHAPE = scale({ districts: 10, centresPerDistrict: 25, items: 100_000 }, { districts: 4, centresPerDistrict: 10, items: 10_000 });
const REQUESTS = scale(20_000, 600);
const CLIENTS = 6;
const TODAY = '2026-11-22';
const SETTLE_MS = scale(5_000, 2_000);

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

const targets: Target[] = [...(process.env.TEST_DATABASE_URL ? [postgresTarget(process.env.TEST_DATABASE_URL)] : []), pgliteTarget()];

describe.each(targets)('resident memory of ritm serve under the mixed load on $name', (target) => {
  afterAll(() => target.cleanup());

  it(`stays bounded over ${REQUESTS} requests`, async () => {
    const { database, env } = await target.prepare();
    let tree: Tree;
    let token: string;
    try {
      await migrateToLatest(database.db);
      await generateTree(database.db, { ...SHAPE, today: TODAY });
      tree = await readTree(database.db);
      token = await loadToken(database.db, 'memory@ritm.local');
    } finally {
      await database.close();
    }

    // Through bin/ritm.mjs, as an operator runs it, with the node flags of its first line.
    const cacheMb = process.env.RITM_CACHE_MB || '32';
    const figures = await measureServe(
      { ...env, RITM_CACHE_MB: cacheMb },
      (url) => mixedLoad(url, token, tree, { clients: CLIENTS, today: TODAY, stop: (made) => made >= REQUESTS }),
      SETTLE_MS,
    );
    report(`memory on ${target.name}`, {
      organisations: 1 + tree.districts.length + tree.centres.length,
      items: SHAPE.items,
      cacheMb: Number(cacheMb),
      ...figures,
      limitMb: target.name === 'postgres' ? RSS_AIM_MB : 'none (the embedded database lives in the process)',
    });
    // Not vacuous: every request was made and answered, and of every kind.
    const { load } = figures;
    expect(load.failures).toEqual([]);
    expect(load.requests).toBe(REQUESTS);
    expect((load.statuses['200'] ?? 0) + (load.statuses['201'] ?? 0)).toBe(REQUESTS);
    expect(Object.keys(load.kinds).sort()).toEqual([...new Set(MIX)].sort());
    if (target.name === 'postgres') expect(figures.peakRss).toBeLessThan(RSS_AIM_MB);
  });
});
