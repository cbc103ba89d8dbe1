import { sql, type Kysely, type Transaction } from 'kysely';
import type { RoleGiven } from '@ritm/domain/notification-recipients';
import type { NotificationKind, NotificationPayload } from '@ritm/domain/notifications';
import type { DB } from '../db/schema.js';
import { inParameterChunks } from './parameter-chunks.js';
import { reachesSubtree } from './roles.js';

type Db = Kysely<DB> | Transaction<DB>;

/** One thing to tell some people: what it says and what it is about (with person and kind, unique). */
export interface NotificationToSend {
  userIds: readonly string[];
  payload: NotificationPayload;
  subject: string;
}

/**
 * Tells each of `userIds` what `payload` says, in the caller's transaction (so a change rolled back
 * tells nobody). One row per person, kind and `subject`: telling again what someone was already
 * told writes nothing. Returns the people newly told.
 */
export async function insertNotifications(db: Db, input: NotificationToSend & { at?: Date }): Promise<string[]> {
  return insertManyNotifications(db, [input], input.at);
}

/** {@link insertNotifications} for many things at once (an import assigning hundreds of items), a few statements in all. */
export async function insertManyNotifications(db: Db, sends: readonly NotificationToSend[], at?: Date): Promise<string[]> {
  const rows = sends.flatMap((send) =>
    [...new Set(send.userIds)].map((userId) => ({
      user_id: userId,
      org_id: send.payload.orgId,
      kind: send.payload.kind,
      subject: send.subject,
      payload: JSON.stringify(send.payload),
      ...(at ? { created_at: at } : {}),
    })),
  );
  const written = await inParameterChunks(rows, (chunk) =>
    db
      .insertInto('notifications')
      .values(chunk)
      .onConflict((oc) => oc.columns(['user_id', 'kind', 'subject']).doNothing())
      .returning('user_id')
      .execute(),
  );
  return written.map((row) => row.user_id);
}

/** A notification as stored: what it says is rendered from `payload` in the reader's language. */
export interface NotificationRecord {
  id: string;
  kind: NotificationKind;
  orgId: string | null;
  payload: NotificationPayload;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * A person's notifications, newest first: `limit` of them, older than `before` (a notification of
 * theirs; one of somebody else's reads as none) and only unread ones when asked. Reads one more
 * than asked to know whether a next page exists.
 */
export async function listNotifications(
  db: Db,
  userId: string,
  query: { unread?: boolean; limit: number; before?: string },
): Promise<{ items: NotificationRecord[]; more: boolean }> {
  let q = db
    .selectFrom('notifications as n')
    .select(['n.id', 'n.kind', 'n.org_id', 'n.payload', 'n.created_at', 'n.read_at'])
    .where('n.user_id', '=', userId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(query.limit + 1);
  if (query.unread) q = q.where('n.read_at', 'is', null);
  if (query.before !== undefined) {
    // Keyset paging on the index (user_id, created_at desc, id desc): rows written meanwhile do not shift the pages.
    const before = query.before;
    q = q.where(({ eb, refTuple, selectFrom }) =>
      eb(
        refTuple('n.created_at', 'n.id'),
        '<',
        selectFrom('notifications as b').select(['b.created_at', 'b.id']).where('b.id', '=', before).where('b.user_id', '=', userId) as never,
      ),
    );
  }
  const rows = await q.execute();
  const more = rows.length > query.limit;
  return {
    more,
    items: rows.slice(0, query.limit).map((row) => ({
      id: row.id,
      kind: row.kind,
      orgId: row.org_id,
      payload: row.payload as NotificationPayload,
      createdAt: row.created_at,
      readAt: row.read_at,
    })),
  };
}

/** How many of a person's notifications are unread. */
export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks one of a person's notifications read (kept as first read if already); undefined when they have no such notification. */
export async function markRead(db: Db, userId: string, id: string, at: Date): Promise<true | undefined> {
  const row = await db
    .updateTable('notifications')
    .set({ read_at: sql<Date>`coalesce(read_at, ${at})` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  return row ? true : undefined;
}

/** Marks every unread notification of a person read. */
export async function markAllRead(db: Db, userId: string, at: Date): Promise<void> {
  await db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

// ---- Who may be told: the candidates the domain's rules (notification-recipients.ts) choose among.

/**
 * The roles given at an organisation and at each organisation above it, to people still active,
 * with the depth of the organisation each was given at (for `planApprovers`).
 */
export async function rolesGivenAlong(db: Db, orgId: string): Promise<RoleGiven[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as given', 'given.id', 'm.org_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organisations as target', (join) => join.on('target.id', '=', orgId).on(reachesSubtree('given.path', 'target.path')))
    .select(['m.user_id as userId', 'm.role', 'given.depth'])
    .where('u.disabled_at', 'is', null)
    .orderBy('given.depth')
    .orderBy('m.user_id')
    .execute();
  return rows.map((row) => ({ userId: row.userId, role: row.role, depth: row.depth }));
}

/** The roles given at each of the organisations itself (not inherited), to people still active (for `normAtRiskRecipients`). */
export async function rolesGivenAt(db: Db, orgIds: readonly string[]): Promise<Map<string, RoleGiven[]>> {
  const found = new Map<string, RoleGiven[]>();
  if (orgIds.length === 0) return found;
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as given', 'given.id', 'm.org_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.org_id as orgId', 'm.user_id as userId', 'm.role', 'given.depth'])
    .where('m.org_id', 'in', [...new Set(orgIds)])
    .where('u.disabled_at', 'is', null)
    .orderBy('m.user_id')
    .execute();
  for (const row of rows) {
    const roles = found.get(row.orgId) ?? [];
    roles.push({ userId: row.userId, role: row.role, depth: row.depth });
    found.set(row.orgId, roles);
  }
  return found;
}

/** The organisations at the top of each tree that are not archived: the watcher judges tree by tree from them. */
export async function liveRootOrgIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('organisations').select('id').where('parent_id', 'is', null).where('archived_at', 'is', null).orderBy('path').execute();
  return rows.map((row) => row.id);
}

/** Those of `userIds` still active and holding a role at the organisation or above it. */
export async function activeMembersAmong(db: Db, orgId: string, userIds: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Set();
  const rows = await db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.id', 'in', unique)
    .where('u.disabled_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships as m')
          .innerJoin('organisations as given', 'given.id', 'm.org_id')
          .innerJoin('organisations as target', (join) => join.on('target.id', '=', orgId).on(reachesSubtree('given.path', 'target.path')))
          .select('m.org_id')
          .whereRef('m.user_id', '=', 'u.id'),
      ),
    )
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Who last submitted a plan, by the audit log; null when nobody did (or their account is gone). */
export async function lastSubmitterOf(db: Db, planId: string): Promise<string | null> {
  const row = await db
    .selectFrom('audit_log')
    .select('user_id')
    .where('entity', '=', 'media_plan')
    .where('entity_id', '=', planId)
    .where('action', '=', 'submit')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** A person's name as others see it (the actor a notification names); '' for nobody. */
export async function userNameOf(db: Db, userId: string | null): Promise<string> {
  if (userId === null) return '';
  const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return row?.name ?? '';
}

/**
 * The zone of the organisation of a person's topmost role (the shallowest; ties by name): the
 * zone their digest keeps when they chose none. Null without a role.
 */
export async function topmostOrgZoneOf(db: Db, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select('o.timezone')
    .where('m.user_id', '=', userId)
    .orderBy('o.depth')
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(1)
    .executeTakeFirst();
  return row?.timezone ?? null;
}
