import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Materials cascading down the organisation tree (issue 15, Sudprof concept §VII). A higher
// organisation sends a material; each target gets a placement task: an ordinary item on its own
// calendar whose `material_id` names the material (the column came with 20261129T0000; its foreign
// key comes here). A placement row keeps what the item cannot say: that the target adapted the
// text, or declined and why, and who answered when. A placement's status is never stored: it is
// read from the task item, the decline, the deadline and the target's today (domain materials.ts).
// Attachments keep their bytes in the database, as items' do (20261126T0300).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE materials (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
      text text NOT NULL,
      kind text NOT NULL,
      channel_types text[] NOT NULL DEFAULT '{}',
      place_on date NOT NULL CHECK (place_on BETWEEN DATE '2000-01-01' AND DATE '2100-12-31'),
      deadline date NOT NULL CHECK (deadline BETWEEN DATE '2000-01-01' AND DATE '2100-12-31'),
      target jsonb NOT NULL,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (place_on <= deadline)
    )`.execute(db);
  await sql`CREATE INDEX materials_of_org ON materials (org_id, created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE material_placements (
      material_id uuid NOT NULL REFERENCES materials(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      item_id uuid REFERENCES items(id) ON DELETE SET NULL,
      adapted boolean NOT NULL DEFAULT false,
      decline_reason text,
      answered_at timestamptz,
      answered_by uuid REFERENCES users(id) ON DELETE SET NULL,
      PRIMARY KEY (material_id, org_id)
    )`.execute(db);
  // A target's inbox reads its placements.
  await sql`CREATE INDEX material_placements_of_org ON material_placements (org_id)`.execute(db);
  await sql`
    CREATE TABLE material_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      material_id uuid NOT NULL REFERENCES materials(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
      content_type text NOT NULL,
      size integer NOT NULL CHECK (size > 0),
      sha256 text NOT NULL,
      data bytea NOT NULL,
      uploaded_by uuid REFERENCES users(id) ON DELETE SET NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX material_attachments_of_material ON material_attachments (material_id, uploaded_at)`.execute(db);
  await sql`CREATE INDEX material_attachments_org ON material_attachments (org_id) INCLUDE (size)`.execute(db);
  await sql`UPDATE items SET material_id = NULL WHERE material_id IS NOT NULL`.execute(db);
  await sql`ALTER TABLE items ADD CONSTRAINT items_material_fk FOREIGN KEY (material_id) REFERENCES materials(id) ON DELETE SET NULL`.execute(db);
  await sql`CREATE INDEX items_of_material ON items (material_id) WHERE material_id IS NOT NULL`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX items_of_material`.execute(db);
  await sql`ALTER TABLE items DROP CONSTRAINT items_material_fk`.execute(db);
  await sql`DROP TABLE material_attachments`.execute(db);
  await sql`DROP TABLE material_placements`.execute(db);
  await sql`DROP TABLE materials`.execute(db);
}
