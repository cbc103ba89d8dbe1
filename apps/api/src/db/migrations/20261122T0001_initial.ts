import { sql, type Kysely } from 'kysely';

// Frozen: this migration imports nothing from the application and must never change.
// It runs unchanged on PGlite and on a PostgreSQL server.

const timestamps = sql`created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now()`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE organisations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      parent_id uuid REFERENCES organisations(id) ON DELETE RESTRICT,
      -- Materialised path '/<root id>/…/<own id>/' so a subtree is one indexed prefix match.
      path text NOT NULL UNIQUE,
      depth integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('employment_authority','employment_center','union_central','union_territorial','union_primary','other')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
      timezone text NOT NULL DEFAULT 'Europe/Moscow',
      members integer CHECK (members >= 0),
      figures jsonb NOT NULL DEFAULT '{}'::jsonb,
      version integer NOT NULL DEFAULT 1,
      ${timestamps}
    )`.execute(db);
  await sql`CREATE INDEX organisations_path_prefix ON organisations (path text_pattern_ops)`.execute(db);
  await sql`CREATE INDEX organisations_parent ON organisations (parent_id)`.execute(db);

  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      name text NOT NULL DEFAULT '',
      password_hash text NOT NULL,
      is_admin boolean NOT NULL DEFAULT false,
      locale text NOT NULL DEFAULT 'ru' CHECK (locale IN ('ru','en')),
      disabled_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      ${timestamps}
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX users_email ON users (lower(email))`.execute(db);

  await sql`
    CREATE TABLE memberships (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('admin','director','editor','viewer')),
      version integer NOT NULL DEFAULT 1,
      ${timestamps},
      PRIMARY KEY (user_id, org_id)
    )`.execute(db);
  await sql`CREATE INDEX memberships_org ON memberships (org_id)`.execute(db);

  // Sessions live in the database so that several API processes can serve one database.
  await sql`
    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      user_agent text,
      ip text
    )`.execute(db);
  await sql`CREATE INDEX sessions_user ON sessions (user_id)`.execute(db);

  await sql`
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      expires_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);

  // Failed logins, per account and per address, for rate limiting that holds across processes.
  await sql`
    CREATE TABLE login_attempts (
      id bigserial PRIMARY KEY,
      email text NOT NULL,
      ip text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX login_attempts_email ON login_attempts (lower(email), at)`.execute(db);
  await sql`CREATE INDEX login_attempts_ip ON login_attempts (ip, at)`.execute(db);

  await sql`
    CREATE TABLE channels (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      type text NOT NULL,
      name text NOT NULL,
      url text,
      since date,
      active boolean NOT NULL DEFAULT true,
      version integer NOT NULL DEFAULT 1,
      ${timestamps}
    )`.execute(db);
  await sql`CREATE INDEX channels_org ON channels (org_id)`.execute(db);

  await sql`
    CREATE TABLE audiences (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      version integer NOT NULL DEFAULT 1,
      ${timestamps}
    )`.execute(db);
  await sql`CREATE INDEX audiences_org ON audiences (org_id)`.execute(db);

  await sql`
    CREATE TABLE key_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      text text NOT NULL,
      priority integer NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
      version integer NOT NULL DEFAULT 1,
      ${timestamps}
    )`.execute(db);
  await sql`CREATE INDEX key_messages_org ON key_messages (org_id)`.execute(db);
  await sql`
    CREATE TABLE key_message_audiences (
      key_message_id uuid NOT NULL REFERENCES key_messages(id) ON DELETE CASCADE,
      audience_id uuid NOT NULL REFERENCES audiences(id) ON DELETE CASCADE,
      PRIMARY KEY (key_message_id, audience_id)
    )`.execute(db);

  await sql`
    CREATE TABLE media_plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      period text NOT NULL CHECK (period IN ('week','month','quarter')),
      period_start date NOT NULL,
      title text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','approved','archived')),
      approved_by uuid REFERENCES users(id) ON DELETE SET NULL,
      approved_at timestamptz,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      version integer NOT NULL DEFAULT 1,
      ${timestamps},
      UNIQUE (org_id, period, period_start)
    )`.execute(db);

  await sql`
    CREATE TABLE items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      plan_id uuid REFERENCES media_plans(id) ON DELETE SET NULL,
      kind text NOT NULL,
      title text NOT NULL,
      news_hook text NOT NULL DEFAULT '',
      format text NOT NULL DEFAULT '',
      status text NOT NULL CHECK (status IN ('planned','in_progress','published','held','cancelled')),
      -- Exactly one of a local date or an instant, as in 'ritm check'.
      at_date date,
      at_instant timestamptz,
      -- The item's day in its organisation's time zone: derived from at_* and kept in step
      -- (also when the organisation's time zone changes) so that compliance can GROUP BY it.
      local_day date NOT NULL,
      responsible_id uuid REFERENCES users(id) ON DELETE SET NULL,
      published_at timestamptz,
      url text,
      views integer CHECK (views >= 0),
      likes integer CHECK (likes >= 0),
      reposts integer CHECK (reposts >= 0),
      comments integer CHECK (comments >= 0),
      notes text NOT NULL DEFAULT '',
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      version integer NOT NULL DEFAULT 1,
      ${timestamps},
      CHECK ((at_date IS NULL) <> (at_instant IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX items_org_day ON items (org_id, local_day)`.execute(db);
  await sql`CREATE INDEX items_plan ON items (plan_id)`.execute(db);

  await sql`
    CREATE TABLE item_channels (
      item_id uuid NOT NULL REFERENCES items(id) ON DELETE CASCADE,
      channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      PRIMARY KEY (item_id, channel_id)
    )`.execute(db);
  await sql`CREATE INDEX item_channels_channel ON item_channels (channel_id)`.execute(db);
  await sql`
    CREATE TABLE item_audiences (
      item_id uuid NOT NULL REFERENCES items(id) ON DELETE CASCADE,
      audience_id uuid NOT NULL REFERENCES audiences(id) ON DELETE CASCADE,
      PRIMARY KEY (item_id, audience_id)
    )`.execute(db);
  await sql`
    CREATE TABLE item_key_messages (
      item_id uuid NOT NULL REFERENCES items(id) ON DELETE CASCADE,
      key_message_id uuid NOT NULL REFERENCES key_messages(id) ON DELETE CASCADE,
      PRIMARY KEY (item_id, key_message_id)
    )`.execute(db);

  // A norm row is the rule as 'ritm check' reads it ('definition'), keyed by 'key' within the
  // organisation; a row with the same key lower in the tree overrides it for that subtree.
  await sql`
    CREATE TABLE norms (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      key text NOT NULL,
      preset text,
      definition jsonb NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      version integer NOT NULL DEFAULT 1,
      ${timestamps},
      UNIQUE (org_id, key)
    )`.execute(db);

  await sql`
    CREATE TABLE exemptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      norm_key text NOT NULL,
      date_from date NOT NULL,
      date_to date NOT NULL,
      reason text NOT NULL CHECK (length(reason) > 0),
      granted_by uuid REFERENCES users(id) ON DELETE SET NULL,
      version integer NOT NULL DEFAULT 1,
      ${timestamps},
      CHECK (date_from <= date_to)
    )`.execute(db);
  await sql`CREATE INDEX exemptions_org ON exemptions (org_id)`.execute(db);

  await sql`
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      org_id uuid REFERENCES organisations(id) ON DELETE SET NULL,
      user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      entity text NOT NULL,
      entity_id text NOT NULL,
      action text NOT NULL,
      before jsonb,
      after jsonb,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX audit_log_org_at ON audit_log (org_id, at DESC)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log', 'exemptions', 'norms', 'item_key_messages', 'item_audiences', 'item_channels', 'items',
    'media_plans', 'key_message_audiences', 'key_messages', 'audiences', 'channels', 'login_attempts',
    'api_tokens', 'sessions', 'memberships', 'users', 'organisations',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
}
