import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedPool } from './prepared-pool.js';

// Prepared statements are a server matter: PGlite goes through its own driver.
const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('preparedPool on a PostgreSQL server', () => {
  let pool: pg.Pool;

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: url, max: 1 });
  });
  afterAll(() => pool.end());

  const prepared = async (client: { query(text: string, values: readonly unknown[]): Promise<{ rows: unknown[] }> }) =>
    ((await client.query('select statement from pg_prepared_statements where statement like $1 order by statement', ['%ritm-test%'])).rows as { statement: string }[]).map(
      (row) => row.statement,
    );

  it('prepares a parameterised statement once per connection and answers every run', async () => {
    const client = await preparedPool(pool).connect();
    try {
      const sums = [];
      for (const n of [1, 2, 3]) sums.push((await client.query<{ n: number }>('select $1::int + 1 as n -- ritm-test once', [n])).rows[0]!.n);
      expect(sums).toEqual([2, 3, 4]);
      expect(await prepared(client)).toEqual(['select $1::int + 1 as n -- ritm-test once']);
    } finally {
      client.release();
    }
  });

  it('runs statements without parameters unprepared, several commands in one text included', async () => {
    const client = await preparedPool(pool).connect();
    try {
      const result = await client.query('select 1 -- ritm-test plain\n; select 2 -- ritm-test plain', []);
      expect(result).toBeDefined();
      expect((await prepared(client)).filter((s) => s.includes('plain'))).toEqual([]);
    } finally {
      client.release();
    }
  });

  it('stops naming new texts at the per-connection bound and still runs them', async () => {
    const fresh = new pg.Pool({ connectionString: url, max: 1 });
    const client = await preparedPool(fresh, { maxPerConnection: 2 }).connect();
    try {
      for (let i = 0; i < 5; i++) {
        const { rows } = await client.query<{ n: number }>(`select $1::int as n -- ritm-test bound ${i}`, [i]);
        expect(rows[0]!.n).toBe(i);
      }
      expect((await prepared(client)).filter((s) => s.includes('bound'))).toHaveLength(2);
    } finally {
      client.release();
      await fresh.end();
    }
  });

  it('hands Kysely the same client object for the same connection', async () => {
    const kyselyPool = preparedPool(pool);
    const first = await kyselyPool.connect();
    first.release();
    const second = await kyselyPool.connect();
    second.release();
    expect(second).toBe(first);
  });
});
