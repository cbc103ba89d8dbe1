import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';

export interface TestDatabaseTarget {
  /** Shown in test names: `pglite` or `postgres`. */
  name: 'pglite' | 'postgres';
  /** A fresh, migrated database that belongs to the caller alone. */
  open(): Promise<Database>;
}

/**
 * The databases every database test runs against: the embedded PGlite always, and a real
 * PostgreSQL server too when TEST_DATABASE_URL is set (CI sets it). Each `open()` gets its own
 * in-memory PGlite or its own schema on the server, dropped on close.
 */
export function testDatabases(): TestDatabaseTarget[] {
  const targets: TestDatabaseTarget[] = [{ name: 'pglite', open: openPglite }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) targets.push({ name: 'postgres', open: () => openPostgresSchema(url) });
  return targets;
}

async function openPglite(): Promise<Database> {
  const template = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
  const database = await openDatabase({ dataDir: 'memory://', template });
  // The template is migrated already; this proves it and catches a stale one.
  await migrateToLatest(database.db);
  return database;
}

async function openPostgresSchema(url: string): Promise<Database> {
  const schema = `test_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: url, schema, poolSize: 5 });
  await migrateToLatest(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
