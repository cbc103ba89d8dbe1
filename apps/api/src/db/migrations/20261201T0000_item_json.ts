import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Each item's JSON, as the API sends it, kept on its row by the database in the transaction of
// every write (issue 17): a month read afresh is then one concatenation of kept texts instead of
// the row of each item turned into JSON again (0.30 ms of the 0.33 ms that statement took, for a
// centre's month of 33 items; 0.11 ms from kept texts, measured with pgbench on the bench data).
//
// `json_head` is the item's JSON object up to its last editor: every key of the contract's `Item`
// in its order, then `"updatedBy":`, without the editor and the closing brace. The editor's name
// is a user's, which changes without the item (it is joined when read: a renamed user would
// otherwise rewrite every item they last edited). `ritm_item_json_head` is the one mapping of an
// item row to the contract; reads take the kept text and never build it again.
//
// `json_tag` names that text by its content (the first 128 bits of its SHA-256, base64): a list
// read again sends only the texts of items whose tag the reader does not hold already
// (repositories/items.ts `itemListExpression`), the ones it holds are named by their tags.
//
// Written by a BEFORE trigger from the row being written (last of the row triggers by name), and
// again when the item's audiences or key messages change (statement-level triggers on those
// tables, which write the items' rows again; the row trigger makes the text). `confirmed` is the
// domain's `isConfirmed` with its COUNTED_STATUSES when this was written: done = published, held.
// Days are written with `to_char`, not `::text`, whose form follows the writing session's
// DateStyle: the text is read by every client, whatever session wrote it.

const head = `
  CREATE FUNCTION ritm_item_json_head(i items) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT left(to_json(j)::text, -1) || ',"updatedBy":' FROM (SELECT
      i.id AS "id",
      i.org_id AS "orgId",
      i.plan_id AS "planId",
      i.kind AS "kind",
      i.title AS "title",
      i.news_hook AS "newsHook",
      i.format AS "format",
      i.status AS "status",
      coalesce(to_char(i.at_date::timestamp, 'YYYY-MM-DD'), to_char(i.at_instant AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS "at",
      to_char(i.local_day::timestamp, 'YYYY-MM-DD') AS "localDay",
      i.channel_ids AS "channelIds",
      coalesce((SELECT json_agg(x.audience_id ORDER BY x.audience_id) FROM item_audiences x WHERE x.item_id = i.id), '[]'::json) AS "audienceIds",
      coalesce((SELECT json_agg(x.key_message_id ORDER BY x.key_message_id) FROM item_key_messages x WHERE x.item_id = i.id), '[]'::json) AS "keyMessageIds",
      i.responsible_id AS "responsibleId",
      to_char(i.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "publishedAt",
      i.url AS "url",
      i.views AS "views",
      i.likes AS "likes",
      i.reposts AS "reposts",
      i.comments AS "comments",
      to_char(i.reach_read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "reachReadAt",
      i.notes AS "notes",
      i.attachment_count AS "attachmentCount",
      (i.status IN ('published', 'held') AND (i.url IS NOT NULL OR i.attachment_count > 0)) AS "confirmed",
      i.series_id AS "seriesId",
      to_char(i.series_day::timestamp, 'YYYY-MM-DD') AS "seriesDay",
      i.material_id AS "materialId",
      i.version AS "version",
      to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
      to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
    ) j
  $$`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE items ADD COLUMN json_head text, ADD COLUMN json_tag text`.execute(db);
  await sql.raw(head).execute(db);
  await sql`
    CREATE FUNCTION ritm_item_json_tag(head text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
      SELECT encode(substring(sha256(convert_to(head, 'UTF8')) FROM 1 FOR 16), 'base64')
    $$`.execute(db);
  await sql`
    CREATE FUNCTION ritm_keep_item_json() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.json_head := ritm_item_json_head(NEW);
      NEW.json_tag := ritm_item_json_tag(NEW.json_head);
      RETURN NEW;
    END $$`.execute(db);
  // Named to fire last of the items' BEFORE row triggers (they fire in name order): the text is of the row as written.
  await sql`CREATE TRIGGER items_zz_json BEFORE INSERT OR UPDATE ON items FOR EACH ROW EXECUTE FUNCTION ritm_keep_item_json()`.execute(db);

  // An item's audiences or key messages changed: its row written again, the row trigger makes its
  // text. Rows of an item being deleted have no item left to write.
  await sql`
    CREATE FUNCTION ritm_item_links_json() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        UPDATE items SET json_head = NULL WHERE id IN (SELECT item_id FROM new_rows);
      ELSIF TG_OP = 'UPDATE' THEN
        UPDATE items SET json_head = NULL WHERE id IN (SELECT item_id FROM new_rows UNION SELECT item_id FROM old_rows);
      ELSE
        UPDATE items SET json_head = NULL WHERE id IN (SELECT item_id FROM old_rows);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  for (const table of ['item_audiences', 'item_key_messages']) {
    const t = sql.table(table);
    const name = (op: string) => sql.raw(`${table}_json_${op}`);
    await sql`CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${t} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_item_links_json()`.execute(db);
    await sql`CREATE TRIGGER ${name('update')} AFTER UPDATE ON ${t} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_item_links_json()`.execute(db);
    await sql`CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${t} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ritm_item_links_json()`.execute(db);
  }

  // The items there are: their texts written with the other triggers off (nothing an item is
  // judged or listed by changes, so no count or revision moves).
  await sql`ALTER TABLE items DISABLE TRIGGER USER`.execute(db);
  await sql`UPDATE items i SET (json_head, json_tag) = (SELECT h, ritm_item_json_tag(h) FROM (SELECT ritm_item_json_head(i) AS h) made)`.execute(db);
  await sql`ALTER TABLE items ENABLE TRIGGER USER`.execute(db);
  await sql`ALTER TABLE items ALTER COLUMN json_head SET NOT NULL, ALTER COLUMN json_tag SET NOT NULL`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['item_audiences', 'item_key_messages']) {
    for (const op of ['insert', 'update', 'delete']) await sql`DROP TRIGGER ${sql.raw(`${table}_json_${op}`)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION ritm_item_links_json()`.execute(db);
  await sql`DROP TRIGGER items_zz_json ON items`.execute(db);
  await sql`DROP FUNCTION ritm_keep_item_json()`.execute(db);
  await sql`DROP FUNCTION ritm_item_json_head(items)`.execute(db);
  await sql`DROP FUNCTION ritm_item_json_tag(text)`.execute(db);
  await sql`ALTER TABLE items DROP COLUMN json_head, DROP COLUMN json_tag`.execute(db);
}
