import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Norm governance (issue 11). A norm set above binds the organisations below it; loosening or
// switching it off there is an adjustment, made only by a director or administrator of the
// organisation that set it (or one above) with a reason. The override row records who made it,
// when and why, so that the dashboard can show it and an editor's later edit cannot hide it.
//
// Existing rows are left as they are: rows switched off or loosened before this migration carry no
// adjustment (nobody can say now who did it, or why), and no existing norm gets an `effectiveFrom`
// here. Giving norms a start date from now on (the API does so for norms added without one) must
// not silently rewrite the history a deployment has already judged and reported.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE norms
      ADD COLUMN adjusted_by uuid REFERENCES users(id) ON DELETE SET NULL,
      ADD COLUMN adjusted_at timestamptz,
      ADD COLUMN adjust_reason text,
      ADD CONSTRAINT norms_adjustment_whole CHECK ((adjusted_at IS NULL) = (adjust_reason IS NULL))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE norms
      DROP CONSTRAINT norms_adjustment_whole,
      DROP COLUMN adjust_reason,
      DROP COLUMN adjusted_at,
      DROP COLUMN adjusted_by`.execute(db);
}
