import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Revisions of what each organisation's compliance is judged from besides its items, raised by
// the database in the transaction of every statement that changes one of them, as `items` is
// (migration 20261123T0300): `channels` for its channels, `rules` for its own norms and
// exemptions (which bind the organisations below it too), `org` for its own row. Each
// organisation has its row from its creation on, with its `path` and `timezone` copied, so that a
// summary asked again tells whether anything in its subtree changed from this one narrow table:
// one row per organisation, instead of hashing every organisation, channel, norm and exemption of
// the subtree by id and version (100,000 channels at 25,000 organisations: most of that
// statement's time). A change made without raising a row's version, by hand in SQL or by a bulk
// load, is seen too. Rows of an organisation being deleted are skipped (migration
// 20261125T0100): a deleted organisation has nothing to stamp, and its row goes with it.
//
// Every statement that writes a revision names the organisation's path and zone too, read from
// `organisations` in the same statement, so that no row is ever without them (a NOT NULL refuses
// an insert naming the revision alone before its conflict is seen): the items' trigger function
// (migration 20261125T0100) is written again here to do so.
//
// Lock order: the organisations first, then their revision rows. A move locks the organisations it
// rewrites (their paths are a unique key) and then, through the trigger on `organisations`, their
// revision rows; a channel, norm or exemption trigger therefore locks its organisations (FOR KEY
// SHARE, in id order) before their revision rows. Otherwise a channel changed during a move would
// hold the revision row the move waits for while its audit row waits for the move: a deadlock.
// Item writes lock their organisation FOR SHARE before writing (repositories/items.ts).

const revise = (column: string, source: string, lock: boolean) => `
  ${lock ? `PERFORM 1 FROM organisations WHERE id IN (${source}) ORDER BY id FOR KEY SHARE;` : ''}
  INSERT INTO org_revisions AS r (org_id, ${column}, path, timezone)
  SELECT DISTINCT c.org_id, 1, o.path, o.timezone FROM (${source}) c JOIN organisations o ON o.id = c.org_id
  ON CONFLICT (org_id) DO UPDATE SET ${column} = r.${column} + 1;`;

const reviseOnEach = (column: string) => `
      IF TG_OP = 'INSERT' THEN
        ${revise(column, 'SELECT org_id FROM new_rows', true)}
      ELSIF TG_OP = 'UPDATE' THEN
        ${revise(column, 'SELECT org_id FROM new_rows UNION SELECT org_id FROM old_rows', true)}
      ELSE
        ${revise(column, 'SELECT org_id FROM old_rows', true)}
      END IF;`;

