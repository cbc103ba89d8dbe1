import { sql, type Kysely, type Transaction } from 'kysely';
import type { Proposal, ProposalListQuery } from '@ritm/contracts/materials';
import type { ProposalStatus } from '@ritm/domain/materials';
import type { DB } from '../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

// News proposed upwards (issue 15). A proposal is read with both organisations' names and the
// names of who proposed and who answered, in one query; names as they are now (a renamed
// organisation reads renamed, as everywhere else in Ritm).

interface ProposalRow {
  id: string;
  from_org_id: string;
  from_org_name: string;
  to_org_id: string;
  to_org_name: string;
  item_id: string | null;
  title: string;
  text: string;
  url: string | null;
  status: ProposalStatus;
  reason: string | null;
  accepted_item_id: string | null;
  created_at: Date;
  created_by: string | null;
  created_by_name: string | null;
  answered_at: Date | null;
  answered_by: string | null;
  answered_by_name: string | null;
  version: number;
}

const personName = (alias: 'c' | 'a') => sql<string | null>`coalesce(nullif(${sql.ref(`${alias}.name`)}, ''), ${sql.ref(`${alias}.email`)})`;

function selectProposals(db: Db) {
  return db
    .selectFrom('proposals as p')
    .innerJoin('organisations as fo', 'fo.id', 'p.from_org_id')
    .innerJoin('organisations as too', 'too.id', 'p.to_org_id')
    .leftJoin('users as c', 'c.id', 'p.created_by')
    .leftJoin('users as a', 'a.id', 'p.answered_by')
    .select(['p.id', 'p.from_org_id', 'fo.name as from_org_name', 'p.to_org_id', 'too.name as to_org_name', 'p.item_id', 'p.title', 'p.text', 'p.url'])
    .select(['p.status', 'p.reason', 'p.accepted_item_id', 'p.created_at', 'p.created_by', 'p.answered_at', 'p.answered_by', 'p.version'])
    .select([personName('c').as('created_by_name'), personName('a').as('answered_by_name')]);
}

const iso = (value: Date) => new Date(value).toISOString();

function toProposal(row: ProposalRow): Proposal {
  return {
    id: row.id,
    fromOrgId: row.from_org_id,
    fromOrgName: row.from_org_name,
    toOrgId: row.to_org_id,
    toOrgName: row.to_org_name,
    itemId: row.item_id,
    title: row.title,
    text: row.text,
    url: row.url,
    status: row.status,
    reason: row.reason,
    acceptedItemId: row.accepted_item_id,
    createdAt: iso(row.created_at),
    createdBy: row.created_by === null ? null : { id: row.created_by, name: row.created_by_name ?? '' },
    answeredAt: row.answered_at === null ? null : iso(row.answered_at),
    answeredBy: row.answered_by === null ? null : { id: row.answered_by, name: row.answered_by_name ?? '' },
    version: row.version,
  };
}

/**
 * The proposals an organisation made (`outgoing`, the default) or was asked (`incoming`), of one
 * status if given, newest first.
 */
export async function listProposals(db: Db, orgId: string, query: ProposalListQuery): Promise<Proposal[]> {
  let q = selectProposals(db).where(query.direction === 'incoming' ? 'p.to_org_id' : 'p.from_org_id', '=', orgId);
  if (query.status !== undefined) q = q.where('p.status', '=', query.status);
  const rows = await q.orderBy('p.created_at', 'desc').orderBy('p.id').execute();
  return rows.map(toProposal);
}

/**
 * A proposal as one of its two organisations sees it: undefined when it does not exist or
 * `orgId` is neither the proposer nor the one asked. `forUpdate` locks it until the transaction
 * ends, so that two answers given at once are judged one after the other.
 */
export async function findProposal(db: Db, orgId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<Proposal | undefined> {
  let q = selectProposals(db)
    .where('p.id', '=', id)
    .where((eb) => eb.or([eb('p.from_org_id', '=', orgId), eb('p.to_org_id', '=', orgId)]));
  if (options.forUpdate) q = q.forUpdate('p');
  const row = await q.executeTakeFirst();
  return row && toProposal(row);
}

export interface NewProposal {
  fromOrgId: string;
  toOrgId: string;
  itemId: string | null;
  title: string;
  text: string;
  url: string | null;
  createdBy: string;
}

export async function insertProposal(trx: Transaction<DB>, proposal: NewProposal): Promise<string> {
  const row = await trx
    .insertInto('proposals')
    .values({
      from_org_id: proposal.fromOrgId,
      to_org_id: proposal.toOrgId,
      item_id: proposal.itemId,
      title: proposal.title,
      text: proposal.text,
      url: proposal.url,
      created_by: proposal.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What an organisation's own item says, for a proposal that names it; undefined when it is not the organisation's. */
export async function findOwnItemForProposal(
  db: Db,
  orgId: string,
  itemId: string,
): Promise<{ title: string; newsHook: string; notes: string; url: string | null } | undefined> {
  return db.selectFrom('items').select(['title', 'news_hook as newsHook', 'notes', 'url']).where('id', '=', itemId).where('org_id', '=', orgId).executeTakeFirst();
}
