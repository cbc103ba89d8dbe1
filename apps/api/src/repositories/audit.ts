import type { Kysely, Transaction } from 'kysely';
import type { AuditAction, AuditEntity } from '@ritm/domain/audit';
import type { DB } from '../db/schema.js';
import { inParameterChunks } from './parameter-chunks.js';

export interface AuditFilter {
  /** Path of the organisation whose subtree is read. */
  orgPath: string;
  /** Rows at or after this instant. */
  since?: Date | undefined;
  /** Rows before this instant. */
  until?: Date | undefined;
  entity?: AuditEntity | undefined;
  action?: AuditAction | undefined;
  /** Only rows written by this person. */
  userId?: string | undefined;
  /** Only rows older than this id (the previous page's last). */
  before?: string | undefined;
  limit: number;
}

export interface AuditRecord {
  id: string;
  at: string;
  orgId: string | null;
  orgName: string | null;
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
    .select(['a.id', 'a.at', 'a.org_id', 'o.name as org_name', 'a.user_id', 'u.name as user_name', 'u.email as user_email', 'a.entity', 'a.entity_id', 'a.action', 'a.before', 'a.after'])
    .where('o.path', 'like', `${filter.orgPath}%`);
  if (filter.since !== undefined) query = query.where('a.at', '>=', filter.since);
  if (filter.until !== undefined) query = query.where('a.at', '<', filter.until);
  if (filter.entity !== undefined) query = query.where('a.entity', '=', filter.entity);
  if (filter.action !== undefined) query = query.where('a.action', '=', filter.action);
  if (filter.userId !== undefined) query = query.where('a.user_id', '=', filter.userId);
  if (filter.before !== undefined) query = query.where('a.id', '<', filter.before);
  const rows = await query.orderBy('a.id', 'desc').limit(filter.limit + 1).execute();
  return rows.map((row) => ({
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    orgId: row.org_id,
    orgName: row.org_name,
    user: row.user_id && row.user_name !== null && row.user_email !== null ? { id: row.user_id, name: row.user_name, email: row.user_email } : null,
    entity: row.entity,
    entityId: row.entity_id,
    action: row.action,
    before: row.before,
    after: row.after,
  }));
}

/**
 * Names of the records with these ids that an audit reader of the subtree at `orgPath` may see:
 * its organisations, their channels, audiences, key messages and plans, and people. One query
 * per kind of record, each by primary key.
 */
export async function namesForAudit(db: Kysely<DB>, orgPath: string, ids: readonly string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const [orgs, channels, audiences, messages, plans, people] = await Promise.all([
    db.selectFrom('organisations as o').select(['o.id', 'o.name']).where('o.id', 'in', ids).where('o.path', 'like', `${orgPath}%`).execute(),
    db.selectFrom('channels as c').innerJoin('organisations as o', 'o.id', 'c.org_id').select(['c.id', 'c.name']).where('c.id', 'in', ids).where('o.path', 'like', `${orgPath}%`).execute(),
    db.selectFrom('audiences as c').innerJoin('organisations as o', 'o.id', 'c.org_id').select(['c.id', 'c.name']).where('c.id', 'in', ids).where('o.path', 'like', `${orgPath}%`).execute(),
    db.selectFrom('key_messages as c').innerJoin('organisations as o', 'o.id', 'c.org_id').select(['c.id', 'c.text as name']).where('c.id', 'in', ids).where('o.path', 'like', `${orgPath}%`).execute(),
    db.selectFrom('media_plans as c').innerJoin('organisations as o', 'o.id', 'c.org_id').select(['c.id', 'c.title as name']).where('c.id', 'in', ids).where('o.path', 'like', `${orgPath}%`).execute(),
    db.selectFrom('users as u').select(['u.id', 'u.name', 'u.email']).where('u.id', 'in', ids).execute(),
  ]);
  const names: Record<string, string> = {};
  for (const row of [...orgs, ...channels, ...audiences, ...messages, ...plans]) names[row.id] = row.name;
  for (const row of people) names[row.id] = row.name || row.email;
  return names;
}

export interface AuditEntry {
  orgId: string | null;
  userId: string | null;
  entity: AuditEntity;
  entityId: string;
  action: AuditAction;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row in the same transaction as the change it records, so neither exists without the other. */
export async function recordAudit(trx: Transaction<DB>, entry: AuditEntry): Promise<void> {
  await recordAudits(trx, [entry]);
}

/** Writes many audit rows (one per record a read of evidence wrote) in few statements, in the caller's transaction. */
export async function recordAudits(trx: Transaction<DB>, entries: readonly AuditEntry[]): Promise<void> {
  const rows = entries.map((entry) => ({
    org_id: entry.orgId,
    user_id: entry.userId,
    entity: entry.entity,
    entity_id: entry.entityId,
    action: entry.action,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  }));
  await inParameterChunks(rows, (chunk) => trx.insertInto('audit_log').values(chunk).execute());
}
