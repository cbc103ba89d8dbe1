import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Private calendar feeds (issue 12): a user's subscription address for chosen organisations and
// channels. Only the secret's hash is stored, as for API tokens. Organisations and channels are
// kept as id arrays and checked against the owner's current roles on every fetch, so a feed never
// outlives its owner's access; the owner's deletion removes their feeds. `content_hash` and
// `content_changed_at` give calendar clients a truthful Last-Modified: an item deleted or moved
// out of the feed changes the hash even though no remaining row is newer.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE calendar_feeds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      org_ids uuid[] NOT NULL CHECK (cardinality(org_ids) BETWEEN 1 AND 50),
      include_subtree boolean NOT NULL DEFAULT false,
      channel_ids uuid[] NOT NULL DEFAULT '{}',
      statuses text[] NOT NULL CHECK (cardinality(statuses) >= 1),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      content_hash text,
      content_changed_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX calendar_feeds_user ON calendar_feeds (user_id) WHERE revoked_at IS NULL`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE calendar_feeds`.execute(db);
}
