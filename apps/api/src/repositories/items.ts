import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Item, ItemQuery } from '@ritm/contracts/items';
import { COUNTED_STATUSES } from '@ritm/domain/counting-groups';
import type { DB, ItemUpdate, NewItemRow } from '../db/schema.js';
import { inParameterChunks } from './parameter-chunks.js';
import { itemsRevisionExpression } from './revisions.js';

/** An instant as `Date#toISOString` prints it: UTC, milliseconds (truncated, as a JS Date holds them), `Z`. */
export const utcIso = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The domain's `isConfirmed` of an item row `alias`, in SQL (counts and judging inputs are made by
 * the database): done, with a URL or an attachment. Attachments are counted in `attachment_count`.
 */
export const confirmedColumn = (alias: string) =>
  sql<boolean>`(${sql.ref(`${alias}.status`)} = any(${sql.val([...COUNTED_STATUSES.done])}::text[]) and (${sql.ref(`${alias}.url`)} is not null or ${sql.ref(`${alias}.attachment_count`)} > 0))`;

/**
 * An item row `i`'s JSON, the API's `Item`, from the text the database keeps on the row
 * (`json_head`, migration 20261201T0000: every key of the contract in its order, made once per
 * write) and its last editor `u`, joined by primary key: a user's name changes without their
 * items. Turning each row into JSON again on every read cost more than the rest of a month's list
 * (0.30 of 0.33 ms); concatenating kept texts costs a third of that.
 */
const itemEditor = sql<string>`case when i.updated_by is null then 'null'
  else json_build_object('id', i.updated_by, 'name', coalesce(nullif(u.name, ''), u.email, ''))::text end`;
const itemJson = sql<string>`(i.json_head || ${itemEditor} || '}')`;

/** Items `i` with their last editor `u`. */
function fromItems(db: Kysely<DB> | Transaction<DB>) {
  return db.selectFrom('items as i').leftJoin('users as u', 'u.id', 'i.updated_by');
}

/** Items, one JSON text each (text, so that neither driver parses it on its own terms). */
function selectItems(db: Kysely<DB> | Transaction<DB>) {
  return fromItems(db).select(itemJson.as('item'));
}

const parseItem = (row: { item: string }): Item => JSON.parse(row.item) as Item;

/** An item row `i` whose kept JSON or tag differs from what its row, audiences and key messages make now. */
const jsonDrifted = sql<boolean>`(i.json_head is distinct from ritm_item_json_head(i) or i.json_tag is distinct from ritm_item_json_tag(i.json_head))`;

/**
 * Items whose kept JSON (`json_head`) differs from the one their row, audiences and key messages
 * make now: only writes that bypassed the triggers (a restore or bulk load with triggers off)
 * leave any. `orgIds` null: every organisation.
 */
export async function itemJsonDrift(db: Kysely<DB> | Transaction<DB>, orgIds: readonly string[] | null): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from items i
    where ${jsonDrifted} ${orgIds === null ? sql`` : sql`and i.org_id = any(${[...orgIds]}::uuid[])`}`.execute(db);
  return rows[0]!.n;
}

/**
 * Writes the kept JSON of those items again (`ritm counts rebuild`): their rows are written, so
 * the row trigger makes the text and their organisations' list revisions are raised (no list
 * read before the repair is answered after it). Returns how many items it wrote.
 */
export async function repairItemJson(trx: Transaction<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with written as (update items i set json_head = null
      where ${jsonDrifted} returning 1)
    select count(*)::int as n from written`.execute(trx);
  return rows[0]!.n;
}

/** Item tags joined by spaces, as {@link itemListExpression} takes them: a tag is 24 characters of base64. */
export const TAG_LENGTH = 24;

/** The separators of {@link itemListExpression}'s text: control characters, which JSON text never holds unescaped. */
const ITEM_END = '\x1e';
const FIELD_END = '\x1f';

/**
 * An organisation's items on local days `from … to`, filtered, in day order, as one SQL
 * expression: one text holding, item after item, its tag (`json_tag`), its last editor as JSON
 * (or `null`) and its kept JSON up to the editor (`json_head`) — the latter left empty for an
 * item whose tag is among `held` (texts the reader holds already: a list read again sends only
 * the items changed since). Split by {@link splitItemList}. Written as SQL text rather than built:
 * the route's hottest read, where building the query cost more than running it (prepared). Each
 * filter given adds its condition, so a statement stays one plan per set of filters (at most 2^6
 * texts); `held` is one parameter however many: the tags joined by spaces (an array parameter
 * cost the driver more than the rest of the query to write), looked up as a hashed set (a search
 * of the text per item grew with the square of a long list: 3 ms at 400 items, 10 s at 16,000).
 */
