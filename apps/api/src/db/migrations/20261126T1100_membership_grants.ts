import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// People and roles (issue 16): who gave each role and when, and a user who signs in with a
// temporary password an administrator was shown must choose their own first. Roles given before
// this migration keep null: who gave them is unknown, and the admin says so rather than guess.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE memberships
      ADD COLUMN granted_by uuid REFERENCES users(id) ON DELETE SET NULL,
      ADD COLUMN granted_at timestamptz`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN must_change_password`.execute(db);
  await sql`ALTER TABLE memberships DROP COLUMN granted_at, DROP COLUMN granted_by`.execute(db);
}
