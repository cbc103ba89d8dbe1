import { sql, type Kysely, type Transaction } from 'kysely';
import type { ItemStatus } from '@ritm/domain/item';
import type { DateRange } from '@ritm/domain/local-date';
import { hashSecret, newSecret } from '../auth/tokens.js';
import type { DB } from '../db/schema.js';
import { reachesSubtree } from './roles.js';

/** Tells a calendar feed's secret from a session or an API token in logs and leak scanners. */
export const FEED_TOKEN_PREFIX = 'ritmcal_';

/** A feed's last fetch is written at most this often, so polling stays free of writes. */
const TOUCH_EVERY_MS = 10 * 60 * 1000;

/** What a feed holds: the organisations, channels and statuses its owner chose. */
interface FeedChoice {
  id: string;
  name: string;
  orgIds: string[];
  includeSubtree: boolean;
  channelIds: string[];
  statuses: ItemStatus[];
}

export interface CalendarFeedRecord extends FeedChoice {
  createdAt: string;
  lastUsedAt: string | null;
}

export interface NewCalendarFeed {
  name: string;
  orgIds: readonly string[];
  includeSubtree: boolean;
  channelIds: readonly string[];
  statuses: readonly ItemStatus[];
}

const COLUMNS = ['id', 'name', 'org_ids', 'include_subtree', 'channel_ids', 'statuses', 'created_at', 'last_used_at'] as const;

type ChoiceRow = { id: string; name: string; org_ids: string[]; include_subtree: boolean; channel_ids: string[]; statuses: ItemStatus[] };

const toChoice = (row: ChoiceRow): FeedChoice => ({
  id: row.id,
  name: row.name,
  orgIds: row.org_ids,
  includeSubtree: row.include_subtree,
  channelIds: row.channel_ids,
  statuses: row.statuses,
});

const toRecord = (row: ChoiceRow & { created_at: Date; last_used_at: Date | null }): CalendarFeedRecord => ({
  ...toChoice(row),
  createdAt: new Date(row.created_at).toISOString(),
  lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
});

/**
 * Makes a calendar feed. Its secret is returned once and only the hash is kept, as for API tokens:
 * a leaked database does not leak anyone's calendar.
 */
export async function createCalendarFeed(trx: Transaction<DB>, userId: string, feed: NewCalendarFeed): Promise<CalendarFeedRecord & { token: string }> {
  const token = newSecret(FEED_TOKEN_PREFIX);
  const row = await trx
    .insertInto('calendar_feeds')
    .values({
      user_id: userId,
      name: feed.name,
      token_hash: hashSecret(token),
      org_ids: [...feed.orgIds],
      include_subtree: feed.includeSubtree,
      channel_ids: [...feed.channelIds],
      statuses: [...feed.statuses],
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...toRecord(row), token };
}

/** The user's feeds that are not revoked, newest first. */
export async function listCalendarFeeds(db: Kysely<DB>, userId: string): Promise<CalendarFeedRecord[]> {
  const rows = await db
    .selectFrom('calendar_feeds')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toRecord);
}

/** Revokes one of the user's feeds; undefined when the user has no such live feed. */
export async function revokeCalendarFeed(trx: Transaction<DB>, userId: string, feedId: string): Promise<{ name: string } | undefined> {
  return trx
    .updateTable('calendar_feeds')
    .set({ revoked_at: new Date() })
    .where('id', '=', feedId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('name')
    .executeTakeFirst();
}

/** Revokes every live feed of the user but those in `keep` (a password change); how many ended. */
export async function revokeCalendarFeedsOfUser(trx: Transaction<DB>, userId: string, keep: readonly string[] = []): Promise<number> {
  let query = trx.updateTable('calendar_feeds').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keep.length > 0) query = query.where('id', 'not in', keep);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A live feed found by its secret's hash, with what its owner is now. */
export interface LiveFeed extends FeedChoice {
  contentHash: string | null;
  contentChangedAt: Date | null;
  lastUsedAt: Date | null;
  owner: { id: string; isAdmin: boolean; locale: 'ru' | 'en' };
}

/** The feed behind a secret, unless it is revoked or its owner is disabled (deleted owners take their feeds along). */
export async function findLiveFeed(db: Kysely<DB>, tokenHash: string): Promise<LiveFeed | undefined> {
  const row = await db
    .selectFrom('calendar_feeds as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select([
      'f.id',
      'f.name',
      'f.org_ids',
      'f.include_subtree',
      'f.channel_ids',
      'f.statuses',
      'f.content_hash',
      'f.content_changed_at',
      'f.last_used_at',
      'u.id as owner_id',
      'u.is_admin',
      'u.locale',
    ])
    .where('f.token_hash', '=', tokenHash)
    .where('f.revoked_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...toChoice(row),
    contentHash: row.content_hash,
    contentChangedAt: row.content_changed_at,
    lastUsedAt: row.last_used_at,
    owner: { id: row.owner_id, isAdmin: row.is_admin, locale: row.locale },
  };
}

export interface FeedOrganisation {
  id: string;
  name: string;
  timeZone: string;
}

/**
 * The organisations a feed covers that its owner may read NOW: those chosen (and, with
 * `includeSubtree`, everything below them) that lie at or below one of the owner's memberships; a
 * system administrator reads every organisation that exists. Ordered by the tree.
 */
