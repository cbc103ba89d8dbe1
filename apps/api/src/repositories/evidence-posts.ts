import { sql, type Kysely, type Transaction } from 'kysely';
import type { EvidencePostState, EvidenceSourceType, FetchedPost, MatchReason, Reach } from '@ritm/domain/evidence-source';
import type { ItemStatus } from '@ritm/domain/item';
import type { DB } from '../db/schema.js';
import { utcIso } from './items.js';
import { inParameterChunks } from './parameter-chunks.js';

/** A post as the service reads it. */
export interface PostRecord {
  id: string;
  orgId: string;
  sourceId: string;
  sourceType: EvidenceSourceType;
  channelId: string;
  externalId: string;
  url: string | null;
  title: string;
  text: string;
  publishedAt: string;
  localDay: string;
  reach: Reach;
  reachReadAt: string | null;
  state: EvidencePostState;
  itemId: string | null;
  item: { id: string; title: string; localDay: string; status: ItemStatus } | null;
  createdItem: boolean;
  previous: Record<string, unknown> | null;
  reason: MatchReason | null;
  firstSeenAt: string;
  reviewedAt: string | null;
}

function selectPosts(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('evidence_posts as p')
    .innerJoin('evidence_sources as s', 's.id', 'p.source_id')
    .leftJoin('items as i', 'i.id', 'p.item_id')
    .select([
      'p.id',
      'p.org_id',
      'p.source_id',
      's.type as source_type',
      'p.channel_id',
      'p.external_id',
      'p.url',
      'p.title',
      'p.text',
      utcIso('p.published_at').as('published_at'),
      sql<string>`p.local_day::text`.as('local_day'),
      'p.views',
      'p.likes',
      'p.reposts',
      'p.comments',
      utcIso('p.reach_read_at').as('reach_read_at'),
      'p.state',
      'p.item_id',
      'i.title as item_title',
      sql<string | null>`i.local_day::text`.as('item_local_day'),
      'i.status as item_status',
      'p.created_item',
      'p.previous',
      'p.reason',
      utcIso('p.first_seen_at').as('first_seen_at'),
      utcIso('p.reviewed_at').as('reviewed_at'),
    ]);
}

type PostRow = Awaited<ReturnType<ReturnType<typeof selectPosts>['executeTakeFirstOrThrow']>>;

function toPost(row: PostRow): PostRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    sourceId: row.source_id,
    sourceType: row.source_type,
    channelId: row.channel_id,
    externalId: row.external_id,
    url: row.url,
    title: row.title,
    text: row.text,
    publishedAt: row.published_at,
    localDay: row.local_day,
    reach: { views: row.views, likes: row.likes, reposts: row.reposts, comments: row.comments },
    reachReadAt: row.reach_read_at,
    state: row.state,
    itemId: row.item_id,
    item:
      row.item_id !== null && row.item_title !== null && row.item_local_day !== null && row.item_status !== null
        ? { id: row.item_id, title: row.item_title, localDay: row.item_local_day, status: row.item_status }
        : null,
    createdItem: row.created_item,
    previous: row.previous,
    reason: row.reason,
    firstSeenAt: row.first_seen_at,
    reviewedAt: row.reviewed_at,
  };
}

export async function findPost(db: Kysely<DB> | Transaction<DB>, orgId: string, postId: string, options: { forUpdate?: boolean } = {}): Promise<PostRecord | undefined> {
  let query = selectPosts(db).where('p.id', '=', postId).where('p.org_id', '=', orgId);
  if (options.forUpdate) query = query.forUpdate('p');
  const row = await query.executeTakeFirst();
  return row && toPost(row);
}

