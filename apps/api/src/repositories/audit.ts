import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

export interface AuditFilter {
  /** Path of the organisation whose subtree is read. */
  orgPath: string;
  /** Rows at or after this instant. */
  since?: Date | undefined;
  /** Rows before this instant. */
  until?: Date | undefined;
  entity?: string | undefined;
  /** Only rows older than this id (the previous page's last). */
  before?: string | undefined;
  limit: number;
}

export interface AuditRecord {
  id: string;
  at: string;
  orgId: string | null;
  user: { id: string; name: string; email: string } | null;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

/**
 * Audit rows of an organisation's subtree, newest first. Paged by id (keyset), so a page does not
 * shift while new rows arrive. Returns one row more than `limit` when there is a next page.
 */
export async function readAudit(db: Kysely<DB>, filter: AuditFilter): Promise<AuditRecord[]> {
  let query = db
    .selectFrom('audit_log as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.at', 'a.org_id', 'a.user_id', 'u.name as user_name', 'u.email as user_email', 'a.entity', 'a.entity_id', 'a.action', 'a.before', 'a.after'])
    .where('o.path', 'like', `${filter.orgPath}%`);
  if (filter.since !== undefined) query = query.where('a.at', '>=', filter.since);
  if (filter.until !== undefined) query = query.where('a.at', '<', filter.until);
  if (filter.entity !== undefined) query = query.where('a.entity', '=', filter.entity);
  if (filter.before !== undefined) query = query.where('a.id', '<', filter.before);
  const rows = await query.orderBy('a.id', 'desc').limit(filter.limit + 1).execute();
  return rows.map((row) => ({
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    orgId: row.org_id,
    user: row.user_id && row.user_name !== null && row.user_email !== null ? { id: row.user_id, name: row.user_name, email: row.user_email } : null,
    entity: row.entity,
    entityId: row.entity_id,
    action: row.action,
    before: row.before,
    after: row.after,
  }));
}

export interface AuditEntry {
  orgId: string | null;
  userId: string | null;
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row in the same transaction as the change it records, so neither exists without the other. */
export async function recordAudit(trx: Transaction<DB>, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      org_id: entry.orgId,
      user_id: entry.userId,
      entity: entry.entity,
      entity_id: entry.entityId,
      action: entry.action,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
