import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRitm, type RitmProcess } from './ritm-process.js';

const url = process.env.TEST_DATABASE_URL;

/**
 * Two `ritm serve` processes on one PostgreSQL server, both working jobs (issue 14): each schedule
 * runs once per minute, not once per process. Its own database on the test server, dropped after.
 */
describe.skipIf(!url)('two API processes on one PostgreSQL server', () => {
  const database = `ritm_jobs_${randomUUID().replaceAll('-', '')}`;
  const servers: RitmProcess[] = [];
  let databaseUrl: string;

  async function admin<T>(work: (client: pg.Client) => Promise<T>, connectionString = url!): Promise<T> {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await admin((client) => client.query(`CREATE DATABASE ${database}`));
    const parsed = new URL(url!);
    parsed.pathname = `/${database}`;
    databaseUrl = parsed.toString();
    for (let i = 0; i < 2; i++) {
      const env = { HOME: os.tmpdir(), DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PORT: '0', RITM_ADMIN_DIST: path.join(os.tmpdir(), 'no-admin') };
      servers.push(startRitm(['serve'], env));
      // One after the other: the first migrates, the second finds it done.
      await servers[i]!.listening;
    }
  }, 180_000);

  afterAll(async () => {
    for (const server of servers) {
      if (server.alive()) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('runs the per-minute evidence reading once a minute, not once per process', async () => {
    const runs = () =>
      admin(async (client) => {
        const result = await client.query<{ created: Date }>(`
          select created_on as created from pgboss.job where name = 'evidence.read-due' and state = 'completed' order by created_on`);
        return result.rows.map((row) => row.created.getTime());
      }, databaseUrl);
    // pg-boss sends a schedule's job through its own queue, polled every 5 s: a minute's job sent at
    // :59 is created in the next minute, beside that minute's own. So runs are not grouped by the
    // minute they were created in; instead k runs, one per scheduled minute, span more than k − 2
    // whole minutes less that delay. Once per process would give pairs seconds apart (the second
    // process starts a few seconds after the first): four runs within about a minute.
    const wanted = 4;
    const delayMs = 20_000;
    const deadline = Date.now() + 330_000;
    let created = await runs();
    while (created.length < wanted) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${wanted} scheduled runs (got ${created.length})`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      created = await runs();
    }
    const span = created.at(-1)! - created[0]!;
    expect(span, created.map((at) => new Date(at).toISOString()).join(', ')).toBeGreaterThan((created.length - 2) * 60_000 - delayMs);
    // Both processes are alive and say all moves.
    for (const server of servers) {
      const health = await fetch(`${await server.listening}/api/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', database: { kind: 'postgres', reachable: true }, jobs: { working: true, stuck: [] } });
    }
  }, 360_000);
});
