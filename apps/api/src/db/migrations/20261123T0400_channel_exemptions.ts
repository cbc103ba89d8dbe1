import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// An exemption may waive a per-channel norm on one channel only (a VK community blocked for a
// month does not excuse the Telegram channel). A deleted channel takes its exemptions with it.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE exemptions ADD COLUMN channel_id uuid REFERENCES channels(id) ON DELETE CASCADE`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE exemptions DROP COLUMN channel_id`.execute(db);
}
