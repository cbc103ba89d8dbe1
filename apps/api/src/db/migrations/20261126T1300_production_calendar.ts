import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// The Russian production calendar (issue 16). `production_calendar_days` holds the federal
// calendar (org_id NULL, kept by the system administrator) and organisations' own entries, which
// bind their subtree (a region's holidays). `production_calendar_years` remembers which shipped
// years were written into the federal calendar and with which content (a hash), and whether
// anyone changed that year since: the application fills a year it ships once, replaces it when a
// later release ships it differently, and never touches a year someone edited.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE production_calendar_days (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid REFERENCES organisations(id) ON DELETE CASCADE,
      day date NOT NULL CHECK (day BETWEEN '2000-01-01' AND '2100-12-31'),
      kind text NOT NULL CHECK (kind IN ('holiday', 'working_weekend', 'short_day')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      source text NOT NULL DEFAULT '' CHECK (length(source) <= 500),
      shipped boolean NOT NULL DEFAULT false,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // One entry a day per calendar: the federal one, and each organisation's.
  await sql`CREATE UNIQUE INDEX production_calendar_federal_day ON production_calendar_days (day) WHERE org_id IS NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX production_calendar_org_day ON production_calendar_days (org_id, day) WHERE org_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE production_calendar_years (
      year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
      shipped_hash text NOT NULL,
      edited boolean NOT NULL DEFAULT false
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE production_calendar_years`.execute(db);
  await sql`DROP TABLE production_calendar_days`.execute(db);
}
