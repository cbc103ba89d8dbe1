import { Migrator, sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';
import { migrationProvider } from './migrations/index.js';

export interface MigrationOutcome {
  applied: string[];
}

/** Brings the database to the latest schema; each migration runs in its own transaction. */
export async function migrateToLatest(db: Kysely<DB>): Promise<MigrationOutcome> {
  // Named, because Kysely otherwise takes a migration table in ANY schema for its own: a second
  // schema of the same database (another deployment, a parallel test file) would skip creating
  // its table and then fail to find it.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: rows[0]!.schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
