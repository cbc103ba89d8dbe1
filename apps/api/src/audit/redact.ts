import type { Kysely } from 'kysely';
import { isUuid } from '@ritm/domain/uuid';
import type { Principal } from '../auth/access.js';
import type { DB } from '../db/schema.js';
import type { AuditRecord } from '../repositories/audit.js';
import { orgIdsVisibleTo } from '../repositories/roles.js';

const parentOf = (snapshot: unknown): string | undefined => {
  const value = typeof snapshot === 'object' && snapshot !== null ? (snapshot as { parentId?: unknown }).parentId : undefined;
  return typeof value === 'string' && isUuid(value) ? value : undefined;
};

const withoutParent = (snapshot: unknown): unknown => {
  const { parentId: _hidden, ...rest } = snapshot as Record<string, unknown>;
  return rest;
};

/**
 * Audit snapshots of an organisation name its parent then. After a move, the old parent lies in a
 * tree the new tree's people may not see: its id is taken out of what they read. A `parentId`
 * stays when the reader can see that organisation (it lies under one of their memberships), or it
 * is the read organisation's own parent (which its answers show anyway). System administrators see
 * everything.
 */
export async function hideUnseenParents(
  db: Kysely<DB>,
  reader: Pick<Principal, 'id' | 'isAdmin'>,
  readOrg: { parentId: string | null },
  entries: AuditRecord[],
): Promise<AuditRecord[]> {
  if (reader.isAdmin) return entries;
  const named = new Set(entries.flatMap((e) => [parentOf(e.before), parentOf(e.after)]).filter((id): id is string => id !== undefined));
  named.delete(readOrg.parentId ?? '');
  if (named.size === 0) return entries;
  const visible = await orgIdsVisibleTo(db, reader.id, [...named]);
  const seen = (id: string) => visible.has(id);
  const hide = (snapshot: unknown) => {
    const parent = parentOf(snapshot);
    return parent !== undefined && named.has(parent) && !seen(parent) ? withoutParent(snapshot) : snapshot;
  };
  return entries.map((entry) => ({ ...entry, before: hide(entry.before), after: hide(entry.after) }));
}
