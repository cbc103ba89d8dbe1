import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Login limits that hold under concurrency. `login_attempts` was counted, then the password
// verified, then a failure recorded: 40 parallel guesses all read "0 failures" and were all
// verified. A throttle row per key (an account, an address, a known device, a user's
// current-password check) is now taken with one atomic upsert before verifying, and grants an
// attempt only when its delay has passed. `known_devices` remembers browsers that signed in, so
// that an attacker slowing an account down does not lock its owner out.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE login_attempts`.execute(db);
  await sql`
    CREATE TABLE login_throttle (
      key text PRIMARY KEY,
      attempts integer NOT NULL CHECK (attempts >= 0),
      next_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX login_throttle_updated ON login_throttle (updated_at)`.execute(db);
  await sql`
    CREATE TABLE known_devices (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX known_devices_user ON known_devices (user_id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE known_devices`.execute(db);
  await sql`DROP TABLE login_throttle`.execute(db);
  await sql`
    CREATE TABLE login_attempts (
      id bigserial PRIMARY KEY,
      email text NOT NULL,
      ip text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX login_attempts_email ON login_attempts (lower(email), at)`.execute(db);
  await sql`CREATE INDEX login_attempts_ip ON login_attempts (ip, at)`.execute(db);
}
