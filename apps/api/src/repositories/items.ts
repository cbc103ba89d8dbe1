import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Item, ItemQuery } from '@ritm/contracts/items';
import { COUNTED_STATUSES } from '@ritm/domain/counting-groups';
import type { DB, ItemUpdate, NewItemRow } from '../db/schema.js';
import { itemsRevisionExpression } from './revisions.js';

/** An instant as `Date#toISOString` prints it: UTC, milliseconds (truncated, as a JS Date holds them), `Z`. */
export const utcIso = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The domain's `isConfirmed` of an item row `alias`, in SQL (lists and counts are made by the
 * database): done, with a URL or an attachment. Attachments are counted in `attachment_count`.
 */
export const confirmedColumn = (alias: string) =>
  sql<boolean>`(${sql.ref(`${alias}.status`)} = any(${sql.val([...COUNTED_STATUSES.done])}::text[]) and (${sql.ref(`${alias}.url`)} is not null or ${sql.ref(`${alias}.attachment_count`)} > 0))`;

/**
 * The one mapping of an item row to the API's `Item`, done by the database: a row `j` beside
 * each item whose column names are the contract's keys, in its order, so that `to_json(j)` is
 * the item's JSON (cheaper for the server than `json_build_object` of 26 pairs). Channels in the
 * item's own stored order, audiences and key messages sorted (small correlated look-ups on their
 * primary keys), the last editor joined by primary key. Dates go out as the driver reads them
 * (`::text`); instants in UTC whatever the session's TimeZone. Reading rows into JavaScript and
 * serialising them again cost more than the query: pg row parsing, a Date per timestamp, an
 * object per item, fast-json-stringify.
 */
const itemRow = sql`(select
  i.id as "id",
  i.org_id as "orgId",
  i.plan_id as "planId",
  i.kind as "kind",
  i.title as "title",
  i.news_hook as "newsHook",
  i.format as "format",
  i.status as "status",
  coalesce(i.at_date::text, ${utcIso('i.at_instant')}) as "at",
  i.local_day::text as "localDay",
  i.channel_ids as "channelIds",
  coalesce((select json_agg(x.audience_id order by x.audience_id) from item_audiences x where x.item_id = i.id), '[]'::json) as "audienceIds",
  coalesce((select json_agg(x.key_message_id order by x.key_message_id) from item_key_messages x where x.item_id = i.id), '[]'::json) as "keyMessageIds",
  i.responsible_id as "responsibleId",
  ${utcIso('i.published_at')} as "publishedAt",
  i.url as "url",
  i.views as "views",
  i.likes as "likes",
  i.reposts as "reposts",
  i.comments as "comments",
  ${utcIso('i.reach_read_at')} as "reachReadAt",
  i.notes as "notes",
  i.attachment_count as "attachmentCount",
  ${confirmedColumn('i')} as "confirmed",
  i.series_id as "seriesId",
  i.series_day::text as "seriesDay",
  i.material_id as "materialId",
  i.version as "version",
  ${utcIso('i.created_at')} as "createdAt",
  ${utcIso('i.updated_at')} as "updatedAt",
  case when i.updated_by is null then null
    else json_build_object('id', i.updated_by, 'name', coalesce(nullif(u.name, ''), u.email, '')) end as "updatedBy"
)`;

/** Items `i` with their last editor `u` and their JSON row `j` (see {@link itemRow}). */
function fromItems(db: Kysely<DB> | Transaction<DB>) {
  return db.selectFrom('items as i').leftJoin('users as u', 'u.id', 'i.updated_by').crossJoinLateral(itemRow.as('j'));
}

/** Items, one JSON text each (text, so that neither driver parses it on its own terms). */
function selectItems(db: Kysely<DB> | Transaction<DB>) {
  return fromItems(db).select(sql<string>`to_json(j)::text`.as('item'));
}

const parseItem = (row: { item: string }): Item => JSON.parse(row.item) as Item;

/**
 * An organisation's items on local days `from … to`, filtered, in day order, as one SQL
 * expression: the JSON text of an `ItemList` body, ready to send, with no row or object per item.
 * Written as SQL text rather than built: the route's hottest read, where building the query cost
 * more than running it (prepared). Each filter given adds its condition, so a statement stays one
 * plan per set of filters (at most 2^6 texts).
 */
