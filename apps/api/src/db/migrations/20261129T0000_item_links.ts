import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Issue 15 (reuse and cascade): an item may be an occurrence of a recurring series
// (`series_id`) or the placement task of a material sent down the tree (`material_id`). The
// columns come first so that every item read carries them; the tables they point to, and the
// foreign keys, come with the migrations of the series and of materials.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE items ADD COLUMN series_id uuid, ADD COLUMN material_id uuid`.execute(db);
}
