import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { reachesSubtree } from './roles.js';

// People and roles (issue 16): the account side of administration — finding people to give a
// role to, who keeps an organisation administered, and an account's state.

export interface CandidateRecord {
  id: string;
  email: string;
  name: string;
  active: boolean;
  unassigned: boolean;
}

/**
 * Users whose e-mail or name contains `text` (case aside; `unassignedOnly`: those with no role
 * anywhere), at most `limit`, that an administrator
 * of `orgId` may give a role there: not already given one there, and either holding no role
 * anywhere yet (found by their whole e-mail, unless `everyone`) or holding one in a tree the
 * caller sees (`everyone` for a system administrator), so a search reveals nobody of organisations
 * the caller has nothing to do with and offers no unclaimed account to take over.
 */
export async function findCandidates(
  db: Kysely<DB>,
  params: { orgId: string; text: string; unassignedOnly: boolean; callerId: string; everyone: boolean; limit: number },
): Promise<CandidateRecord[]> {
  const pattern = `%${params.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('users as u')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.name',
      'u.disabled_at',
      eb.not(eb.exists(eb.selectFrom('memberships as any_m').select('any_m.org_id').whereRef('any_m.user_id', '=', 'u.id'))).as('unassigned'),
    ])
    .where('u.is_admin', '=', false)
    .where((eb) => eb.or([eb(eb.fn('lower', ['u.email']), 'like', pattern), eb(eb.fn('lower', ['u.name']), 'like', pattern)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('memberships as here').select('here.org_id').whereRef('here.user_id', '=', 'u.id').where('here.org_id', '=', params.orgId))))
    .$if(params.unassignedOnly, (query) =>
      query.where((eb) => eb.not(eb.exists(eb.selectFrom('memberships as none').select('none.org_id').whereRef('none.user_id', '=', 'u.id')))),
    )
    .$if(!params.everyone, (query) =>
      query.where((eb) =>
        eb.or([
          // Someone with no role is found by their whole e-mail only: a role given here would make
          // them this administrator's to reset, so a part of a name must not offer any account.
          eb.and([
            eb.not(eb.exists(eb.selectFrom('memberships as none').select('none.org_id').whereRef('none.user_id', '=', 'u.id'))),
            eb(eb.fn('lower', ['u.email']), '=', params.text.trim().toLowerCase()),
          ]),
          eb.exists(
            eb
              .selectFrom('memberships as theirs')
              .innerJoin('organisations as their_org', 'their_org.id', 'theirs.org_id')
              .innerJoin('organisations as caller_org', (join) => join.on(reachesSubtree('caller_org.path', 'their_org.path')))
              .innerJoin('memberships as mine', 'mine.org_id', 'caller_org.id')
              .select('theirs.org_id')
              .whereRef('theirs.user_id', '=', 'u.id')
              .where('mine.user_id', '=', params.callerId),
          ),
        ]),
      ),
    )
    .orderBy('u.email')
    .limit(params.limit)
    .execute();
  return rows.map((row) => ({ id: row.id, email: row.email, name: row.name, active: row.disabled_at === null, unassigned: Boolean(row.unassigned) }));
}

/** The organisations where the user is given a role (not those below, which inherit it). */
export async function membershipOrgIds(db: Kysely<DB>, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('org_id').where('user_id', '=', userId).execute();
  return rows.map((row) => row.org_id);
}

/**
 * The organisations whose administration would end if the user were deactivated (or, with
 * `orgId`, lost their role there): where the user is given `admin` and no other active
 * administrator role is given there or above. Every administrator membership of those
 * lineages is locked first (with its user), so two administrators removing each other at once
 * cannot both pass: the second waits and counts again.
 */
export async function orgsLeftWithoutAdmin(trx: Transaction<DB>, userId: string, orgId?: string): Promise<Array<{ id: string; name: string }>> {
  // Deactivating (no orgId) takes every role of the user out of the count; taking one role away
  // leaves the user's roles given above it counting.
  const going = orgId === undefined ? sql`m.user_id = ${userId}::uuid` : sql`(m.user_id = ${userId}::uuid and m.org_id = ${orgId}::uuid)`;
  const mineOnly = orgId === undefined ? sql`` : sql`and mine.org_id = ${orgId}::uuid`;
  // First every administrator role that counts here, the user's own among them, locked in one
  // order for all (organisation, then user): two administrators stepping down at once then wait
  // for each other instead of each locking the other's row first, which PostgreSQL broke as a
  // deadlock (a 503). The second then counts what the first left and is refused (409).
  await sql`
    select m.org_id from memberships m
    join organisations o on o.id = m.org_id
    join users u on u.id = m.user_id
    where m.role = 'admin'
      and exists (
        select 1 from memberships mine join organisations mo on mo.id = mine.org_id
        where mine.user_id = ${userId}::uuid and mine.role = 'admin' ${mineOnly} and ${reachesSubtree('o.path', 'mo.path')}
      )
    order by m.org_id, m.user_id
    for update of m, u`.execute(trx);
  const { rows } = await sql<{ id: string; name: string }>`
    with mine as (
      select o.id, o.name, o.path from memberships m join organisations o on o.id = m.org_id
      where m.user_id = ${userId}::uuid and m.role = 'admin' ${orgId === undefined ? sql`` : sql`and m.org_id = ${orgId}::uuid`}
    ),
    others as (
      select o.path from memberships m
      join organisations o on o.id = m.org_id
      join users u on u.id = m.user_id
      where m.role = 'admin' and u.disabled_at is null and not ${going}
        and exists (select 1 from mine where ${reachesSubtree('o.path', 'mine.path')})
      for update of m, u
    )
    select mine.id, mine.name from mine
    where not exists (select 1 from others where ${reachesSubtree('others.path', 'mine.path')})
    order by mine.path`.execute(trx);
  return rows;
}

/**
 * Those of `userIds` whose every role lies in a subtree where the caller holds one of
 * `managingRoles` (the roles that allow `member.manage`): the caller administers everywhere the
 * user works, so may reset their password or deactivate them. System administrators and users
 * with no role at all are nobody's but a system administrator's.
 */
export async function usersManagedBy(db: Kysely<DB>, callerId: string, managingRoles: readonly string[], userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0 || managingRoles.length === 0) return new Set();
  const rows = await db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.id', 'in', userIds)
    .where('u.is_admin', '=', false)
    .where(({ exists, selectFrom }) => exists(selectFrom('memberships as any_m').select('any_m.org_id').whereRef('any_m.user_id', '=', 'u.id')))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('memberships as theirs')
            .innerJoin('organisations as their_org', 'their_org.id', 'theirs.org_id')
            .select('theirs.org_id')
            .whereRef('theirs.user_id', '=', 'u.id')
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom('memberships as mine')
                    .innerJoin('organisations as my_org', 'my_org.id', 'mine.org_id')
                    .select('mine.org_id')
                    .where('mine.user_id', '=', callerId)
                    .where('mine.role', 'in', managingRoles as never)
                    .where(reachesSubtree('my_org.path', 'their_org.path')),
                ),
              ),
            ),
        ),
      ),
    )
    .execute();
  return new Set(rows.map((row) => row.id));
}
