import { Migrator, sql, type DatabaseIntrospector, type Kysely, type SchemaMetadata, type TableMetadata } from 'kysely';
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
  const schema = rows[0]!.schema;
  const migrator = new Migrator({ db: withIntrospector(db, schemaIntrospector(db, schema)), provider: migrationProvider, migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/**
 * What the migrator asks of the database's catalogue (does its table exist?), answered from our
 * schema alone. Kysely's own introspector reads every column of every schema, and a schema
 * dropped meanwhile by another deployment or test file failed the migration with «schema … does
 * not exist» (seen twice in one run of the suite on a shared server).
 */
function schemaIntrospector(db: Kysely<DB>, schema: string): DatabaseIntrospector {
  const tables = async (): Promise<TableMetadata[]> => {
    const { rows } = await sql<{ name: string; view: boolean }>`
      select table_name as name, table_type = 'VIEW' as view from information_schema.tables where table_schema = ${schema}`.execute(db);
    return rows.map(({ name, view }) => ({ name, schema, isView: view, columns: [] }));
  };
  return {
    getSchemas: async (): Promise<SchemaMetadata[]> => {
      const { rows } = await sql<{ name: string }>`select nspname as name from pg_namespace where nspname = ${schema}`.execute(db);
      return rows;
    },
    getTables: tables,
    getMetadata: async () => ({ tables: await tables() }),
  };
}

// `db` with another introspector: Kysely's methods run on the instance itself (they read its private fields).
function withIntrospector(db: Kysely<DB>, introspection: DatabaseIntrospector): Kysely<DB> {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
