import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Counts maintained in the transaction of every item write (issue 17), so compliance reads a
// table of counts and never the items. A selector is what a norm's counting group counts — a
// period kind, kinds (null: any) and channels (null: any item, on no channel too), the domain's
// `countingSelector` — registered per organisation by the application from its norms and
// channels (norm values, exemptions, `since` dates and today do not change what is counted, only
// how it is judged, so none of them touches these rows). `group_counts` holds per selector and
// period (the selector's kind of period, started in the organisation's local calendar as items'
// `local_day` is) how many counted items are done, how many of those are confirmed, and how many
// are open; which open ones are overdue depends on today and is worked out when read.
//
// The statuses are the domain's COUNTED_STATUSES when this was written: done = published, held;
// open = planned, in_progress.
//
// A statement-level trigger with transition tables adds each statement's changes, once per
// (selector, period) whatever the number of rows. Registering a selector counts its items from
// the table; to keep a concurrent item write from being missed by both (its trigger not seeing
// the uncommitted selector, the count not seeing the uncommitted item), the trigger takes a
// shared advisory lock per bucket of the organisations it touches and registration the exclusive
// one (256 buckets: a bulk write over thousands of organisations takes at most 256 locks).

const COUNT_LOCK = 1_953_066_349;

const delta = (rows: string, sign: number) => `
  SELECT org_id, kind, channel_ids, local_day, status IN ('published', 'held') AS done,
         status IN ('published', 'held') AND (url IS NOT NULL OR attachment_count > 0) AS confirmed, ${sign} AS sign
  FROM ${rows} WHERE status IN ('published', 'held', 'planned', 'in_progress')`;

const done = 'coalesce(sum(d.sign) FILTER (WHERE d.done), 0)';
const confirmed = 'coalesce(sum(d.sign) FILTER (WHERE d.confirmed), 0)';
const open = 'coalesce(sum(d.sign) FILTER (WHERE NOT d.done), 0)';

// `orgs`: a query of the organisations the statement touched. Rows in key order, so two
// statements never wait on each other's rows crosswise.
const apply = (deltaRows: string, orgs: string) => `
  PERFORM pg_advisory_xact_lock_shared(${COUNT_LOCK}, b) FROM (SELECT DISTINCT hashtext(org_id::text) & 255 AS b FROM (${orgs}) o ORDER BY 1) buckets;
  INSERT INTO group_counts AS c (org_id, selector_id, period_start, done, confirmed, open)
  SELECT s.org_id, s.id, ritm_period_start(s.per, d.local_day), ${done}, ${confirmed}, ${open}
  FROM (${deltaRows}) d
  JOIN count_selectors s ON s.org_id = d.org_id AND (s.kinds IS NULL OR d.kind = ANY (s.kinds)) AND (s.channel_ids IS NULL OR d.channel_ids && s.channel_ids)
  GROUP BY 1, 2, 3
  HAVING ${done} <> 0 OR ${confirmed} <> 0 OR ${open} <> 0
  ORDER BY 1, 3, 2
  ON CONFLICT (org_id, period_start, selector_id) DO UPDATE
  SET done = c.done + excluded.done, confirmed = c.confirmed + excluded.confirmed, open = c.open + excluded.open;`;

const body = `
  BEGIN
    IF TG_OP = 'INSERT' THEN
      ${apply(delta('new_rows', 1), 'SELECT org_id FROM new_rows')}
    ELSIF TG_OP = 'UPDATE' THEN
      ${apply(`${delta('new_rows', 1)} UNION ALL ${delta('old_rows', -1)}`, 'SELECT org_id FROM new_rows UNION SELECT org_id FROM old_rows')}
    ELSE
      ${apply(delta('old_rows', -1), 'SELECT org_id FROM old_rows')}
    END IF;
    RETURN NULL;
  END`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION ritm_period_start(per text, day date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE per
        WHEN 'day' THEN day
        WHEN 'week' THEN day - (extract(isodow FROM day)::int - 1)
        WHEN 'month' THEN date_trunc('month', day::timestamp)::date
        WHEN 'quarter' THEN date_trunc('quarter', day::timestamp)::date
        WHEN 'year' THEN date_trunc('year', day::timestamp)::date
      END
    $$`.execute(db);
  await sql`
    CREATE TABLE count_selectors (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      per text NOT NULL CHECK (per IN ('day', 'week', 'month', 'quarter', 'year')),
      kinds text[],
      channel_ids uuid[],
      key text NOT NULL,
      UNIQUE (org_id, key)
    )`.execute(db);
  await sql`
    CREATE TABLE group_counts (
      org_id uuid NOT NULL,
      selector_id bigint NOT NULL REFERENCES count_selectors(id) ON DELETE CASCADE,
      period_start date NOT NULL,
      done integer NOT NULL,
      confirmed integer NOT NULL,
      open integer NOT NULL,
      -- Read by organisation and range of periods; counts change in place (no indexed column: HOT updates).
      PRIMARY KEY (org_id, period_start, selector_id)
    )`.execute(db);
  await sql`CREATE FUNCTION ritm_count_items() RETURNS trigger LANGUAGE plpgsql AS $$${sql.raw(body)}$$`.execute(db);
  await sql`CREATE TRIGGER items_counts_insert AFTER INSERT ON items REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_count_items()`.execute(db);
  await sql`CREATE TRIGGER items_counts_update AFTER UPDATE ON items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_count_items()`.execute(db);
  await sql`CREATE TRIGGER items_counts_delete AFTER DELETE ON items REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_count_items()`.execute(db);
  // TRUNCATE fires no row trigger: items emptied that way leave no count behind either.
  await sql`CREATE FUNCTION ritm_truncate_counts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN TRUNCATE group_counts; RETURN NULL; END $$`.execute(db);
  await sql`CREATE TRIGGER items_counts_truncate AFTER TRUNCATE ON items FOR EACH STATEMENT EXECUTE FUNCTION ritm_truncate_counts()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const op of ['insert', 'update', 'delete', 'truncate']) await sql`DROP TRIGGER ${sql.raw(`items_counts_${op}`)} ON items`.execute(db);
  await sql`DROP FUNCTION ritm_count_items()`.execute(db);
  await sql`DROP FUNCTION ritm_truncate_counts()`.execute(db);
  await sql`DROP TABLE group_counts`.execute(db);
  await sql`DROP TABLE count_selectors`.execute(db);
  await sql`DROP FUNCTION ritm_period_start(text, date)`.execute(db);
}