export async function readableFeedOrganisations(
  db: Kysely<DB>,
  owner: { id: string; isAdmin: boolean },
  orgIds: readonly string[],
  includeSubtree: boolean,
): Promise<FeedOrganisation[]> {
  if (orgIds.length === 0) return [];
  let query = db.selectFrom('organisations as o').select(['o.id', 'o.name', 'o.timezone']);
  query = includeSubtree
    ? query.where(({ exists, selectFrom }) =>
        exists(selectFrom('organisations as chosen').select('chosen.id').where('chosen.id', 'in', orgIds).where(reachesSubtree('chosen.path', 'o.path'))),
      )
    : query.where('o.id', 'in', orgIds);
  if (!owner.isAdmin) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships as m')
          .innerJoin('organisations as member_org', 'member_org.id', 'm.org_id')
          .select('m.org_id')
          .where('m.user_id', '=', owner.id)
          .where(reachesSubtree('member_org.path', 'o.path')),
      ),
    );
  }
  const rows = await query.orderBy('o.path').execute();
  return rows.map((row) => ({ id: row.id, name: row.name, timeZone: row.timezone }));
}

/** Those of `channelIds` that belong to one of the organisations. */
export async function channelIdsOf(db: Kysely<DB>, orgIds: readonly string[], channelIds: readonly string[]): Promise<Set<string>> {
  if (orgIds.length === 0 || channelIds.length === 0) return new Set();
  const rows = await db.selectFrom('channels').select('id').where('id', 'in', channelIds).where('org_id', 'in', orgIds).execute();
  return new Set(rows.map((row) => row.id));
}

/** An item as a feed shows it. */
export interface FeedItem {
  id: string;
  orgId: string;
  kind: string;
  title: string;
  status: ItemStatus;
  atDate: string | null;
  atInstant: Date | null;
  /** The item's day on its organisation's calendar. */
  localDay: string;
  url: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  channelNames: string[];
  /** The series the item is an occurrence of (issue 15), its day on the rule, and whether it was changed alone. */
  seriesId?: string | null;
  seriesDay?: string | null;
  seriesDetached?: boolean;
}

/**
 * The items of the organisations on the local days of `window` with one of `statuses`, and, when
 * `channelIds` is not empty, on one of those channels; the earliest first, at most `limit`.
 */
export async function listFeedItems(
  db: Kysely<DB>,
  query: { orgIds: readonly string[]; window: DateRange; statuses: readonly ItemStatus[]; channelIds: readonly string[]; limit: number },
): Promise<FeedItem[]> {
  if (query.orgIds.length === 0 || query.statuses.length === 0) return [];
  let select = db
    .selectFrom('items as i')
    .select([
      'i.id',
      'i.org_id',
      'i.kind',
      'i.title',
      'i.status',
      'i.at_date',
      'i.at_instant',
      'i.local_day',
      'i.url',
      'i.version',
      'i.created_at',
      'i.updated_at',
      sql<string[]>`array(select c.name from channels c where c.id = any(i.channel_ids) order by c.name)`.as('channel_names'),
      'i.series_id',
      sql<string | null>`i.series_day::text`.as('series_day'),
      'i.series_detached',
    ])
    .where('i.org_id', 'in', query.orgIds)
    .where('i.local_day', '>=', query.window.from)
    .where('i.local_day', '<=', query.window.to)
    .where('i.status', 'in', query.statuses);
  if (query.channelIds.length > 0) select = select.where(sql<boolean>`i.channel_ids && ${sql.val([...query.channelIds])}::uuid[]`);
  const rows = await select.orderBy('i.local_day').orderBy('i.at_instant').orderBy('i.id').limit(query.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    kind: row.kind,
    title: row.title,
    status: row.status,
    atDate: row.at_date,
    atInstant: row.at_instant,
    localDay: row.local_day,
    url: row.url,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    channelNames: row.channel_names,
    seriesId: row.series_id,
    seriesDay: row.series_day,
    seriesDetached: row.series_detached,
  }));
}

/**
 * Notes a fetch: the content's fingerprint (its ETag) and when it last changed (the feed's Last-Modified), and the
 * fetch time at most every ten minutes. Writes nothing when neither is due.
 * @returns when the content last changed.
 */
export async function recordFeedServed(db: Kysely<DB>, feed: Pick<LiveFeed, 'id' | 'contentHash' | 'contentChangedAt' | 'lastUsedAt'>, contentHash: string, now: Date): Promise<Date> {
  const changed = feed.contentHash !== contentHash || feed.contentChangedAt === null;
  // Last-Modified has whole seconds: a change within the second of the previous one moves to the
  // next second, or a client holding the previous content would be told it is unchanged.
  const previousSecond = feed.contentChangedAt === null ? -Infinity : Math.floor(new Date(feed.contentChangedAt).getTime() / 1000) * 1000;
  const changedAt = changed ? new Date(Math.max(now.getTime(), previousSecond + 1000)) : feed.contentChangedAt!;
  const touchDue = feed.lastUsedAt === null || now.getTime() - new Date(feed.lastUsedAt).getTime() >= TOUCH_EVERY_MS;
  if (changed || touchDue) {
    await db
      .updateTable('calendar_feeds')
      .set({ last_used_at: now, ...(changed && { content_hash: contentHash, content_changed_at: changedAt }) })
      .where('id', '=', feed.id)
      .execute();
  }
  return new Date(changedAt);
}
