import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Compliance judges an item once per norm over its *exact set* of channels (an item on VK and OK
// counts once across channels). Keeping that set on the item row lets a subtree's compliance be
// one GROUP BY over items alone, without joining item_channels and aggregating per item first.
// item_channels stays the relational truth (foreign keys, look-ups by channel); the API writes both
// in one transaction, and a channel with items cannot be deleted (it is deactivated instead).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE items ADD COLUMN channel_ids uuid[] NOT NULL DEFAULT '{}'`.execute(db);
  await sql`
    UPDATE items i SET channel_ids = s.ids
    FROM (SELECT item_id, array_agg(channel_id ORDER BY channel_id) AS ids FROM item_channels GROUP BY item_id) s
    WHERE s.item_id = i.id`.execute(db);
  // Covers the compliance aggregate, so it reads the index only.
  await sql`DROP INDEX items_org_day`.execute(db);
  await sql`CREATE INDEX items_org_day ON items (org_id, local_day) INCLUDE (kind, status, channel_ids)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX items_org_day`.execute(db);
  await sql`CREATE INDEX items_org_day ON items (org_id, local_day)`.execute(db);
  await sql`ALTER TABLE items DROP COLUMN channel_ids`.execute(db);
}
