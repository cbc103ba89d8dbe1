import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Summaries now tell changed organisations by their items revision (migration 20261123T0300),
// which costs one row per organisation to read where the count_hash fingerprint (migration
// 20261123T0200) cost a scan of the period's items; the column and its place in the index go.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX items_org_day`.execute(db);
  await sql`ALTER TABLE items DROP COLUMN count_hash`.execute(db);
  await sql`CREATE INDEX items_org_day ON items (org_id, local_day) INCLUDE (kind, status, channel_ids)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE items ADD COLUMN count_hash bigint NOT NULL
    GENERATED ALWAYS AS (hash_record_extended(ROW(local_day, kind, status, channel_ids), 0)) STORED`.execute(db);
  await sql`DROP INDEX items_org_day`.execute(db);
  await sql`CREATE INDEX items_org_day ON items (org_id, local_day) INCLUDE (kind, status, channel_ids, count_hash)`.execute(db);
}
