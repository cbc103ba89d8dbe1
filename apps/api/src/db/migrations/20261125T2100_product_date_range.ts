import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Every stored date moves into the product's range, 2000-01-01 … 2100-12-31 (the domain's
// PRODUCT_RANGE, written out here because a migration never changes), and CHECK constraints keep
// it there. Before, the API stored years 0001 … 9999: one channel `since` or exemption `from` of
// 0001-01-01 made compliance, its parents' summaries and suggestions answer 500, and an item
// published in year 10000 UTC could no longer be read. The repair keeps each row's meaning inside
// the range:
// - a channel `since` or an exemption end before the range becomes its first day (the same from
//   2000 on), one after it its last day; an exemption wholly outside the range waives nothing
//   the product can judge and goes;
// - a norm's `effectiveFrom` before the range (or `effectiveTo` after it) is an open end; one
//   beyond the other end becomes that end;
// - an item whose date lies outside becomes a local-date item on the nearest end; a
//   `published_at` outside the range is unknown (null).

const FIRST = '2000-01-01';
const LAST = '2100-12-31';
// Instants whose local day is in the range in every time zone (offsets up to ±14:00), so that a
// change of an organisation's zone never moves an item's day out of it.
const FIRST_INSTANT = '2000-01-01T14:00:00Z';
const AFTER_INSTANT = '2100-12-31T10:00:00Z';

const clampDate = (column: string) =>
  sql.raw(`CASE WHEN ${column} < '${FIRST}' THEN DATE '${FIRST}' WHEN ${column} > '${LAST}' THEN DATE '${LAST}' ELSE ${column} END`);
const dateInRange = (column: string) => `${column} BETWEEN DATE '${FIRST}' AND DATE '${LAST}'`;
const instantInRange = (column: string) => `(${column} >= TIMESTAMPTZ '${FIRST_INSTANT}' AND ${column} < TIMESTAMPTZ '${AFTER_INSTANT}')`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`UPDATE channels SET since = ${clampDate('since')} WHERE NOT (${sql.raw(dateInRange('since'))})`.execute(db);
  await sql`ALTER TABLE channels ADD CONSTRAINT channels_since_in_range CHECK (since IS NULL OR ${sql.raw(dateInRange('since'))})`.execute(db);

  await sql`DELETE FROM exemptions WHERE date_to < DATE ${sql.lit(FIRST)} OR date_from > DATE ${sql.lit(LAST)}`.execute(db);
  await sql`
    UPDATE exemptions SET date_from = ${clampDate('date_from')}, date_to = ${clampDate('date_to')}
    WHERE NOT (${sql.raw(dateInRange('date_from'))} AND ${sql.raw(dateInRange('date_to'))})`.execute(db);
  await sql`
    ALTER TABLE exemptions ADD CONSTRAINT exemptions_in_range
    CHECK (${sql.raw(dateInRange('date_from'))} AND ${sql.raw(dateInRange('date_to'))})`.execute(db);

  // Norm definitions are JSON: their dates are 'YYYY-MM-DD' text, which compares as dates do.
  await sql`UPDATE norms SET definition = definition - 'effectiveFrom' WHERE definition->>'effectiveFrom' < ${FIRST}`.execute(db);
  await sql`UPDATE norms SET definition = definition - 'effectiveTo' WHERE definition->>'effectiveTo' > ${LAST}`.execute(db);
  await sql`UPDATE norms SET definition = jsonb_set(definition, '{effectiveFrom}', to_jsonb(${LAST}::text)) WHERE definition->>'effectiveFrom' > ${LAST}`.execute(db);
  await sql`UPDATE norms SET definition = jsonb_set(definition, '{effectiveTo}', to_jsonb(${FIRST}::text)) WHERE definition->>'effectiveTo' < ${FIRST}`.execute(db);
  await sql`
    ALTER TABLE norms ADD CONSTRAINT norms_dates_in_range CHECK (
      (definition->>'effectiveFrom' IS NULL OR definition->>'effectiveFrom' BETWEEN ${sql.lit(FIRST)} AND ${sql.lit(LAST)})
      AND (definition->>'effectiveTo' IS NULL OR definition->>'effectiveTo' BETWEEN ${sql.lit(FIRST)} AND ${sql.lit(LAST)}))`.execute(db);

  await sql`
    UPDATE items SET at_date = ${clampDate('local_day')}, at_instant = NULL, local_day = ${clampDate('local_day')}
    WHERE NOT (${sql.raw(dateInRange('local_day'))})
       OR (at_date IS NOT NULL AND NOT (${sql.raw(dateInRange('at_date'))}))
       OR (at_instant IS NOT NULL AND NOT ${sql.raw(instantInRange('at_instant'))})`.execute(db);
  await sql`UPDATE items SET published_at = NULL WHERE NOT ${sql.raw(instantInRange('published_at'))}`.execute(db);
  await sql`
    ALTER TABLE items ADD CONSTRAINT items_dates_in_range CHECK (
      ${sql.raw(dateInRange('local_day'))}
      AND (at_date IS NULL OR ${sql.raw(dateInRange('at_date'))})
      AND (at_instant IS NULL OR ${sql.raw(instantInRange('at_instant'))})
      AND (published_at IS NULL OR ${sql.raw(instantInRange('published_at'))}))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE items DROP CONSTRAINT items_dates_in_range`.execute(db);
  await sql`ALTER TABLE norms DROP CONSTRAINT norms_dates_in_range`.execute(db);
  await sql`ALTER TABLE exemptions DROP CONSTRAINT exemptions_in_range`.execute(db);
  await sql`ALTER TABLE channels DROP CONSTRAINT channels_since_in_range`.execute(db);
}
