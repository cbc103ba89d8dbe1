import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Plans as signed documents (issue 11). An approval records a snapshot of the plan's items as
// the director saw them, with the approver's name at the time; every approval is kept, so the
// history of what was signed survives reopening and re-approval. A plan whose period has an item
// created, edited, moved or deleted after approval is `changed` until approved again. A returned
// plan keeps the director's comment (and who, when) until it is submitted again.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE media_plans DROP CONSTRAINT media_plans_status_check`.execute(db);
  await sql`ALTER TABLE media_plans ADD CONSTRAINT media_plans_status_check CHECK (status IN ('draft','submitted','approved','changed','archived'))`.execute(db);
  await sql`
    ALTER TABLE media_plans
      ADD COLUMN return_comment text,
      ADD COLUMN returned_by uuid REFERENCES users(id) ON DELETE SET NULL,
      ADD COLUMN returned_at timestamptz`.execute(db);
  await sql`
    CREATE TABLE plan_approvals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES media_plans(id) ON DELETE CASCADE,
      approved_by uuid REFERENCES users(id) ON DELETE SET NULL,
      approver_name text NOT NULL,
      approved_at timestamptz NOT NULL,
      items jsonb NOT NULL,
      names jsonb NOT NULL DEFAULT '{}'::jsonb
    )`.execute(db);
  await sql`CREATE INDEX plan_approvals_plan_at ON plan_approvals (plan_id, approved_at DESC)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE plan_approvals`.execute(db);
  await sql`UPDATE media_plans SET status = 'approved' WHERE status = 'changed'`.execute(db);
  await sql`ALTER TABLE media_plans DROP COLUMN return_comment, DROP COLUMN returned_by, DROP COLUMN returned_at`.execute(db);
  await sql`ALTER TABLE media_plans DROP CONSTRAINT media_plans_status_check`.execute(db);
  await sql`ALTER TABLE media_plans ADD CONSTRAINT media_plans_status_check CHECK (status IN ('draft','submitted','approved','archived'))`.execute(db);
}
