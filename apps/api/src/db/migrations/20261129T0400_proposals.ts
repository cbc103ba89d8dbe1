import { sql, type Kysely } from 'kysely';

// Frozen: imports nothing from the application.
//
// Issue 15 (reuse and cascade), upwards: a lower organisation proposes its news to an
// organisation above it ("news worth the outside media"), which accepts it into its own plan (an
// ordinary item, `accepted_item_id`) or declines it with a reason. A proposal is answered once:
// the checks below keep the answer's columns consistent with its status. The proposer's item and
// the accepted item may be deleted later; the proposal stays as the record of what was asked and
// answered. Proposals go with either organisation (an organisation deleted takes its history).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against an untyped database on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE proposals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      from_org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      to_org_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      item_id uuid REFERENCES items(id) ON DELETE SET NULL,
      title text NOT NULL,
      text text NOT NULL DEFAULT '',
      url text,
      status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'declined')),
      reason text,
      accepted_item_id uuid REFERENCES items(id) ON DELETE SET NULL,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      answered_by uuid REFERENCES users(id) ON DELETE SET NULL,
      answered_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (from_org_id <> to_org_id),
      CHECK ((status = 'proposed') = (answered_at IS NULL)),
      CHECK ((status = 'declined') = (reason IS NOT NULL))
    )
  `.execute(db);
  await sql`CREATE INDEX proposals_outgoing ON proposals (from_org_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX proposals_incoming ON proposals (to_org_id, status, created_at DESC)`.execute(db);
  await sql`CREATE INDEX proposals_item ON proposals (item_id) WHERE item_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX proposals_accepted_item ON proposals (accepted_item_id) WHERE accepted_item_id IS NOT NULL`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE proposals`.execute(db);
}
