import { sql, type Kysely, type Transaction } from 'kysely';
import type { Role } from '@ritm/domain/access';
import { PLAN_STATUSES_AWAITING_DIRECTOR } from '@ritm/domain/media-plan';
import type { DB } from '../db/schema.js';
import { archivedBelow, inArchive } from './orgs.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Roles that may bring a digest (a viewer's brings none). */
const DIGEST_ROLES: readonly Role[] = ['editor', 'director', 'admin'];

/** A role a person was given at an organisation, with what the digest needs of both. */
export interface DigestRoleRow {
  userId: string;
  email: string;
  name: string;
  locale: 'ru' | 'en';
  role: Role;
  orgId: string;
  orgName: string;
  path: string;
  timeZone: string;
}

/**
 * The roles that bring a digest, of active people, at organisations not in the archive; with
 * `userIds`, only theirs. Ordered by person, then by organisation path.
 */
export async function digestRoles(db: Db, options: { userIds?: readonly string[] } = {}): Promise<DigestRoleRow[]> {
  if (options.userIds !== undefined && options.userIds.length === 0) return [];
  let query = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select(['u.id as userId', 'u.email', 'u.name', 'u.locale', 'm.role', 'o.id as orgId', 'o.name as orgName', 'o.path', 'o.timezone as timeZone'])
    .where('m.role', 'in', DIGEST_ROLES)
    .where('u.disabled_at', 'is', null)
    .where(sql<boolean>`not ${inArchive('o.path')}`);
  if (options.userIds !== undefined) query = query.where('u.id', 'in', options.userIds);
  return query.orderBy('u.id').orderBy('o.path').execute();
}

/** The people with a role that brings a digest somewhere in an organisation's subtree (archives below it left out). */
export async function digestPeopleOfSubtree(db: Db, rootPath: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select('m.user_id')
    .distinct()
    .where('m.role', 'in', DIGEST_ROLES)
    .where('u.disabled_at', 'is', null)
    .where('o.path', 'like', sql<string>`${rootPath} || '%'`)
    .where(sql<boolean>`not ${archivedBelow('o.path', rootPath)}`)
    .execute();
  return rows.map((row) => row.user_id);
}

/** Of `userIds`, those whose digest for `week` has gone already. */
export async function digestsSent(db: Db, week: string, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.selectFrom('digest_runs').select('user_id').where('week', '=', week).where('user_id', 'in', userIds).execute();
  return new Set(rows.map((row) => row.user_id));
}

/**
 * Claims a person's digest of a week, first thing in the transaction that writes it: true when
 * this transaction is the one to send it. A second process claiming the same week waits on the
 * key until the first commits and then gets false. `again` (`ritm digest --force`) claims it
 * even when it went already.
 */
export async function claimDigestRun(trx: Transaction<DB>, userId: string, week: string, again: boolean): Promise<boolean> {
  const rows = await trx
    .insertInto('digest_runs')
    .values({ user_id: userId, week })
    .onConflict((oc) => (again ? oc.columns(['user_id', 'week']).doUpdateSet({ created_at: new Date(), mail_id: null }) : oc.columns(['user_id', 'week']).doNothing()))
    .returning('user_id')
    .execute();
  return rows.length > 0;
}

/** Records the mail a claimed digest went out in. */
export async function setDigestRunMail(trx: Transaction<DB>, userId: string, week: string, mailId: string): Promise<void> {
  await trx.updateTable('digest_runs').set({ mail_id: mailId }).where('user_id', '=', userId).where('week', '=', week).execute();
}

/** A person's items of an organisation on the days of a range (cancelled ones left out), by day. */
export async function itemsAssignedTo(db: Db, orgId: string, userId: string, range: { from: string; to: string }): Promise<{ id: string; title: string; day: string }[]> {
  return db
    .selectFrom('items')
    .select(['id', 'title', 'local_day as day'])
    .where('org_id', '=', orgId)
    .where('responsible_id', '=', userId)
    .where('local_day', '>=', range.from)
    .where('local_day', '<=', range.to)
    .where('status', '<>', 'cancelled')
    .orderBy('local_day')
    .orderBy('id')
    .execute();
}

/** Plans of a subtree waiting for a director (submitted, or changed since approval), archives left out, oldest period first. */
export async function plansAwaitingIn(db: Db, rootPath: string): Promise<{ id: string; orgId: string; orgName: string; title: string }[]> {
  return db
    .selectFrom('media_plans as p')
    .innerJoin('organisations as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.org_id as orgId', 'o.name as orgName', 'p.title'])
    .where('p.status', 'in', PLAN_STATUSES_AWAITING_DIRECTOR)
    .where('o.path', 'like', sql<string>`${rootPath} || '%'`)
    .where(sql<boolean>`not ${archivedBelow('o.path', rootPath)}`)
    .orderBy('p.period_start')
    .orderBy('o.path')
    .execute();
}
