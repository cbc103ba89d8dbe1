import { sql, type Kysely, type Transaction } from 'kysely';
import type { Attachment } from '@ritm/contracts/items';
import type { AttachmentType } from '@ritm/domain/attachment';
import type { DB } from '../db/schema.js';
import { utcIso } from './items.js';

/*
 * Files attached to items (migration 20261126T0300). Each write keeps `items.attachment_count`
 * in step in the same transaction: its update raises the organisation's items revision, so kept
 * item lists and compliance summaries are read again (repositories/revisions.ts).
 */

type Db = Kysely<DB> | Transaction<DB>;

function selectAttachments(db: Db) {
  return db
    .selectFrom('item_attachments as a')
    .leftJoin('users as u', 'u.id', 'a.uploaded_by')
    .select([
      'a.id',
      'a.item_id',
      'a.name',
      'a.content_type',
      'a.size',
      'a.sha256',
      utcIso('a.uploaded_at').as('uploaded_at'),
      'a.uploaded_by',
      sql<string>`coalesce(nullif(u.name, ''), u.email, '')`.as('uploader_name'),
    ]);
}

type AttachmentRow = {
  id: string;
  item_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_at: string;
  uploaded_by: string | null;
  uploader_name: string;
};

const toAttachment = (row: AttachmentRow): Attachment => ({
  id: row.id,
  itemId: row.item_id,
  name: row.name,
  contentType: row.content_type as AttachmentType,
  size: row.size,
  sha256: row.sha256,
  uploadedAt: row.uploaded_at,
  uploadedBy: row.uploaded_by === null ? null : { id: row.uploaded_by, name: row.uploader_name },
});

/** An item's attachments, oldest first (none when the organisation has no such item). */
export async function listAttachments(db: Db, orgId: string, itemId: string): Promise<Attachment[]> {
  const rows = await selectAttachments(db).where('a.org_id', '=', orgId).where('a.item_id', '=', itemId).orderBy('a.uploaded_at').orderBy('a.id').execute();
  return rows.map(toAttachment);
}

/** One attachment with its content, if it belongs to that item of that organisation. */
export async function findAttachmentContent(
  db: Db,
  orgId: string,
  itemId: string,
  id: string,
): Promise<{ name: string; contentType: AttachmentType; size: number; sha256: string; data: Uint8Array } | undefined> {
  const row = await db
    .selectFrom('item_attachments')
    .select(['name', 'content_type', 'size', 'sha256', 'data'])
    .where('id', '=', id)
    .where('item_id', '=', itemId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row && { name: row.name, contentType: row.content_type as AttachmentType, size: row.size, sha256: row.sha256, data: row.data };
}

/**
 * Bytes the organisation's attachments take, read after taking the organisation's attachment
 * lock: two uploads at once are summed one after the other, so together they cannot pass the
 * limit. The lock is released when the transaction ends.
 */
export async function lockedAttachmentBytes(trx: Transaction<DB>, orgId: string): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`item_attachments:${orgId}`}, 0))`.execute(trx);
  // Files sent with materials (issue 15) take the sending organisation's room too.
  const { rows } = await sql<{ bytes: string }>`
    select ((select coalesce(sum(size), 0) from item_attachments where org_id = ${orgId}::uuid)
      + (select coalesce(sum(size), 0) from material_attachments where org_id = ${orgId}::uuid))::text as bytes`.execute(trx);
  return Number(rows[0]!.bytes);
}

export interface NewAttachment {
  orgId: string;
  itemId: string;
  name: string;
  contentType: AttachmentType;
  sha256: string;
  data: Uint8Array;
  uploadedBy: string;
}

/** Stores a file for an item and counts it on the item; undefined when the item is not the organisation's. */
export async function insertAttachment(trx: Transaction<DB>, file: NewAttachment): Promise<Attachment | undefined> {
  const counted = await trx
    .updateTable('items')
    .set({ attachment_count: sql<number>`attachment_count + 1` })
    .where('id', '=', file.itemId)
    .where('org_id', '=', file.orgId)
    .returning('id')
    .executeTakeFirst();
  if (counted === undefined) return undefined;
  const { id } = await trx
    .insertInto('item_attachments')
    .values({
      item_id: file.itemId,
      org_id: file.orgId,
      name: file.name,
      content_type: file.contentType,
      size: file.data.byteLength,
      sha256: file.sha256,
      data: file.data,
      uploaded_by: file.uploadedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await selectAttachments(trx).where('a.id', '=', id).executeTakeFirstOrThrow();
  return toAttachment(row);
}

// Items whose `attachment_count` says otherwise than the attachments they hold, each item's files
// counted once by a grouped join (a subquery per item would probe the index ten million times).
const drifted = sql`
  select i.id from items i
  left join (select item_id, count(*)::int as n from item_attachments group by item_id) a on a.item_id = i.id
  where i.attachment_count <> coalesce(a.n, 0)`;

/**
 * How many items count their attachments wrong (`ritm counts check`): a count written past the
 * repository (a restore, a bulk load) or by an older version's race (two deletes of one file at
 * once). An item's count says whether it is confirmed, so compliance reads it.
 */
export async function attachmentCountDrift(db: Kysely<DB> | Transaction<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${drifted}) d`.execute(db);
  return rows[0]!.n;
}

/**
 * Sets those items' `attachment_count` to the attachments they hold (`ritm counts rebuild`, beside
 * a running server): their rows are written, so their triggers count them again where they count
 * and raise their organisations' revisions. Returns how many items it wrote.
 *
 * The drifted items are locked before their files are counted, in a statement of its own: an
 * upload holds its item's row from its first statement, so a count taken in the statement that
 * waited for it would be of the files before it (the snapshot of a statement is taken when it
 * starts), and would write that over the upload's count. A delete counts off its file after the
 * lock is let go, from the count written here, which still held the file.
 */
export async function repairAttachmentCounts(trx: Transaction<DB>): Promise<number> {
  const found = (await sql<{ id: string }>`${drifted}`.execute(trx)).rows.map((row) => row.id);
  if (found.length === 0) return 0;
  await sql`select id from items where id = any(${found}::uuid[]) order by id for no key update`.execute(trx);
  const { rows } = await sql<{ n: number }>`
    with written as (update items i set attachment_count = (select count(*) from item_attachments a where a.item_id = i.id)
      where i.id = any(${found}::uuid[]) and i.attachment_count <> (select count(*) from item_attachments a where a.item_id = i.id)
      returning 1)
    select count(*)::int as n from written`.execute(trx);
  return rows[0]!.n;
}

/** Deletes an item's attachment and uncounts it; the deleted attachment, or undefined when there was none. */
export async function deleteAttachment(trx: Transaction<DB>, orgId: string, itemId: string, id: string): Promise<Attachment | undefined> {
  const row = await selectAttachments(trx).where('a.id', '=', id).where('a.item_id', '=', itemId).where('a.org_id', '=', orgId).executeTakeFirst();
  if (row === undefined) return undefined;
  // Uncounted only when this statement deleted it: a second delete of the same attachment at
  // the same moment waits for the first and then finds nothing, and must neither count it off
  // again (the item would lose its evidence) nor say it deleted it.
  const deleted = await trx.deleteFrom('item_attachments').where('id', '=', id).returning('id').executeTakeFirst();
  if (deleted === undefined) return undefined;
  await trx
    .updateTable('items')
    .set({ attachment_count: sql<number>`attachment_count - 1` })
    .where('id', '=', itemId)
    .execute();
  return toAttachment(row);
}
