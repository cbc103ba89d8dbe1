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
        const result = await client.query<{ minute: Date; runs: number; completed: number }>(`
          select date_trunc('minute', created_on) as minute, count(*)::int as runs, count(*) filter (where state = 'completed')::int as completed
          from pgboss.job where name = 'evidence.read-due' group by 1 order by 1`);
        return result.rows;
      }, databaseUrl);
    const deadline = Date.now() + 150_000;
    while ((await runs()).filter((r) => r.completed > 0).length < 2) {
      if (Date.now() > deadline) throw new Error('timed out waiting for two minutes of scheduled runs');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    const minutes = await runs();
    expect(minutes.length).toBeGreaterThanOrEqual(2);
    for (const minute of minutes) expect(minute.runs, minute.minute.toISOString()).toBe(1);
    // Both processes are alive and say all moves.
    for (const server of servers) {
      const health = await fetch(`${await server.listening}/api/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', database: { kind: 'postgres', reachable: true }, jobs: { working: true, stuck: [] } });
    }
  }, 200_000);
});
