import { sql, type Kysely, type Transaction } from 'kysely';
import type { Item, ItemQuery } from '@ritm/contracts/items';
import type { DB, ItemsTable } from '../db/schema.js';

type Status = ItemsTable['status'];

interface ItemRow {
  id: string;
  org_id: string;
  plan_id: string | null;
  kind: string;
  title: string;
  news_hook: string;
  format: string;
  status: Status;
  at_date: string | null;
  at_instant: Date | null;
  local_day: string;
  responsible_id: string | null;
  published_at: Date | null;
  url: string | null;
  views: number | null;
  likes: number | null;
  reposts: number | null;
  comments: number | null;
  notes: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
  updated_by_name: string | null;
  channel_ids: string[];
  audience_ids: string[];
  key_message_ids: string[];
}

const iso = (value: Date | string): string => new Date(value).toISOString();

export function toItem(row: ItemRow): Item {
  return {
    id: row.id,
    orgId: row.org_id,
    planId: row.plan_id,
    kind: row.kind,
    title: row.title,
    newsHook: row.news_hook,
    format: row.format,
    status: row.status,
    at: row.at_date ?? iso(row.at_instant!),
    localDay: row.local_day,
    channelIds: row.channel_ids,
    audienceIds: row.audience_ids,
    keyMessageIds: row.key_message_ids,
    responsibleId: row.responsible_id,
    publishedAt: row.published_at === null ? null : iso(row.published_at),
    url: row.url,
    views: row.views,
    likes: row.likes,
    reposts: row.reposts,
    comments: row.comments,
    notes: row.notes,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by === null ? null : { id: row.updated_by, name: row.updated_by_name ?? '' },
  };
}

/**
 * Items with their channel, audience and key-message ids and their last editor in one query:
 * channels from the item's own sorted set, the others from small correlated look-ups on their
 * primary keys, the editor joined by primary key (no N+1).
 */
function selectItems(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('items as i')
    .leftJoin('users as u', 'u.id', 'i.updated_by')
    .select([
      'i.id',
      'i.org_id',
      'i.plan_id',
      'i.kind',
      'i.title',
      'i.news_hook',
      'i.format',
      'i.status',
      'i.at_date',
      'i.at_instant',
      'i.local_day',
      'i.responsible_id',
      'i.published_at',
      'i.url',
      'i.views',
      'i.likes',
      'i.reposts',
      'i.comments',
      'i.notes',
      'i.version',
      'i.created_at',
      'i.updated_at',
      'i.updated_by',
    ])
    .select([
      sql<string | null>`coalesce(nullif(u.name, ''), u.email)`.as('updated_by_name'),
      sql<string[]>`i.channel_ids::text[]`.as('channel_ids'),
      sql<string[]>`coalesce((select array_agg(x.audience_id::text order by x.audience_id) from item_audiences x where x.item_id = i.id), '{}')`.as(
        'audience_ids',
      ),
      sql<string[]>`coalesce((select array_agg(x.key_message_id::text order by x.key_message_id) from item_key_messages x where x.item_id = i.id), '{}')`.as(
        'key_message_ids',
      ),
    ]);
}

/** An organisation's items on local days `from … to`, filtered, in day order. */
export async function listItems(db: Kysely<DB>, orgId: string, query: ItemQuery): Promise<Item[]> {
  let q = selectItems(db).where('i.org_id', '=', orgId).where('i.local_day', '>=', query.from).where('i.local_day', '<=', query.to);
  if (query.kind !== undefined) q = q.where('i.kind', '=', query.kind);
  if (query.status !== undefined) q = q.where('i.status', '=', query.status);
  if (query.responsibleId !== undefined) q = q.where('i.responsible_id', '=', query.responsibleId);
  if (query.planId !== undefined) q = q.where('i.plan_id', '=', query.planId);
  if (query.channelId !== undefined) q = q.where(sql<boolean>`i.channel_ids @> array[${query.channelId}]::uuid[]`);
  if (query.audienceId !== undefined) {
    const audienceId = query.audienceId;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('item_audiences as a').select('a.item_id').whereRef('a.item_id', '=', 'i.id').where('a.audience_id', '=', audienceId)),
    );
  }
  const rows = await q.orderBy('i.local_day').orderBy('i.at_instant').orderBy('i.created_at').orderBy('i.id').execute();
  return rows.map(toItem);
}

export async function listPlanItems(db: Kysely<DB> | Transaction<DB>, planId: string): Promise<Item[]> {
  const rows = await selectItems(db).where('i.plan_id', '=', planId).orderBy('i.local_day').orderBy('i.at_instant').orderBy('i.id').execute();
  return rows.map(toItem);
}

export async function findItem(db: Kysely<DB> | Transaction<DB>, orgId: string, id: string): Promise<Item | undefined> {
  const row = await selectItems(db).where('i.id', '=', id).where('i.org_id', '=', orgId).executeTakeFirst();
  return row && toItem(row);
}

export async function findItemsByIds(db: Kysely<DB> | Transaction<DB>, ids: readonly string[]): Promise<Item[]> {
  if (ids.length === 0) return [];
  const rows = await selectItems(db).where('i.id', 'in', ids).execute();
  return rows.map(toItem);
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
