import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { findOrgContext, type OrganisationContext } from '../repositories/org-context.js';
import { loadOrgContext } from './org-context.js';

/** The two sides of the database: where writes go, and where dashboards and reports read (the same one without a replica). */
export interface Databases {
  primary: Kysely<DB>;
  read: Kysely<DB>;
}

/** Where a dashboard or report of one organisation reads, and the organisation as read there. */
export interface ReadSide {
  db: Kysely<DB>;
  org: OrganisationContext;
}

/**
 * The read side (the replica, DATABASE_READ_URL) for an organisation it knows; the primary for one
 * it does not know yet — created within the replica's replay lag — so that opening the dashboard
 * of an organisation just created answers it rather than 404.
 * @throws 404 `not_found` when the primary does not know it either.
 */
export async function readSideOf({ primary, read }: Databases, orgId: string): Promise<ReadSide> {
  const org = read === primary ? undefined : await findOrgContext(read, orgId);
  if (org) return { db: read, org };
  return { db: primary, org: await loadOrgContext(primary, orgId) };
}