const TABLES = ['channels', 'norms', 'exemptions'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE org_revisions
      ADD COLUMN channels bigint NOT NULL DEFAULT 0,
      ADD COLUMN rules bigint NOT NULL DEFAULT 0,
      ADD COLUMN org bigint NOT NULL DEFAULT 0,
      ADD COLUMN path text,
      ADD COLUMN timezone text`.execute(db);
  await sql`
    INSERT INTO org_revisions AS r (org_id, path, timezone) SELECT id, path, timezone FROM organisations
    ON CONFLICT (org_id) DO UPDATE SET path = excluded.path, timezone = excluded.timezone`.execute(db);
  await sql`ALTER TABLE org_revisions ALTER COLUMN path SET NOT NULL, ALTER COLUMN timezone SET NOT NULL`.execute(db);
  await sql`CREATE INDEX org_revisions_path ON org_revisions (path text_pattern_ops)`.execute(db);

  // An organisation's row, written or moved (a move rewrites the paths of its whole subtree in one statement).
  await sql`
    CREATE FUNCTION ritm_mirror_organisations() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO org_revisions AS r (org_id, path, timezone) SELECT id, path, timezone FROM new_rows
      ON CONFLICT (org_id) DO UPDATE SET path = excluded.path, timezone = excluded.timezone, org = r.org + 1;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER organisations_mirror_insert AFTER INSERT ON organisations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_mirror_organisations()`.execute(db);
  await sql`CREATE TRIGGER organisations_mirror_update AFTER UPDATE ON organisations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_mirror_organisations()`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION ritm_raise_item_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'items' THEN
        IF TG_OP = 'INSERT' THEN
          ${sql.raw(revise('items', 'SELECT org_id FROM new_rows', false))}
        ELSIF TG_OP = 'UPDATE' THEN
          ${sql.raw(revise('items', 'SELECT org_id FROM new_rows UNION SELECT org_id FROM old_rows', false))}
        ELSE
          ${sql.raw(revise('items', 'SELECT org_id FROM old_rows', false))}
        END IF;
      ELSE
        -- An item's audiences or key messages; rows of an item being deleted have no item left to raise.
        IF TG_OP = 'INSERT' THEN
          ${sql.raw(revise('items', 'SELECT i.org_id FROM new_rows n JOIN items i ON i.id = n.item_id', false))}
        ELSE
          ${sql.raw(revise('items', 'SELECT i.org_id FROM old_rows o JOIN items i ON i.id = o.item_id', false))}
        END IF;
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  await sql`
    CREATE FUNCTION ritm_raise_input_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'channels' THEN
        ${sql.raw(reviseOnEach('channels'))}
      ELSE
        ${sql.raw(reviseOnEach('rules'))}
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  for (const table of TABLES) {
    const t = sql.table(table);
    const name = (op: string) => sql.raw(`${table}_input_revision_${op}`);
    await sql`CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${t} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_raise_input_revisions()`.execute(db);
    await sql`CREATE TRIGGER ${name('update')} AFTER UPDATE ON ${t} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_raise_input_revisions()`.execute(db);
    await sql`CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${t} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_raise_input_revisions()`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    for (const op of ['insert', 'update', 'delete']) await sql`DROP TRIGGER ${sql.raw(`${table}_input_revision_${op}`)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION ritm_raise_input_revisions()`.execute(db);
  await sql`DROP TRIGGER organisations_mirror_insert ON organisations`.execute(db);
  await sql`DROP TRIGGER organisations_mirror_update ON organisations`.execute(db);
  await sql`DROP FUNCTION ritm_mirror_organisations()`.execute(db);
  await sql`DROP INDEX org_revisions_path`.execute(db);
  await sql`ALTER TABLE org_revisions DROP COLUMN channels, DROP COLUMN rules, DROP COLUMN org, DROP COLUMN path, DROP COLUMN timezone`.execute(db);
  // The items' trigger function as migration 20261125T0100 left it: it names the revision alone.
  await sql`
    CREATE OR REPLACE FUNCTION ritm_raise_item_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'items' THEN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO org_revisions AS r (org_id, items) SELECT DISTINCT c.org_id, 1 FROM (SELECT org_id FROM new_rows) c JOIN organisations o ON o.id = c.org_id ON CONFLICT (org_id) DO UPDATE SET items = r.items + 1;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO org_revisions AS r (org_id, items) SELECT DISTINCT c.org_id, 1 FROM (SELECT org_id FROM new_rows UNION SELECT org_id FROM old_rows) c JOIN organisations o ON o.id = c.org_id ON CONFLICT (org_id) DO UPDATE SET items = r.items + 1;
        ELSE
          INSERT INTO org_revisions AS r (org_id, items) SELECT DISTINCT c.org_id, 1 FROM (SELECT org_id FROM old_rows) c JOIN organisations o ON o.id = c.org_id ON CONFLICT (org_id) DO UPDATE SET items = r.items + 1;
        END IF;
      ELSE
        IF TG_OP = 'INSERT' THEN
          INSERT INTO org_revisions AS r (org_id, items) SELECT DISTINCT c.org_id, 1 FROM (SELECT i.org_id FROM new_rows n JOIN items i ON i.id = n.item_id) c JOIN organisations o ON o.id = c.org_id ON CONFLICT (org_id) DO UPDATE SET items = r.items + 1;
        ELSE
          INSERT INTO org_revisions AS r (org_id, items) SELECT DISTINCT c.org_id, 1 FROM (SELECT i.org_id FROM old_rows o JOIN items i ON i.id = o.item_id) c JOIN organisations o ON o.id = c.org_id ON CONFLICT (org_id) DO UPDATE SET items = r.items + 1;
        END IF;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
}
