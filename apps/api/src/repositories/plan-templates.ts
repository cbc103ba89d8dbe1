import { sql, type Kysely, type Transaction } from 'kysely';
import type { TemplateEntry, TemplateSpan } from '@ritm/domain/plan-template';
import type { DB } from '../db/schema.js';
import { utcIso } from './items.js';

/** A template as stored, with the name and path of the organisation that saved it. */
export interface PlanTemplateRow {
  id: string;
  orgId: string;
  orgName: string;
  /** The owner's materialised path, to tell whether an organisation lies below it. */
  orgPath: string;
  name: string;
  span: TemplateSpan;
  shareDown: boolean;
  entryCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

function selectTemplates(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('plan_templates as t')
    .innerJoin('organisations as o', 'o.id', 't.org_id')
    .select([
      't.id as id',
      't.org_id as orgId',
      'o.name as orgName',
      'o.path as orgPath',
      't.name as name',
      't.span as span',
      't.share_down as shareDown',
      't.version as version',
    ])
    .select([
      sql<number>`jsonb_array_length(t.entries)`.as('entryCount'),
      utcIso('t.created_at').as('createdAt'),
      utcIso('t.updated_at').as('updatedAt'),
    ]);
}

/**
 * The templates an organisation sees: its own, then those the organisations above it share down,
 * nearest first, each group by name. `lineage`: ids from the root down to the organisation.
 */
// The mirror in SQL of the domain's `templateVisibleAt` (own, or shared down from an organisation
// above: one of the lineage's ancestors); routes/templates/templates.test.ts checks the two agree.
export async function listTemplates(db: Kysely<DB>, orgId: string, lineage: readonly string[]): Promise<PlanTemplateRow[]> {
  const above = lineage.filter((id) => id !== orgId);
  return selectTemplates(db)
    .where((eb) => eb.or([eb('t.org_id', '=', orgId), ...(above.length > 0 ? [eb.and([eb('t.org_id', 'in', above), eb('t.share_down', '=', true)])] : [])]))
    .orderBy('o.depth', 'desc')
    .orderBy('t.name')
    .orderBy('t.id')
    .execute();
}

/** A template by id, with its entries; undefined when there is none. */
export async function findTemplate(
  db: Kysely<DB> | Transaction<DB>,
  id: string,
): Promise<(PlanTemplateRow & { entries: TemplateEntry[] }) | undefined> {
  return selectTemplates(db).select('t.entries as entries').where('t.id', '=', id).executeTakeFirst();
}

export async function insertTemplate(
  trx: Transaction<DB>,
  values: { orgId: string; name: string; span: TemplateSpan; shareDown: boolean; entries: readonly TemplateEntry[]; createdBy: string },
): Promise<string> {
  const row = await trx
    .insertInto('plan_templates')
    .values({
      org_id: values.orgId,
      name: values.name,
      span: values.span,
      share_down: values.shareDown,
      entries: JSON.stringify(values.entries),
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Takes the organisation's template-apply lock until the transaction ends: two applies into one
 * organisation at once run one after the other, the second reading what the first created (a share
 * lock on the organisation's row lets both read before either writes).
 */
export async function lockTemplateApplies(trx: Transaction<DB>, orgId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`template_apply:${orgId}`}, 0))`.execute(trx);
}
