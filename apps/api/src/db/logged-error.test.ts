import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/app.js';
import { testDatabases } from '../../test/databases.js';
import { buildApp, type App } from '../app.js';
import type { Database } from './connection.js';
import { LOGGED_SQL_LENGTH, serializeError } from './logged-error.js';
import { isDatabaseUnavailable } from './unavailable.js';

const LOGGED_TEXT_LENGTH_FOR_TEST = 2100;

describe('serializeError', () => {
  it('counts a statement’s parameters and cuts its SQL, keeping the server’s fields', () => {
    const error = Object.assign(new Error('bind message has 13392 parameter formats but 0 parameters'), {
      code: '08P01',
      query: `insert into items (org_id, title) values ${'($1, $2), '.repeat(10_000)}`,
      params: Array.from({ length: 20_000 }, () => 'x'.repeat(100)),
      queryOptions: { rowMode: 'array' },
    });
    const logged = serializeError(error);
    expect(logged).toMatchObject({ type: 'Error', code: '08P01', message: error.message, params: '[20000 parameters]' });
    expect(logged.query).toMatch(/^insert into items \(org_id, title\) values/);
    expect((logged.query as string).length).toBeLessThan(LOGGED_SQL_LENGTH + 40);
    expect(logged).not.toHaveProperty('queryOptions');
    expect(JSON.stringify(logged).length).toBeLessThan(5000);
  });

  it('cuts a long message and treats a cause, an aggregate and a compiled statement alike', () => {
    const inner = Object.assign(new Error(`invalid input syntax for type integer: "${'9'.repeat(100_000)}"`), { code: '22P02' });
    const compiled = { sql: `select ${'$1, '.repeat(50_000)}`, parameters: Array.from({ length: 50_000 }, () => 1) };
    const outer = Object.assign(new Error('insert failed', { cause: inner }), { compiled });
    const logged = serializeError(new AggregateError([outer], 'every try failed'));
    const text = JSON.stringify(logged);
    expect(text.length).toBeLessThan(12_000);
    expect(text).toContain('"code":"22P02"');
    expect(text).toContain('[50000 parameters]');
  });

  it('keeps where an error happened however long its message: the message is cut, the frames kept', () => {
    function failingHere(): Error {
      return new Error(`value too long: ${'я'.repeat(100_000)}`);
    }
    const logged = serializeError(failingHere());
    expect(logged.stack.length).toBeLessThan(LOGGED_TEXT_LENGTH_FOR_TEST + 20 * 500);
    expect(logged.stack).toContain('(100023 characters)');
    expect(logged.stack).toMatch(/\n\s+at failingHere /);
  });

  it('passes anything but an error as it is', () => {
    expect(serializeError('text' as unknown as Error)).toBe('text');
  });
});

/** An app whose log lines are kept, with a route that runs `statement` and lets its error reach the error handler. */
async function appLogging(database: Database, run: (database: Database) => Promise<unknown>): Promise<{ app: App; lines: string[] }> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  const app = await buildApp({ config: testConfig(), database, logger: { level: 'info', stream } });
  app.get('/failing-statement', async () => run(database));
  await app.ready();
  return { app, lines };
}

describe.each(testDatabases())('a statement of too many parameters on $name', ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database?.close());

  it('logs a line of a few kilobytes for a statement the server refuses, without its values (found by a probe)', async () => {
    // 70,000 parameters of 100 characters: the count wraps to 4,464, the server refuses the bind (08P01).
    const values = Array.from({ length: 70_000 }, (_, i) => `${i}`.padStart(100, 'x'));
    const statement = sql`select cardinality(array[${sql.join(values)}]::text[]) as n`;
    const { app, lines } = await appLogging(database, (db) => statement.execute(db.db));
    try {
      const answer = await app.inject({ method: 'GET', url: '/failing-statement' });
      // Class 08 is the connection failing, as a pooler reports its own disconnects (README).
      expect(answer.statusCode, answer.body).toBe(503);
      expect(answer.json().error.code).toBe('unavailable');
      const failed = lines.map((line) => JSON.parse(line) as { msg: string; err?: { code?: string; message: string } }).find((line) => line.msg === 'database unavailable');
      expect(failed?.err?.code).toBe('08P01');
      expect(isDatabaseUnavailable(failed?.err)).toBe(true);
      const line = lines.find((text) => text.includes('database unavailable'))!;
      expect(line.length).toBeLessThan(10_000);
      expect(line).not.toContain(values[1000]);
      // The database still answers on the connection pool afterwards.
      expect((await sql<{ one: number }>`select 1 as one`.execute(database.db)).rows).toEqual([{ one: 1 }]);
    } finally {
      await app.close();
    }
  });
});
