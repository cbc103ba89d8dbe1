import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { notFound } from '../http/errors.js';
import { findOrgContext, type OrganisationContext } from '../repositories/org-context.js';

/**
 * The organisation a request is about, for a write or a judgement (see {@link findOrgContext},
 * `lock` included).
 * @throws 404 `not_found` when there is no such organisation.
 */
export async function loadOrgContext(db: Kysely<DB> | Transaction<DB>, orgId: string, options: { lock?: boolean } = {}): Promise<OrganisationContext> {
  const org = await findOrgContext(db, orgId, options);
  if (!org) throw notFound('organisation');
  return org;
}
