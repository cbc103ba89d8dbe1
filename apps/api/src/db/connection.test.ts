import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection.js';
import { isDatabaseUnavailable } from './unavailable.js';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('a server connection that dies while a request holds it', () => {
  it('fails that request as unavailable without ending the process, and the pool replaces the connection', async () => {
    const reported: Error[] = [];
    // One connection, so that the next request shows whether the broken one was lent out again.
    const database = await openDatabase({ databaseUrl: url, poolSize: 1, onConnectionError: (error) => reported.push(error) });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      let first = -1;
      const outcome = database.db.transaction().execute(async (trx) => {
        first = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
        await admin.query('select pg_terminate_backend($1)', [first]);
        // The server's FATAL arrives while no statement runs: pg emits `error` on the lent client,
        // which ended the process when nothing listened.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sql`select 1`.execute(trx);
      });
      const error = await outcome.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
      expect(reported.length).toBeGreaterThan(0);
      const next = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0]!.pid;
      expect(next).not.toBe(first);
    } finally {
      await admin.end();
      await database.close();
    }
  });
});

describe.skipIf(!url)('a read replica whose connections are all lent out', () => {
  it('serves the read from the primary without taking the replica for down', async () => {
    const fallbacks: Error[] = [];
    // The same server under another application name: which pool answered is in the answer.
    const readUrl = new URL(url!);
    readUrl.searchParams.set('application_name', 'ritm-replica');
    const database = await openDatabase({ databaseUrl: url, readUrl: readUrl.href, readPoolSize: 1, onReplicaFallback: (error) => fallbacks.push(error) });
    const read = database.replica!.db;
    const servedBy = async () => (await sql<{ app: string }>`select current_setting('application_name') as app`.execute(read)).rows[0]!.app;
    try {
      expect(await servedBy()).toBe('ritm-replica');
      let release = () => {};
      const holding = new Promise<void>((resolve) => (release = resolve));
      let held = () => {};
      const isHeld = new Promise<void>((resolve) => (held = resolve));
      const holder = read.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        held();
        await holding;
      });
      await isHeld;
      // Waits the connection timeout for the one replica connection, then takes the primary's.
      expect(await servedBy()).not.toBe('ritm-replica');
      release();
      await holder;
      expect(fallbacks).toEqual([]);
      // Not sent to the primary for the next ten seconds, as after an outage: the replica again at once.
      expect(await servedBy()).toBe('ritm-replica');
    } finally {
      await database.close();
    }
  });
});
