import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// What people are told (issue 14).
//
// `notifications`: one row per person per thing they were told, written in the transaction of the
// change that caused it. `subject` makes telling twice impossible: one row per person, kind and
// subject (a plan's submission with its version, a norm's period, a digest's week). `payload` is
// what the text needs, copied when it was made. `mailed_at` is set once the row went into a mail
// (or was judged not to be mailed: `mail_skipped`), so pacing and daily gathering pick up exactly
// the rows still waiting.
//
// `notification_preferences`: a person's choices (a JSON document shaped by the domain's
// `NotificationPreferences`; absent keys take the defaults) and the secret of their one-click
// unsubscribe links.
//
// `mail_outbox`: every mail to send, written in a transaction with what it says, delivered by a
// job, retried with growing waits, and kept as `failed` with the SMTP server's answer once the
// attempts are spent — never dropped. `lease_until` lets one process deliver a row at a time.
//
// `digest_runs`: one row per person per digest week; the unique key is what keeps two processes
// (or a rerun) from sending a week's digest twice.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      org_id uuid REFERENCES organisations(id) ON DELETE CASCADE,
      kind text NOT NULL,
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      mailed_at timestamptz,
      mail_skipped boolean NOT NULL DEFAULT false,
      mail_id uuid
    )
  `.execute(db);
  await sql`CREATE UNIQUE INDEX notifications_once ON notifications (user_id, kind, subject)`.execute(db);
  await sql`CREATE INDEX notifications_of_user ON notifications (user_id, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL`.execute(db);
  await sql`CREATE INDEX notifications_to_mail ON notifications (user_id, kind, created_at) WHERE mailed_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE notification_preferences (
      user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      preferences jsonb NOT NULL DEFAULT '{}',
      unsubscribe_secret text NOT NULL UNIQUE,
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);

  await sql`
    CREATE TABLE mail_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      kind text NOT NULL,
      to_address text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}',
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      lease_until timestamptz,
      last_error text,
      message_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )
  `.execute(db);
  await sql`CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE state = 'pending'`.execute(db);
  await sql`CREATE INDEX mail_outbox_recent ON mail_outbox (user_id, kind, created_at DESC)`.execute(db);
  await sql`ALTER TABLE notifications ADD CONSTRAINT notifications_mail FOREIGN KEY (mail_id) REFERENCES mail_outbox(id) ON DELETE SET NULL`.execute(db);

  await sql`
    CREATE TABLE digest_runs (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      week text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      mail_id uuid REFERENCES mail_outbox(id) ON DELETE SET NULL,
      PRIMARY KEY (user_id, week)
    )
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE digest_runs`.execute(db);
  await sql`DROP TABLE notifications`.execute(db);
  await sql`DROP TABLE mail_outbox`.execute(db);
  await sql`DROP TABLE notification_preferences`.execute(db);
}
