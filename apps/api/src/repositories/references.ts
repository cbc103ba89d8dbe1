import { sql, type ExpressionBuilder, type Transaction } from 'kysely';
import type { DB, MediaPlansTable } from '../db/schema.js';
import type { OrganisationContext } from './org-context.js';

// What items and key messages refer to, read with a key-share lock so that a referenced row cannot
// be deleted (or its key changed) before the writing transaction commits.

/** The ids among `ids` that are audiences (or key messages) of the organisation or one above it. */
export async function visibleIds(trx: Transaction<DB>, table: 'audiences' | 'key_messages', org: OrganisationContext, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await trx.selectFrom(table).select('id').where('org_id', 'in', org.lineage).where('id', 'in', [...new Set(ids)]).forKeyShare().execute();
  return new Set(rows.map((row) => row.id));
}

/**
 * The users among `userIds` who can be responsible for the organisation's items: members of an
 * organisation above it, of it or below it, and system administrators.
 */
export async function eligibleResponsibles(trx: Transaction<DB>, org: OrganisationContext, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('users as u')
    .select('u.id')
    .where('u.id', 'in', [...new Set(userIds)])
    .where('u.disabled_at', 'is', null)
    .where((eb) => mayBeResponsible(eb, org))
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Whether user `u` may be responsible for `org`'s items: a system administrator, or a member of an organisation above it, of it, or below it. */
export function mayBeResponsible(eb: ExpressionBuilder<DB & { u: DB['users'] }, 'u'>, org: OrganisationContext) {
  return eb.or([eb('u.is_admin', '=', true), memberOfTree(eb, org)]);
}

function memberOfTree(eb: ExpressionBuilder<DB & { u: DB['users'] }, 'u'>, org: OrganisationContext) {
  return eb.exists(
    eb
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.org_id')
      .select('m.org_id')
      .whereRef('m.user_id', '=', 'u.id')
      .where((inner) => inner.or([inner('o.id', 'in', org.lineage), inner('o.path', 'like', sql<string>`${org.path} || '%'`)])),
  );
}

/** The organisation's channels among `ids`, with their types. */
export async function channelsOfOrg(trx: Transaction<DB>, orgId: string, ids: readonly string[]): Promise<Array<{ id: string; type: string }>> {
  if (ids.length === 0) return [];
  return trx.selectFrom('channels').select(['id', 'type']).where('org_id', '=', orgId).where('id', 'in', ids).forKeyShare().execute();
}

/** The organisation's media plans among `ids`, with their periods. */
export async function plansOfOrg(
  trx: Transaction<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<Array<{ id: string; period: MediaPlansTable['period']; period_start: string }>> {
  if (ids.length === 0) return [];
  return trx.selectFrom('media_plans').select(['id', 'period', 'period_start']).where('org_id', '=', orgId).where('id', 'in', ids).forKeyShare().execute();
}

const ITEM_LINKS = {
  channel: { table: 'channels', links: 'item_channels', column: 'channel_id' },
  audience: { table: 'audiences', links: 'item_audiences', column: 'audience_id' },
  key_message: { table: 'key_messages', links: 'item_key_messages', column: 'key_message_id' },
} as const;

/**
 * How many items use a catalogue entry. The entry's row is locked first (FOR UPDATE conflicts with
 * the key-share lock an item's write takes on what it refers to), so no item takes the entry up
 * between this count and its deletion.
 */
export async function itemsUsingEntry(trx: Transaction<DB>, entry: keyof typeof ITEM_LINKS, id: string): Promise<number> {
  const { table, links, column } = ITEM_LINKS[entry];
  await trx.selectFrom(table).select('id').where('id', '=', id).forUpdate().execute();
  const row = await trx
    .selectFrom(links)
    .select((eb) => eb.fn.count<string>(column).as('n'))
    .where(column, '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
