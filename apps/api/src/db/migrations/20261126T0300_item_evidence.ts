import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Evidence of publications (issue 11). Files attached to an item — a photo of the notice board,
// a scan of a newspaper page, a PDF — are kept in PostgreSQL beside the item, so that a backup of
// the database is a backup of the proof. `items.attachment_count` is kept in step by the
// repository in the transaction of each upload and deletion: item lists show it and compliance
// counts confirmed items from it without a join, and its update raises the organisation's items
// revision (trigger of 20261123T0300), which refreshes kept lists and summaries. It is not the
// item's content: the item's version stays, so an editor's open form does not conflict with an
// upload. `organisations.count_only_confirmed`: only confirmed items count toward the
// organisation's norms.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE item_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      item_id uuid NOT NULL REFERENCES items(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
      content_type text NOT NULL,
      size integer NOT NULL CHECK (size > 0),
      sha256 text NOT NULL,
      data bytea NOT NULL,
      uploaded_by uuid REFERENCES users(id) ON DELETE SET NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX item_attachments_item ON item_attachments (item_id, uploaded_at)`.execute(db);
  // The organisation's total is summed on every upload.
  await sql`CREATE INDEX item_attachments_org ON item_attachments (org_id) INCLUDE (size)`.execute(db);
  await sql`ALTER TABLE items ADD COLUMN attachment_count integer NOT NULL DEFAULT 0 CHECK (attachment_count >= 0)`.execute(db);
  await sql`ALTER TABLE organisations ADD COLUMN count_only_confirmed boolean NOT NULL DEFAULT false`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE organisations DROP COLUMN count_only_confirmed`.execute(db);
  await sql`ALTER TABLE items DROP COLUMN attachment_count`.execute(db);
  await sql`DROP TABLE item_attachments`.execute(db);
}
