import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// A hash of what compliance counting sees of an item (its local day, kind, status and channel
// set), kept by the database on every write and carried in the (organisation, day) index. A
// summary sums it per organisation to tell, as cheaply as a bare count, whose items changed
// since their compliance was last judged. Hashing at read time cost more than the count itself.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE items ADD COLUMN count_hash bigint NOT NULL
    GENERATED ALWAYS AS (hash_record_extended(ROW(local_day, kind, status, channel_ids), 0)) STORED`.execute(db);
  await sql`DROP INDEX items_org_day`.execute(db);
  await sql`CREATE INDEX items_org_day ON items (org_id, local_day) INCLUDE (kind, status, channel_ids, count_hash)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX items_org_day`.execute(db);
  await sql`ALTER TABLE items DROP COLUMN count_hash`.execute(db);
  await sql`CREATE INDEX items_org_day ON items (org_id, local_day) INCLUDE (kind, status, channel_ids)`.execute(db);
}
