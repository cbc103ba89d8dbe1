import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Deleting an organisation deletes its items, and the items' revision trigger (migration
// 20261123T0300) then raised the revision of the organisation being deleted: an org_revisions row
// for an organisation that no longer exists, a foreign-key violation, and DELETE /orgs/:id
// answered 500 for every organisation with items. A deleted organisation has nothing to stamp:
// its rows are skipped.

const raise = (source: string) => sql.raw(`
  INSERT INTO org_revisions AS r (org_id, items)
  SELECT DISTINCT c.org_id, 1 FROM (${source}) c JOIN organisations o ON o.id = c.org_id
  ON CONFLICT (org_id) DO UPDATE SET items = r.items + 1;`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION ritm_raise_item_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'items' THEN
        IF TG_OP = 'INSERT' THEN
          ${raise('SELECT org_id FROM new_rows')}
        ELSIF TG_OP = 'UPDATE' THEN
          ${raise('SELECT org_id FROM new_rows UNION SELECT org_id FROM old_rows')}
        ELSE
          ${raise('SELECT org_id FROM old_rows')}
        END IF;
      ELSE
        -- An item's audiences or key messages; rows of an item being deleted have no item left to raise.
        IF TG_OP = 'INSERT' THEN
          ${raise('SELECT i.org_id FROM new_rows n JOIN items i ON i.id = n.item_id')}
        ELSE
          ${raise('SELECT i.org_id FROM old_rows o JOIN items i ON i.id = o.item_id')}
        END IF;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
}

export async function down(): Promise<void> {
  // The previous function failed only where this one skips rows of deleted organisations; it is
  // not put back (run down of 20261123T0300 to remove the triggers altogether).
}