export function itemListExpression(orgId: string, query: ItemQuery): RawBuilder<string> {
  const filters = [
    query.kind !== undefined && sql`and i.kind = ${query.kind}`,
    query.status !== undefined && sql`and i.status = ${query.status}`,
    query.responsibleId !== undefined && sql`and i.responsible_id = ${query.responsibleId}::uuid`,
    query.planId !== undefined && sql`and i.plan_id = ${query.planId}::uuid`,
    query.channelId !== undefined && sql`and i.channel_ids @> array[${query.channelId}]::uuid[]`,
    query.audienceId !== undefined && sql`and exists (select 1 from item_audiences a where a.item_id = i.id and a.audience_id = ${query.audienceId}::uuid)`,
  ].filter((filter) => filter !== false);
  // An aggregate without GROUP BY: exactly one row, also when no item matches.
  return sql<string>`(select json_build_object('items', coalesce(json_agg(j order by i.local_day, i.at_instant, i.created_at, i.id), '[]'::json))::text
    from items i left join users u on u.id = i.updated_by cross join lateral ${itemRow} j
    where i.org_id = ${orgId}::uuid and i.local_day >= ${query.from}::date and i.local_day <= ${query.to}::date ${sql.join(filters, sql` `)})`;
}

/** {@link itemListExpression}, read on its own. */
export async function listItemsJson(db: Kysely<DB>, orgId: string, query: ItemQuery): Promise<string> {
  const { rows } = await sql<{ body: string }>`select ${itemListExpression(orgId, query)} as body`.execute(db);
  return rows[0]!.body;
}

/**
 * The lists' revision (repositories/revisions.ts) and the list, read by one statement as one text
 * (`<revision>\n<body>`; split by {@link splitRevisedList}): the list is exactly the one of that
 * revision, and a list asked for afresh costs one round trip with the caller (plugins/auth.ts).
 */
export function revisedListExpression(orgId: string, query: ItemQuery): RawBuilder<string> {
  return sql<string>`(${itemsRevisionExpression(orgId)} || chr(10) || ${itemListExpression(orgId, query)})`;
}

/** What {@link revisedListExpression} read, or a revision alone (no body). */
export function splitRevisedList(text: string): { revision: string; body: string | null } {
  // A revision is `<items>:<user names>`, digits only: the first line break ends it.
  const end = text.indexOf('\n');
  return end < 0 ? { revision: text, body: null } : { revision: text.slice(0, end), body: text.slice(end + 1) };
}

/**
 * A plan's content: every item of the organisation on a local day of the period, whichever plan
 * it names (a month plan holds its weeks' items), cancelled ones included, in day order.
 */
export async function listPlanItems(db: Kysely<DB> | Transaction<DB>, orgId: string, period: { start: string; end: string }): Promise<Item[]> {
  const rows = await selectItems(db)
    .where('i.org_id', '=', orgId)
    .where('i.local_day', '>=', period.start)
    .where('i.local_day', '<=', period.end)
    .orderBy('i.local_day')
    .orderBy('i.at_instant')
    .orderBy('i.created_at')
    .orderBy('i.id')
    .execute();
  return rows.map(parseItem);
}

export async function findItem(db: Kysely<DB> | Transaction<DB>, orgId: string, id: string): Promise<Item | undefined> {
  const row = await selectItems(db).where('i.id', '=', id).where('i.org_id', '=', orgId).executeTakeFirst();
  return row && parseItem(row);
}

export async function findItemsByIds(db: Kysely<DB> | Transaction<DB>, ids: readonly string[]): Promise<Item[]> {
  if (ids.length === 0) return [];
  const rows = await selectItems(db).where('i.id', 'in', ids).execute();
  return rows.map(parseItem);
}

/** The stored form of an item's links, written with it in one transaction. */
export interface ItemLinks {
  channelIds: readonly string[];
  audienceIds: readonly string[];
  keyMessageIds: readonly string[];
}

