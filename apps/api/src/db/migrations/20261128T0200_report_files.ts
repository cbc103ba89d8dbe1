import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Reports prepared in the background (issue 14). A report of a large subtree takes long, so it may
// be asked for as a job: a row is written `queued`, the job `reports.build` marks it `running`,
// builds the file with the same code as the streamed report and keeps its bytes here (`ready`), or
// keeps why it failed (`failed`: a catalogue message, rendered in the reader's language). Only the
// person who asked sees it. Every row is removed at `expires_at` (a week after it was asked for)
// by the daily job `reports.cleanup`, so files never pile up. The bytes live in the database, not
// on disk: every API process serving the database can hand out what any of them built.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE report_files (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      requested_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('compliance', 'annual-review')),
      format text NOT NULL CHECK (format IN ('xlsx', 'pdf')),
      spec jsonb NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'ready', 'failed')),
      file_name text NOT NULL,
      content bytea,
      size integer CHECK (size >= 0),
      error jsonb,
      requested_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      expires_at timestamptz NOT NULL,
      CHECK ((status = 'ready') = (content IS NOT NULL)),
      CHECK ((status = 'failed') = (error IS NOT NULL))
    )
  `.execute(db);
  await sql`CREATE INDEX report_files_of_requester ON report_files (requested_by, org_id, requested_at DESC)`.execute(db);
  await sql`CREATE INDEX report_files_expiry ON report_files (expires_at)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE report_files`.execute(db);
}
