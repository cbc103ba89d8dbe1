import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Who last wrote an item, kept on the row so the calendar's conflict dialog can name them for
// every reader of the organisation (the audit log says the same, but only directors and admins
// may read it). Existing items were last written by whoever created them, as far as the row knows.
// A deleted user leaves the item with no last editor rather than blocking the delete.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE items ADD COLUMN updated_by uuid REFERENCES users(id) ON DELETE SET NULL`.execute(db);
  await sql`UPDATE items SET updated_by = created_by`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE items DROP COLUMN updated_by`.execute(db);
}