export async function findPostsByIds(db: Kysely<DB> | Transaction<DB>, ids: readonly string[]): Promise<PostRecord[]> {
  if (ids.length === 0) return [];
  return (await selectPosts(db).where('p.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute()).map(toPost);
}

/** Posts of an organisation in some states (one channel, or all), newest first, at most `limit`. */
export async function listPosts(
  db: Kysely<DB>,
  orgId: string,
  filter: { states: readonly EvidencePostState[]; channelId?: string | undefined; limit: number },
): Promise<PostRecord[]> {
  let query = selectPosts(db).where('p.org_id', '=', orgId).where('p.state', 'in', [...filter.states]);
  if (filter.channelId !== undefined) query = query.where('p.channel_id', '=', filter.channelId);
  const rows = await query.orderBy('p.published_at', 'desc').orderBy('p.id').limit(filter.limit).execute();
  return rows.map(toPost);
}

/** How many posts of an organisation are in these states. */
export async function countPosts(db: Kysely<DB>, orgId: string, states: readonly EvidencePostState[], channelId?: string): Promise<number> {
  let query = db.selectFrom('evidence_posts').select(sql<number>`count(*)::int`.as('count')).where('org_id', '=', orgId).where('state', 'in', [...states]);
  if (channelId !== undefined) query = query.where('channel_id', '=', channelId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Posts of a source read before, by their external ids (the matching rule's `KnownPost`). */
export async function knownPosts(
  trx: Transaction<DB>,
  sourceId: string,
  externalIds: readonly string[],
): Promise<Array<{ id: string; externalId: string; state: EvidencePostState; itemId: string | null }>> {
  if (externalIds.length === 0) return [];
  const rows = await trx
    .selectFrom('evidence_posts')
    .select(['id', 'external_id', 'state', 'item_id'])
    .where('source_id', '=', sourceId)
    .where('external_id', '=', sql<string>`any(${sql.val([...new Set(externalIds)])}::text[])`)
    .execute();
  return rows.map((row) => ({ id: row.id, externalId: row.external_id, state: row.state, itemId: row.item_id }));
}

/**
 * Posts other sources of a channel read within a time range (by publication time): the posts
 * a new read may be reading a second time.
 */
export async function postsOfOtherSources(
  trx: Transaction<DB>,
  input: { channelId: string; exceptSourceId: string; from: Date; to: Date },
): Promise<Array<{ id: string; url: string | null; publishedAt: string; title: string; state: EvidencePostState; itemId: string | null }>> {
  const rows = await trx
    .selectFrom('evidence_posts')
    .select(['id', 'url', 'published_at', 'title', 'state', 'item_id'])
    .where('channel_id', '=', input.channelId)
    .where('source_id', '<>', input.exceptSourceId)
    .where('published_at', '>=', input.from)
    .where('published_at', '<=', input.to)
    .execute();
  return rows.map((row) => ({ id: row.id, url: row.url, publishedAt: new Date(row.published_at).toISOString(), title: row.title, state: row.state, itemId: row.item_id }));
}

/** A channel's item as the matching rule sees it (`MatchItem`). */
export interface CandidateItem {
  id: string;
  channelIds: string[];
  title: string;
  url: string | null;
  localDay: string;
  status: ItemStatus;
  /** Linked to a post already (one that is not ignored). */
  linked: boolean;
}

/**
 * The items a channel's posts may match: those on the channel on local days `from … to`, and
 * those whose URL is one of `urls` whatever their day.
 */
export async function candidateItems(
  trx: Transaction<DB>,
  orgId: string,
  channelId: string,
  range: { from: string; to: string },
  urls: readonly string[],
): Promise<CandidateItem[]> {
  const rows = await trx
    .selectFrom('items as i')
    .select([
      'i.id',
      'i.channel_ids',
      'i.title',
      'i.url',
      sql<string>`i.local_day::text`.as('local_day'),
      'i.status',
      sql<boolean>`exists (select 1 from evidence_posts p where p.item_id = i.id and p.state <> 'ignored')`.as('linked'),
    ])
    .where('i.org_id', '=', orgId)
    .where(sql<boolean>`i.channel_ids @> array[${channelId}]::uuid[]`)
    .where((eb) =>
      eb.or([
        eb.and([eb('i.local_day', '>=', range.from), eb('i.local_day', '<=', range.to)]),
        ...(urls.length > 0 ? [eb('i.url', '=', sql<string>`any(${sql.val([...new Set(urls)])}::text[])`)] : []),
      ]),
    )
    .execute();
  return rows.map((row) => ({ id: row.id, channelIds: row.channel_ids, title: row.title, url: row.url, localDay: row.local_day, status: row.status, linked: row.linked }));
}

/** Whether an item is linked to a post other than `exceptPostId` (one that is not ignored). */
export async function itemLinkedElsewhere(trx: Transaction<DB>, itemId: string, exceptPostId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('evidence_posts')
    .select('id')
    .where('item_id', '=', itemId)
    .where('id', '<>', exceptPostId)
    .where('state', '<>', 'ignored')
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewPost {
  orgId: string;
  sourceId: string;
  channelId: string;
  post: FetchedPost;
  localDay: string;
  readAt: Date;
  state: EvidencePostState;
  itemId: string | null;
  createdItem: boolean;
  previous: Record<string, unknown> | null;
  reason: MatchReason | null;
}

/** What a read says of a post: written when it is first stored and when a waiting post takes its item. */
function readColumns(p: NewPost) {
  return {
    url: p.post.url,
    title: p.post.title,
    text: p.post.text,
    published_at: p.post.publishedAt,
    local_day: p.localDay,
    ...p.post.reach,
    reach_read_at: p.readAt,
    state: p.state,
    item_id: p.itemId,
    created_item: p.createdItem,
    previous: p.previous === null ? null : JSON.stringify(p.previous),
    reason: p.reason === null ? null : JSON.stringify(p.reason),
  };
}

/** Inserts posts, as many statements as the parameter limit asks; their ids in the order given. */
export async function insertPosts(trx: Transaction<DB>, posts: readonly NewPost[]): Promise<string[]> {
  const rows = posts.map((p) => ({
    org_id: p.orgId,
    source_id: p.sourceId,
    channel_id: p.channelId,
    external_id: p.post.externalId,
    ...readColumns(p),
  }));
  const inserted = await inParameterChunks(rows, (chunk) => trx.insertInto('evidence_posts').values(chunk).returning('id').execute());
  return inserted.map((row) => row.id);
}

/**
 * Posts that waited in review without an item and now have one (matched or made unplanned): the
 * existing rows take the item, what it was before and why, with the post as read now. Only a row
 * still item-less is changed. Returns their ids in order.
 */
export async function attachWaitingPosts(trx: Transaction<DB>, posts: ReadonlyArray<{ postId: string; post: NewPost }>): Promise<string[]> {
  const ids: string[] = [];
  for (const { postId, post: p } of posts) {
    await trx
      .updateTable('evidence_posts')
      .set(readColumns(p))
      .where('id', '=', postId)
      .where('item_id', 'is', null)
      .execute();
    ids.push(postId);
  }
  return ids;
}

/** New figures for posts read again, in one statement: only figures the source gives replace the stored ones. */
export async function updatePostsReach(trx: Transaction<DB>, updates: ReadonlyArray<{ postId: string; reach: Reach }>, readAt: Date): Promise<void> {
  await writeReach(trx, 'evidence_posts', updates.map((u) => ({ id: u.postId, reach: u.reach })), readAt);
}

/**
 * An item's reach as read from its post, in one statement: only the figures the source gives, and
 * when they were read. Not the item's content: its version stays, so nobody's open form conflicts
 * and an approved plan stays approved (reach is evidence, not what was signed).
 */
export async function updateItemsReach(trx: Transaction<DB>, updates: ReadonlyArray<{ itemId: string; reach: Reach }>, readAt: Date): Promise<void> {
  await writeReach(trx, 'items', updates.map((u) => ({ id: u.itemId, reach: u.reach })), readAt);
}

async function writeReach(trx: Transaction<DB>, table: 'evidence_posts' | 'items', rows: ReadonlyArray<{ id: string; reach: Reach }>, readAt: Date): Promise<void> {
  if (rows.length === 0) return;
  const column = (pick: (reach: Reach) => number | null) => rows.map((r) => pick(r.reach));
  await sql`update ${sql.table(table)} t set
      views = coalesce(v.views, t.views),
      likes = coalesce(v.likes, t.likes),
      reposts = coalesce(v.reposts, t.reposts),
      comments = coalesce(v.comments, t.comments),
      reach_read_at = ${readAt}
    from (select
      unnest(${rows.map((r) => r.id)}::uuid[]) as id,
      unnest(${column((r) => r.views)}::int[]) as views,
      unnest(${column((r) => r.likes)}::int[]) as likes,
      unnest(${column((r) => r.reposts)}::int[]) as reposts,
      unnest(${column((r) => r.comments)}::int[]) as comments) v
    where t.id = v.id`.execute(trx);
}

/** Sets when items' reach was read (null: typed by hand again), leaving their versions. */
export async function setItemsReachReadAt(trx: Transaction<DB>, itemIds: readonly string[], at: Date | string | null): Promise<void> {
  if (itemIds.length === 0) return;
  await trx.updateTable('items').set({ reach_read_at: at }).where('id', '=', sql<string>`any(${[...itemIds]}::uuid[])`).execute();
}

/** What review did to a post. */
export interface PostReview {
  state: EvidencePostState;
  itemId: string | null;
  createdItem: boolean;
  previous: Record<string, unknown> | null;
  reason: MatchReason | null;
  reviewedBy: string | null;
  reviewedAt: Date;
}

export async function setPostReview(trx: Transaction<DB>, postId: string, review: PostReview): Promise<void> {
  await trx
    .updateTable('evidence_posts')
    .set({
      state: review.state,
      item_id: review.itemId,
      created_item: review.createdItem,
      previous: review.previous === null ? null : JSON.stringify(review.previous),
      reason: review.reason === null ? null : JSON.stringify(review.reason),
      reviewed_by: review.reviewedBy,
      reviewed_at: review.reviewedAt,
    })
    .where('id', '=', postId)
    .execute();
}

/** A channel's posts (any source) that statistics rows may name: by link or by day. */
export async function postsOfChannel(trx: Transaction<DB>, channelId: string): Promise<Array<{ id: string; url: string | null; localDay: string; itemId: string | null }>> {
  const rows = await trx
    .selectFrom('evidence_posts')
    .select(['id', 'url', sql<string>`local_day::text`.as('local_day'), 'item_id'])
    .where('channel_id', '=', channelId)
    .execute();
  return rows.map((row) => ({ id: row.id, url: row.url, localDay: row.local_day, itemId: row.item_id }));
}