export function itemListExpression(orgId: string, query: ItemQuery, held: string): RawBuilder<string> {
  const filters = [
    query.kind !== undefined && sql`and i.kind = ${query.kind}`,
    query.status !== undefined && sql`and i.status = ${query.status}`,
    query.responsibleId !== undefined && sql`and i.responsible_id = ${query.responsibleId}::uuid`,
    query.planId !== undefined && sql`and i.plan_id = ${query.planId}::uuid`,
    query.channelId !== undefined && sql`and i.channel_ids @> array[${query.channelId}]::uuid[]`,
    query.audienceId !== undefined && sql`and exists (select 1 from item_audiences a where a.item_id = i.id and a.audience_id = ${query.audienceId}::uuid)`,
  ].filter((filter) => filter !== false);
  // An aggregate without GROUP BY: exactly one row, also when no item matches.
  return sql<string>`(select coalesce(string_agg(i.json_tag || chr(31) || ${itemEditor} || chr(31)
      || case when i.json_tag in (select unnest(string_to_array(${held}, ' '))) then '' else i.json_head end, chr(30) order by i.local_day, i.at_instant, i.created_at, i.id), '')
    from items i left join users u on u.id = i.updated_by
    where i.org_id = ${orgId}::uuid and i.local_day >= ${query.from}::date and i.local_day <= ${query.to}::date ${sql.join(filters, sql` `)})`;
}

/** One item of a list as {@link itemListExpression} reads it: `head` null when the reader held it. */
export interface ListedItem {
  tag: string;
  /** The item's last editor as JSON, or `null`: what follows `head` in the item's JSON, before its closing brace. */
  editor: string;
  head: string | null;
}

/** What {@link itemListExpression} read, item by item. */
export function splitItemList(text: string): ListedItem[] {
  if (text === '') return [];
  return text.split(ITEM_END).map((piece) => {
    const first = piece.indexOf(FIELD_END);
    const second = piece.indexOf(FIELD_END, first + 1);
    const head = piece.slice(second + 1);
    return { tag: piece.slice(0, first), editor: piece.slice(first + 1, second), head: head === '' ? null : head };
  });
}

/**
 * The text {@link itemListExpression} sends for `items` when every one of them is held (its
 * tag and editor, no kept JSON): a list read again that comes back as this text is unchanged.
 */
export function heldListText(items: readonly ListedItem[]): string {
  return items.map(({ tag, editor }) => tag + FIELD_END + editor + FIELD_END).join(ITEM_END);
}

/** {@link itemListExpression}, read on its own: its text, split by {@link splitItemList}. */
export async function listItems(db: Kysely<DB>, orgId: string, query: ItemQuery, held: string): Promise<string> {
  const { rows } = await sql<{ list: string }>`select ${itemListExpression(orgId, query, held)} as list`.execute(db);
  return rows[0]!.list;
}

/**
 * The lists' revision (repositories/revisions.ts) and the list, read by one statement as one text
 * (`<revision>\n<list>`; split by {@link splitRevisedList}): the list is exactly the one of that
 * revision, and a list asked for afresh costs one round trip with the caller (plugins/auth.ts).
 */
export function revisedListExpression(orgId: string, query: ItemQuery, held: string): RawBuilder<string> {
  return sql<string>`(${itemsRevisionExpression(orgId)} || chr(10) || ${itemListExpression(orgId, query, held)})`;
}

/** What {@link revisedListExpression} read, or a revision alone (no list): the list as its text, split by {@link splitItemList}. */
export function splitRevisedList(text: string): { revision: string; list: string | null } {
  // A revision is `<items>:<user names>`, digits only: the first line break ends it.
  const end = text.indexOf('\n');
  return end < 0 ? { revision: text, list: null } : { revision: text.slice(0, end), list: text.slice(end + 1) };
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
  // One array parameter however many: an upload's thousands of items stay one statement.
  const rows = await selectItems(db).where('i.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
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
    // The links given, as two parallel lists: (items[k], ids[k]).
    const items: string[] = [];
    const ids: string[] = [];
    itemIds.forEach((item, i) => {
      for (const id of links[i]?.[key] ?? []) {
        items.push(item);
        ids.push(id);
      }
    });
    const given = sql`unnest(${items}::uuid[], ${ids}::uuid[]) as n(item_id, id)`;
    // Replacing, only the links that go and the links that come are written. Every statement
    // writing an item's audiences or key messages writes its row again through their triggers
    // (its kept JSON, its counts, its revision): a patch sending its links as they were writes
    // the row once (its own update), not five times.
    if (replace) {
      await sql`
        delete from ${sql.table(table)} as t
        where t.item_id = any(${touched}::uuid[])
          and not exists (select 1 from ${given} where n.item_id = t.item_id and n.id = ${sql.ref(`t.${column}`)})`.execute(trx);
    }
    if (items.length > 0) {
      await sql`
        insert into ${sql.table(table)} (item_id, ${sql.ref(column)}) select n.item_id, n.id from ${given}
        ${replace ? sql`on conflict (item_id, ${sql.ref(column)}) do nothing` : sql``}`.execute(trx);
    }
  }
}

/** Inserts item rows (their links are {@link writeItemLinks}'s), as many statements as the parameter limit asks; their ids in the order given. */
export async function insertItems(trx: Transaction<DB>, rows: readonly NewItemRow[]): Promise<string[]> {
  const inserted = await inParameterChunks(rows, (chunk) => trx.insertInto('items').values(chunk).returning('id').execute());
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