export async function writeItemLinks(trx: Transaction<DB>, itemIds: readonly string[], links: readonly Partial<ItemLinks>[], replace: boolean): Promise<void> {
  const kinds = [
    { table: 'item_channels', column: 'channel_id', key: 'channelIds' },
    { table: 'item_audiences', column: 'audience_id', key: 'audienceIds' },
    { table: 'item_key_messages', column: 'key_message_id', key: 'keyMessageIds' },
  ] as const;
  for (const { table, column, key } of kinds) {
    const touched = itemIds.filter((_, i) => links[i]?.[key] !== undefined);
    if (touched.length === 0) continue;
    if (replace) await trx.deleteFrom(table).where('item_id', 'in', touched).execute();
    const values = itemIds.flatMap((item_id, i) => (links[i]?.[key] ?? []).map((id) => ({ item_id, [column]: id })));
    if (values.length > 0) await trx.insertInto(table).values(values as never).execute();
  }
}

/** Inserts item rows (their links are {@link writeItemLinks}'s); their ids in the order given. */
export async function insertItems(trx: Transaction<DB>, rows: readonly NewItemRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await trx.insertInto('items').values(rows as NewItemRow[]).returning('id').execute();
  return inserted.map((row) => row.id);
}

/**
 * Updates many items in one statement, each only if it still has its `expected` version (the
 * version goes up by one, as {@link updateVersioned} does for one row). The rows are passed as one
 * JSON document, so their number does not meet the parameter limit. Returns the ids written.
 */
export async function updateItemRows(trx: Transaction<DB>, rows: ReadonlyArray<{ id: string; expected: number; values: ItemUpdate }>): Promise<string[]> {
  if (rows.length === 0) return [];
  const json = JSON.stringify(rows.map(({ id, expected, values }) => ({ ...values, id, expected })));
  const result = await sql<{ id: string }>`
    update items i set
      updated_by = v.updated_by, plan_id = v.plan_id, kind = v.kind, title = v.title, news_hook = v.news_hook,
      format = v.format, status = v.status, at_date = v.at_date, at_instant = v.at_instant, local_day = v.local_day,
      responsible_id = v.responsible_id, published_at = v.published_at, url = v.url, views = v.views, likes = v.likes,
      reposts = v.reposts, comments = v.comments, notes = v.notes, channel_ids = v.channel_ids,
      version = i.version + 1, updated_at = now()
    from jsonb_to_recordset(${json}::jsonb) as v(
      id uuid, expected int, updated_by uuid, plan_id uuid, kind text, title text, news_hook text, format text, status text,
      at_date date, at_instant timestamptz, local_day date, responsible_id uuid, published_at timestamptz, url text,
      views int, likes int, reposts int, comments int, notes text, channel_ids uuid[])
    where i.id = v.id and i.version = v.expected
    returning i.id`.execute(trx);
  return result.rows.map((row) => row.id);
}

/** An organisation's items dated by an instant, with the local day stored for each. */
export async function listInstantDatedItems(trx: Transaction<DB>, orgId: string): Promise<Array<{ id: string; atInstant: Date; localDay: string }>> {
  const rows = await trx
    .selectFrom('items')
    .select(['id', 'at_instant', sql<string>`local_day::text`.as('local_day')])
    .where('org_id', '=', orgId)
    .where('at_instant', 'is not', null)
    .execute();
  return rows.map((row) => ({ id: row.id, atInstant: new Date(row.at_instant!), localDay: row.local_day }));
}

/**
 * Puts items on other local days, in one statement. Their content does not change, so their
 * versions stay.
 */
export async function setLocalDays(trx: Transaction<DB>, days: ReadonlyArray<{ id: string; localDay: string }>): Promise<void> {
  if (days.length === 0) return;
  await trx
    .updateTable('items')
    .from(sql<{ id: string; local_day: string }>`(select unnest(${days.map((d) => d.id)}::uuid[]) as id, unnest(${days.map((d) => d.localDay)}::date[]) as local_day)`.as('v'))
    .set({ local_day: sql<string>`v.local_day` })
    .whereRef('items.id', '=', 'v.id')
    .execute();
}
