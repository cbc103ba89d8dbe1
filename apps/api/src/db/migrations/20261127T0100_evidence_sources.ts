import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Evidence sources (issue 13): the places a channel's posts can be read from (a feed, a VK wall,
// a Telegram channel, uploaded exports and statistics) and the posts read from them.
//
// `evidence_sources`: `token_sealed` is the token sealed with AES-256-GCM under RITM_SECRET_KEY
// (never the token itself); `state` is what the last read left for the next one (ETag,
// Last-Modified, a Telegram update offset). The scheduler claims due rows by `next_fetch_at` with
// a `lease_until`, so two API processes never read one source at once; failures back off through
// `failures_in_a_row`. `last_error` is `{code, params, at}` as the editor is shown it.
//
// `evidence_posts`: one row per post of a source, unique by the source's own id of it, so reading
// again only updates reach. `item_id` is the item the post proves (the planned one it matched, or
// the unplanned one Ritm made: `created_item`); `previous` keeps what the match overwrote on the
// item, so that re-linking or ignoring the post can put it back. `items.reach_read_at`: when the
// item's reach was last read from a post.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE evidence_sources (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      type text NOT NULL CHECK (type IN ('feed', 'vk', 'telegram_bot', 'telegram_export', 'stats_csv')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      url text,
      target text,
      token_sealed text,
      token_fingerprint text,
      enabled boolean NOT NULL DEFAULT true,
      interval_minutes integer CHECK (interval_minutes BETWEEN 5 AND 1440),
      state jsonb NOT NULL DEFAULT '{}',
      last_fetched_at timestamptz,
      last_success_at timestamptz,
      next_fetch_at timestamptz,
      lease_until timestamptz,
      failures_in_a_row integer NOT NULL DEFAULT 0 CHECK (failures_in_a_row >= 0),
      last_error jsonb,
      version integer NOT NULL DEFAULT 1,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // A Telegram bot's updates are the bot's, not a chat's: each read confirms (so deletes) them
  // for every chat, so one bot token may feed one source only.
  await sql`CREATE UNIQUE INDEX evidence_sources_bot_token ON evidence_sources (token_fingerprint) WHERE type = 'telegram_bot'`.execute(db);
  await sql`CREATE INDEX evidence_sources_channel ON evidence_sources (channel_id, created_at)`.execute(db);
  await sql`CREATE INDEX evidence_sources_org ON evidence_sources (org_id, created_at)`.execute(db);
  // The scheduler's question every tick: which enabled sources are due.
  await sql`CREATE INDEX evidence_sources_due ON evidence_sources (next_fetch_at) WHERE enabled AND next_fetch_at IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE evidence_posts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      source_id uuid NOT NULL REFERENCES evidence_sources(id) ON DELETE CASCADE,
      channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      external_id text NOT NULL,
      url text,
      title text NOT NULL,
      text text NOT NULL,
      published_at timestamptz NOT NULL,
      local_day date NOT NULL,
      views integer,
      likes integer,
      reposts integer,
      comments integer,
      reach_read_at timestamptz,
      state text NOT NULL CHECK (state IN ('matched', 'unplanned', 'confirmed', 'ignored')),
      item_id uuid REFERENCES items(id) ON DELETE SET NULL,
      created_item boolean NOT NULL DEFAULT false,
      previous jsonb,
      reason jsonb,
      reviewed_by uuid REFERENCES users(id) ON DELETE SET NULL,
      reviewed_at timestamptz,
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source_id, external_id)
    )`.execute(db);
  // The review screen: an organisation's posts awaiting review, newest first.
  await sql`CREATE INDEX evidence_posts_review ON evidence_posts (org_id, state, published_at DESC)`.execute(db);
  // Whether an item is linked to a post already (matching), and undoing a link.
  await sql`CREATE INDEX evidence_posts_item ON evidence_posts (item_id) WHERE item_id IS NOT NULL`.execute(db);
  // Statistics rows name posts by link or by day on a channel.
  await sql`CREATE INDEX evidence_posts_channel_day ON evidence_posts (channel_id, local_day)`.execute(db);

  await sql`ALTER TABLE items ADD COLUMN reach_read_at timestamptz`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE items DROP COLUMN reach_read_at`.execute(db);
  await sql`DROP TABLE evidence_posts`.execute(db);
  await sql`DROP TABLE evidence_sources`.execute(db);
}
