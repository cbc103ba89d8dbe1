import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { KnownOrganisationKind } from '@ritm/domain/organisation';
import { MINTRUD_2022 } from '@ritm/domain/presets';
import type { DB } from '../src/db/schema.js';

/** The shape of a generated tree: one region, `districts` below it, `centresPerDistrict` below each. */
export interface TreeShape {
  districts: number;
  centresPerDistrict: number;
  /** Items spread over a year (from 2026-05-25) across every organisation. */
  items: number;
  /** Items before this day are published (most of them), the rest planned. */
  today: string;
}

/**
 * A realistic tree in a migrated, empty database (PostgreSQL or PGlite): organisations with 4
 * channels each, the preset norms at the root, and `items` items with their channels, the same
 * data `pnpm bench:api` measures and the reliability suite's memory part loads. Returns the root's id.
 */
export async function generateTree(db: Kysely<DB>, shape: TreeShape): Promise<string> {
  const rootId = randomUUID();
  const orgs: { id: string; parent_id: string | null; path: string; depth: number; kind: KnownOrganisationKind; name: string; timezone: string }[] = [
    { id: rootId, parent_id: null, path: `/${rootId}/`, depth: 0, kind: 'employment_authority', name: 'Регион', timezone: 'Europe/Moscow' },
  ];
  for (let d = 0; d < shape.districts; d++) {
    const id = randomUUID();
    const path = `/${rootId}/${id}/`;
    orgs.push({ id, parent_id: rootId, path, depth: 1, kind: 'employment_authority', name: `Округ ${d + 1}`, timezone: d % 2 ? 'Asia/Yekaterinburg' : 'Europe/Moscow' });
    for (let c = 0; c < shape.centresPerDistrict; c++) {
      const child = randomUUID();
      orgs.push({ id: child, parent_id: id, path: `${path}${child}/`, depth: 2, kind: 'employment_center', name: `ЦЗН ${d + 1}.${c + 1}`, timezone: d % 2 ? 'Asia/Yekaterinburg' : 'Europe/Moscow' });
    }
  }
  for (let i = 0; i < orgs.length; i += 1000) await db.insertInto('organisations').values(orgs.slice(i, i + 1000).map((o) => ({ ...o, figures: '{}' }))).execute();
  await sql`
    INSERT INTO channels (org_id, type, name, since)
    SELECT o.id, t.type, t.type, DATE '2025-01-01' FROM organisations o CROSS JOIN (VALUES ('website'), ('vk'), ('ok'), ('telegram')) AS t(type)`.execute(db);
  await db
    .insertInto('norms')
    .values(MINTRUD_2022.norms.map(({ id, ...definition }) => ({ org_id: rootId, key: id, preset: MINTRUD_2022.id, definition: JSON.stringify(definition) })))
    .execute();

  // Bulk loading is faster with the secondary indexes built once afterwards.
  await sql`DROP INDEX items_org_day`.execute(db);
  await sql`DROP INDEX items_plan`.execute(db);
  await sql`ALTER TABLE item_channels DROP CONSTRAINT item_channels_pkey`.execute(db);
  await sql`DROP INDEX item_channels_channel`.execute(db);
  await insertItems(db, { items: shape.items, firstDay: '2026-05-25', days: 365, today: shape.today });
  // The same indexes as the migrations create.
  await sql`CREATE INDEX items_org_day ON items (org_id, local_day) INCLUDE (kind, status, channel_ids)`.execute(db);
  await sql`CREATE INDEX items_plan ON items (plan_id)`.execute(db);
  await sql`ALTER TABLE item_channels ADD PRIMARY KEY (item_id, channel_id)`.execute(db);
  await sql`CREATE INDEX item_channels_channel ON item_channels (channel_id)`.execute(db);
  // As autovacuum would have it on a live database: statistics, and a visibility map for index-only scans.
  await sql`VACUUM ANALYZE`.execute(db);
  return rootId;
}

/**
 * `items` items over `days` days from `firstDay`, spread evenly over every organisation with their
 * channels (kinds cycling so every norm has something to judge); before `today` most are
 * published, the rest planned. Triggers count them as any write would.
 */
export async function insertItems(pool: Kysely<DB>, spec: { items: number; firstDay: string; days: number; today: string }): Promise<void> {
  // A temporary table lives in one session: every statement on the same connection.
  await pool.connection().execute(async (db) => {
    await sql`
      CREATE TEMP TABLE bench_org AS
      SELECT (row_number() OVER (ORDER BY o.path) - 1)::int AS n, o.id,
             array_agg(c.id ORDER BY c.type) AS ch
      FROM organisations o JOIN channels c ON c.org_id = o.id GROUP BY o.id, o.path`.execute(db);
    const count = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM bench_org`.execute(db)).rows[0]!.n;
    // Channels by type order: ok, telegram, vk, website. In slices of a million: one statement's transition table stays small.
    for (let from = 0; from < spec.items; from += 1_000_000) {
      const to = Math.min(spec.items, from + 1_000_000) - 1;
      await sql`
        WITH made AS (
          INSERT INTO items (org_id, kind, title, status, at_date, local_day, channel_ids)
          SELECT o.id,
                 (ARRAY['post','post','post','press_release','vacancy_material','public_event','post','publication'])[1 + (g / ${count}::int) % 8],
                 'Публикация ' || g,
                 CASE WHEN d.day < ${spec.today}::date THEN (CASE WHEN g % 17 = 0 THEN 'planned' WHEN (g / ${count}::int) % 8 = 5 THEN 'held' ELSE 'published' END)
                      ELSE 'planned' END,
                 d.day, d.day,
                 CASE (g / ${count}::int) % 8
                   WHEN 0 THEN ARRAY[o.ch[3]] WHEN 1 THEN ARRAY[o.ch[1], o.ch[3]] WHEN 2 THEN ARRAY[o.ch[2]]
                   WHEN 3 THEN ARRAY[o.ch[4]] WHEN 4 THEN ARRAY[o.ch[4]] WHEN 5 THEN ARRAY[]::uuid[]
                   WHEN 6 THEN ARRAY[o.ch[1]] ELSE ARRAY[o.ch[4]] END
          FROM generate_series(${from}::int, ${to}::int) g
          JOIN bench_org o ON o.n = g % ${count}::int
          CROSS JOIN LATERAL (SELECT ${spec.firstDay}::date + ((g / ${count}::int) * 7919 % ${spec.days}::int)::int AS day) d
          RETURNING id, channel_ids
        )
        INSERT INTO item_channels (item_id, channel_id) SELECT id, unnest(channel_ids) FROM made`.execute(db);
    }
    await sql`DROP TABLE bench_org`.execute(db);
  });
}
