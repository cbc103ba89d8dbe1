import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// A revision of each organisation's items, raised by the database itself in the transaction of
// every statement that changes an item, an item's audiences or key messages, so that a reader
// can tell with one number whether a list it answered before still holds (the API keeps such
// lists; see routes/items). Kept apart from `organisations`, whose row item writes lock FOR
// SHARE. A single revision of users' names and e-mails, which lists show as items' last editor.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE org_revisions (
      org_id uuid PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
      items bigint NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`CREATE TABLE revisions (name text PRIMARY KEY, value bigint NOT NULL DEFAULT 0)`.execute(db);
  await sql`INSERT INTO revisions (name, value) VALUES ('user_names', 0)`.execute(db);

  // Statement-level, with transition tables: a bulk insert raises each organisation once.
  await sql`
    CREATE FUNCTION ritm_raise_item_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'items' THEN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO org_revisions AS r (org_id, items) SELECT DISTINCT org_id, 1 FROM new_rows
          ON CONFLICT (org_id) DO UPDATE SET items = r.items + 1;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO org_revisions AS r (org_id, items)
          SELECT org_id, 1 FROM (SELECT org_id FROM new_rows UNION SELECT org_id FROM old_rows) changed
          ON CONFLICT (org_id) DO UPDATE SET items = r.items + 1;
        ELSE
          INSERT INTO org_revisions AS r (org_id, items) SELECT DISTINCT org_id, 1 FROM old_rows
          ON CONFLICT (org_id) DO UPDATE SET items = r.items + 1;
        END IF;
      ELSE
        -- An item's audiences or key messages; rows of an item being deleted have no item left to raise.
        IF TG_OP = 'INSERT' THEN
          INSERT INTO org_revisions AS r (org_id, items)
          SELECT DISTINCT i.org_id, 1 FROM new_rows n JOIN items i ON i.id = n.item_id
          ON CONFLICT (org_id) DO UPDATE SET items = r.items + 1;
        ELSE
          INSERT INTO org_revisions AS r (org_id, items)
          SELECT DISTINCT i.org_id, 1 FROM old_rows o JOIN items i ON i.id = o.item_id
          ON CONFLICT (org_id) DO UPDATE SET items = r.items + 1;
        END IF;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  for (const table of ['items', 'item_audiences', 'item_key_messages']) {
    const t = sql.table(table);
    const name = (op: string) => sql.raw(`${table}_revision_${op}`);
    await sql`CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${t} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_raise_item_revisions()`.execute(db);
    await sql`CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${t} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_raise_item_revisions()`.execute(db);
    if (table === 'items') {
      await sql`CREATE TRIGGER ${name('update')} AFTER UPDATE ON ${t} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_raise_item_revisions()`.execute(db);
    }
  }

  await sql`
    CREATE FUNCTION ritm_raise_user_names_revision() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE revisions SET value = value + 1 WHERE name = 'user_names';
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER users_names_revision AFTER UPDATE OF name, email ON users
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION ritm_raise_user_names_revision()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER users_names_revision ON users`.execute(db);
  await sql`DROP FUNCTION ritm_raise_user_names_revision()`.execute(db);
  for (const table of ['items', 'item_audiences', 'item_key_messages']) {
    for (const op of ['insert', 'delete', 'update']) await sql`DROP TRIGGER IF EXISTS ${sql.raw(`${table}_revision_${op}`)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION ritm_raise_item_revisions()`.execute(db);
  await sql`DROP TABLE revisions`.execute(db);
  await sql`DROP TABLE org_revisions`.execute(db);
}
