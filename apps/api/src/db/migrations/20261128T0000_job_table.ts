import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// The embedded database's job store (issue 14). On a PostgreSQL server pg-boss keeps jobs in a
// schema of its own; PGlite runs the same job definitions from this table, worked by the one
// process that holds the data folder (the table runner, `jobs/table-runner.ts`).
//
// A job is `created` until its `start_after`, `active` while a try runs (until `expires_at`: a
// try past it is taken as dead and retried), then `completed` or, once its tries are spent,
// `failed` with the last error. A retry goes back to `created` with a later `start_after`.
// `slot` is the cron minute a scheduled job was made for: unique with the name, it is what runs
// a schedule once per minute however many runners look. `singleton_key` keeps one job per key
// waiting or running.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE jobs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      data jsonb NOT NULL DEFAULT '{}',
      state text NOT NULL DEFAULT 'created' CHECK (state IN ('created', 'active', 'completed', 'failed')),
      attempt integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
      max_attempts integer NOT NULL CHECK (max_attempts >= 1),
      retry_delay_seconds integer NOT NULL CHECK (retry_delay_seconds >= 0),
      expire_seconds integer NOT NULL CHECK (expire_seconds >= 1),
      singleton_key text,
      slot timestamptz,
      start_after timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      expires_at timestamptz,
      finished_at timestamptz,
      last_error text,
      last_error_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE UNIQUE INDEX jobs_once_per_slot ON jobs (name, slot) WHERE slot IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX jobs_singleton ON jobs (name, singleton_key) WHERE singleton_key IS NOT NULL AND state IN ('created', 'active')`.execute(db);
  await sql`CREATE INDEX jobs_due ON jobs (start_after) WHERE state = 'created'`.execute(db);
  await sql`CREATE INDEX jobs_running ON jobs (expires_at) WHERE state = 'active'`.execute(db);
  await sql`CREATE INDEX jobs_of_name ON jobs (name, created_at DESC)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE jobs`.execute(db);
}
