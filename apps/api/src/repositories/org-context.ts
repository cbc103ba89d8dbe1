import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

/** What planning and compliance need to know about an organisation. */
export interface OrganisationContext {
  id: string;
  parentId: string | null;
  name: string;
  path: string;
  depth: number;
  kind: string;
  timeZone: string;
  members: number | null;
  figures: Record<string, number>;
  /** Only confirmed items count toward its norms (its own setting; not inherited). */
  countOnlyConfirmed: boolean;
  /** Ids from the root down to this organisation, itself included. */
  lineage: string[];
}

/**
 * Ids on a materialised path, root first: '/a/b/c/' → ['a', 'b', 'c'].
 *
 * @example lineageOf('/r/c/') // ['r', 'c']
 */
export function lineageOf(path: string): string[] {
  return path.split('/').filter((id) => id !== '');
}

/**
 * Reads an organisation for a write or a judgement; undefined when there is none. `lock`: hold a
 * share lock on its row until the transaction ends, so that a concurrent time-zone change (which
 * recomputes items' local days) waits for an item being written with the old zone, or the write
 * waits for it.
 */
export async function findOrgContext(
  db: Kysely<DB> | Transaction<DB>,
  orgId: string,
  options: { lock?: boolean } = {},
): Promise<OrganisationContext | undefined> {
  let query = db
    .selectFrom('organisations')
    .select(orgContextColumns)
    .where('id', '=', orgId);
  if (options.lock) query = query.forShare();
  const row = await query.executeTakeFirst();
  return row && toOrgContext(row);
}

/** The columns {@link toOrgContext} reads. */
export const orgContextColumns = ['id', 'parent_id', 'name', 'path', 'depth', 'kind', 'timezone', 'members', 'figures', 'count_only_confirmed'] as const;

export function toOrgContext(row: {
  id: string;
  parent_id: string | null;
  name: string;
  path: string;
  depth: number;
  kind: string;
  timezone: string;
  members: number | null;
  figures: Record<string, number>;
  count_only_confirmed: boolean;
}): OrganisationContext {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    path: row.path,
    depth: row.depth,
    kind: row.kind,
    timeZone: row.timezone,
    members: row.members,
    figures: row.figures,
    countOnlyConfirmed: row.count_only_confirmed,
    lineage: lineageOf(row.path),
  };
}
