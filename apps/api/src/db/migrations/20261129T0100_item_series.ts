import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Recurring items (issue 15): a series is an RRULE with its start (the first occurrence's `at`:
// a date, or an instant whose wall-clock time every occurrence keeps), its exception dates and
// what its occurrences share. Occurrences are ordinary items, made up to `materialised_until`
// (null once the rule has ended and all exist) and extended by the `series.extend` job.
// `items.series_day` is an occurrence's day on the rule (iCalendar's RECURRENCE-ID), kept when it
// is moved; the unique index makes a second extension of the same days impossible, so the job is
// idempotent. `series_detached` marks an occurrence changed alone: a change to the whole series
// leaves it be. Deleting a series leaves its done occurrences as plain items (SET NULL).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE item_series (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      rrule text NOT NULL,
      starts_at_date date,
      starts_at_instant timestamptz,
      start_day date NOT NULL,
      skip_non_working_days boolean NOT NULL DEFAULT false,
      exdates date[] NOT NULL DEFAULT '{}',
      materialised_until date,
      last_day date,
      template jsonb NOT NULL,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((starts_at_date IS NULL) <> (starts_at_instant IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX item_series_org ON item_series (org_id)`.execute(db);
  // The extension job reads the series still short of the horizon.
  await sql`CREATE INDEX item_series_to_extend ON item_series (materialised_until) WHERE materialised_until IS NOT NULL`.execute(db);
  await sql`ALTER TABLE items ADD COLUMN series_day date, ADD COLUMN series_detached boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE items ADD CONSTRAINT items_series_fk FOREIGN KEY (series_id) REFERENCES item_series(id) ON DELETE SET NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX items_series_day ON items (series_id, series_day) WHERE series_id IS NOT NULL`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX items_series_day`.execute(db);
  await sql`ALTER TABLE items DROP CONSTRAINT items_series_fk, DROP COLUMN series_day, DROP COLUMN series_detached`.execute(db);
  await sql`DROP TABLE item_series`.execute(db);
}
