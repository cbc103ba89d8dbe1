import type { Kysely, Transaction } from 'kysely';
import type { Channel, ChannelCreate, ChannelPatch } from '@ritm/contracts/channels';
import type { DB } from '../db/schema.js';
import { mapWritten, updateVersioned, type VersionedWrite } from './versioned.js';

const columns = ['id', 'org_id', 'type', 'name', 'url', 'since', 'active', 'version'] as const;

function toChannel(row: {
  id: string;
  org_id: string;
  type: string;
  name: string;
  url: string | null;
  since: string | null;
  active: boolean;
  version: number;
}): Channel {
  return { id: row.id, orgId: row.org_id, type: row.type, name: row.name, url: row.url, since: row.since, active: row.active, version: row.version };
}

export async function listChannels(db: Kysely<DB>, orgIds: readonly string[], options: { activeOnly?: boolean } = {}): Promise<Channel[]> {
  if (orgIds.length === 0) return [];
  let query = db.selectFrom('channels').select(columns).where('org_id', 'in', orgIds);
  if (options.activeOnly) query = query.where('active', '=', true);
  const rows = await query.orderBy('org_id').orderBy('created_at').orderBy('id').execute();
  return rows.map(toChannel);
}

/** The types of the channels of an organisation and of those below it (its subtree's path prefix), each once. */
export async function channelTypesBelow(db: Kysely<DB> | Transaction<DB>, orgPath: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('channels as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
    .select('c.type')
    .distinct()
    .where('o.path', 'like', `${orgPath}%`)
    .execute();
  return new Set(rows.map((row) => row.type));
}

/** The names of channels by id (issue 16 — dashboard: shortfalls name their channel). */
export async function channelNames(db: Kysely<DB> | Transaction<DB>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('channels').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** `forUpdate`: lock the row, so that an item written concurrently either lands first (and is seen) or finds the channel gone. */
export async function findChannel(
  db: Kysely<DB> | Transaction<DB>,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Channel | undefined> {
  let query = db.selectFrom('channels').select(columns).where('id', '=', id).where('org_id', '=', orgId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toChannel(row);
}

export async function insertChannel(trx: Transaction<DB>, orgId: string, input: ChannelCreate): Promise<Channel> {
  const row = await trx
    .insertInto('channels')
    .values({ org_id: orgId, type: input.type, name: input.name, url: input.url ?? null, since: input.since ?? null, active: input.active ?? true })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toChannel(row);
}

export async function updateChannel(trx: Transaction<DB>, id: string, expected: number, patch: Omit<ChannelPatch, 'version'>): Promise<VersionedWrite<Channel>> {
  const write = await updateVersioned(
    trx,
    'channels',
    id,
    expected,
    {
      ...(patch.type !== undefined && { type: patch.type }),
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.url !== undefined && { url: patch.url }),
      ...(patch.since !== undefined && { since: patch.since }),
      ...(patch.active !== undefined && { active: patch.active }),
    },
    columns,
  );
  return mapWritten(write, toChannel);
}
