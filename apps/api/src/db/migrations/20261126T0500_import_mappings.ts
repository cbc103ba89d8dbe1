import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// What an organisation told the importer about its own spreadsheets (issue 12): which field a
// heading the dictionary does not know holds, and which kind its format words mean. One row per
// organisation, gone with it.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE import_mappings (
      org_id uuid PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
      columns jsonb NOT NULL DEFAULT '{}'::jsonb,
      formats jsonb NOT NULL DEFAULT '{}'::jsonb,
      updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE import_mappings`.execute(db);
}
