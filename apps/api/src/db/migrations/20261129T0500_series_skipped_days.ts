import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Recurring items (issue 15, review): the days a series skipped as non-working, apart from the
// exception dates a user made by deleting an occurrence. Both stay in `exdates` (what the rule
// leaves out); turning `skip_non_working_days` off brings back only these, never a deletion.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE item_series ADD COLUMN skipped_days date[] NOT NULL DEFAULT '{}'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE item_series DROP COLUMN skipped_days`.execute(db);
}
