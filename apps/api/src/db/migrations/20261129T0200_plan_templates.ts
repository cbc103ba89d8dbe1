import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Plan templates (issue 15): a week, month or quarter of a plan saved as entries placed relative
// to the period. Entries are one JSON array rather than a table of rows: a template is read and
// written whole (saved from a period, edited in one form, applied at once), entries name channels,
// audiences and key messages by name rather than by id, so nothing references into them. A
// template goes with its organisation; `share_down` lets the organisations below see and apply it.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE plan_templates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      span text NOT NULL CHECK (span IN ('week', 'month', 'quarter')),
      share_down boolean NOT NULL DEFAULT false,
      entries jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(entries) = 'array' AND jsonb_array_length(entries) <= 500),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Lists read an organisation's own templates and those its ancestors share down.
  await sql`CREATE INDEX plan_templates_org ON plan_templates (org_id, name)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE plan_templates`.execute(db);
}
