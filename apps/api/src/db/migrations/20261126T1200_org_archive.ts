import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Archiving an organisation (issue 16): its history stays, nothing in it changes until it is
// unarchived, and it (with its subtree) is no longer judged in the summaries of the
// organisations above it. Only the archived organisation itself is marked: those below it are
// archived with it by their path, so unarchiving gives back exactly what was there, and one
// archived earlier on its own stays archived. Who archived it is kept while the user exists.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE organisations ADD COLUMN archived_at timestamptz`.execute(db);
  await sql`ALTER TABLE organisations ADD COLUMN archived_by uuid REFERENCES users(id) ON DELETE SET NULL`.execute(db);
  // Summaries and writes ask "is anything above this archived?": few rows are, so a partial index.
  await sql`CREATE INDEX organisations_archived ON organisations (path) WHERE archived_at IS NOT NULL`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX organisations_archived`.execute(db);
  await sql`ALTER TABLE organisations DROP COLUMN archived_by`.execute(db);
  await sql`ALTER TABLE organisations DROP COLUMN archived_at`.execute(db);
}
