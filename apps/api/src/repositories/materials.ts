import { sql, type Kysely, type Transaction } from 'kysely';
import type { MaterialAttachment, Placement, PlacementTally } from '@ritm/contracts/materials';
import type { AttachmentType } from '@ritm/domain/attachment';
import { COUNTED_STATUSES } from '@ritm/domain/counting-groups';
import { OPEN_PLACEMENT_STATUSES, type TargetCandidate } from '@ritm/domain/materials';
import type { DB } from '../db/schema.js';
import { utcIso } from './items.js';
import { inArchive } from './orgs.js';

/*
 * Materials sent down the tree, their placements and attachments (issue 15, migration
 * 20261129T0300). A placement's status is computed here, in SQL, exactly as the domain's
 * `placementStatus` reads it: declined → placed (the task item done) → overdue (the target's today
 * past the deadline) → pending. Each target's today is handed in per time zone (`todays`: zone →
 * local date, computed by the domain from the injected clock), so PostgreSQL's own zone data is
 * never asked and the two cannot disagree.
 */

type Db = Kysely<DB> | Transaction<DB>;

/** Today's local date per IANA zone, as JSON text for the queries below. */
export type Todays = Record<string, string>;

const DONE = sql.val([...COUNTED_STATUSES.done]);

/** The status of placement `p` of material `m`, with its task item `i` and target `o`. */
const statusOf = (todays: Todays) => sql<Placement['status']>`case
  when p.decline_reason is not null then 'declined'
  when i.status = any(${DONE}::text[]) then 'placed'
  when (${JSON.stringify(todays)}::jsonb ->> o.timezone)::date > m.deadline then 'overdue'
  else 'pending' end`;

/** Every organisation strictly below the sender, as the domain's target choice reads them. */
export async function targetCandidatesBelow(db: Db, sender: { path: string; depth: number }): Promise<Array<TargetCandidate & { name: string }>> {
  const rows = await db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.kind', 'o.name', 'o.depth', inArchive('o.path').as('archived')])
    .where('o.path', 'like', `${sender.path}_%`)
    .execute();
  return rows.map((row) => ({ id: row.id, kind: row.kind, name: row.name, depth: row.depth - sender.depth, archived: row.archived }));
}

/** Time zones of the organisations in a subtree (usually a handful), to compute each one's today. */
export async function timeZonesIn(db: Db, path: string): Promise<string[]> {
  const rows = await db.selectFrom('organisations').select('timezone').distinct().where('path', 'like', `${path}%`).execute();
  return rows.map((row) => row.timezone);
}

/** The active channels of the given types of many organisations, in one query. */
export async function activeChannelsOfTypes(db: Db, orgIds: readonly string[], types: readonly string[]): Promise<Array<{ orgId: string; id: string; type: string }>> {
  if (orgIds.length === 0 || types.length === 0) return [];
  const rows = await db
    .selectFrom('channels')
    .select(['org_id', 'id', 'type'])
    .where(sql<boolean>`org_id = any(${[...orgIds]}::uuid[])`)
    .where('type', 'in', [...types])
    .where('active', '=', true)
    .orderBy('org_id')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ orgId: row.org_id, id: row.id, type: row.type }));
}

export interface NewMaterial {
  orgId: string;
  title: string;
  text: string;
  kind: string;
  channelTypes: readonly string[];
  placeOn: string;
  deadline: string;
  target: unknown;
  createdBy: string;
  /** The injected clock's now: a material is sent when the app's clock says (tests, reports). */
  createdAt: Date;
}

export async function insertMaterial(trx: Transaction<DB>, material: NewMaterial): Promise<string> {
  const { id } = await trx
    .insertInto('materials')
    .values({
      org_id: material.orgId,
      title: material.title,
      text: material.text,
      kind: material.kind,
      channel_types: [...material.channelTypes],
      place_on: material.placeOn,
      deadline: material.deadline,
      target: JSON.stringify(material.target),
      created_by: material.createdBy,
      created_at: material.createdAt,
      updated_at: material.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Puts the placement task of a material on every target's calendar, set-based: one statement for
 * the items (one row per target, from a JSON document, so their number never meets the parameter
 * limit), one for their channel links, one for the placements. 2,500 targets are three
 * statements, not 7,500 round trips. The items are ordinary items: planned, dated by the local
 * date `placeOn` (that day on every target's calendar, whatever its zone), in no plan; the
 * items' revision triggers run once per statement. Returns the tasks made, in no order.
 */
export async function insertPlacementTasks(
  trx: Transaction<DB>,
  task: { materialId: string; kind: string; title: string; notes: string; day: string; userId: string },
  targets: ReadonlyArray<{ orgId: string; channelIds: readonly string[] }>,
): Promise<Array<{ itemId: string; orgId: string }>> {
  if (targets.length === 0) return [];
  const json = JSON.stringify(targets.map((t) => ({ org_id: t.orgId, channel_ids: [...t.channelIds].sort() })));
  const { rows } = await sql<{ id: string; org_id: string }>`
    insert into items (org_id, kind, title, notes, status, at_date, local_day, channel_ids, created_by, updated_by, material_id)
    select t.org_id, ${task.kind}, ${task.title}, ${task.notes}, 'planned', ${task.day}::date, ${task.day}::date, t.channel_ids, ${task.userId}::uuid, ${task.userId}::uuid, ${task.materialId}::uuid
    from jsonb_to_recordset(${json}::jsonb) as t(org_id uuid, channel_ids uuid[])
    returning id, org_id`.execute(trx);
  await sql`
    insert into item_channels (item_id, channel_id)
    select i.id, unnest(i.channel_ids) from items i where i.material_id = ${task.materialId}::uuid`.execute(trx);
  await sql`
    insert into material_placements (material_id, org_id, item_id)
    select i.material_id, i.org_id, i.id from items i where i.material_id = ${task.materialId}::uuid`.execute(trx);
  return rows.map((row) => ({ itemId: row.id, orgId: row.org_id }));
}

/** A material's stored fields, without tally and attachments. */
export interface MaterialRecord {
  id: string;
  orgId: string;
  orgName: string;
  orgPath: string;
  title: string;
  text: string;
  kind: string;
  channelTypes: string[];
  placeOn: string;
  deadline: string;
  target: unknown;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  version: number;
}

/**
 * How material `m` chose its targets, as the organisation at `viewerPath` may read it: whole from the
 * sender's side (the sender and above it); else a list of named targets keeps only those of the
 * viewer's subtree, so that a target never learns which siblings got the material.
 */
const targetFor = (viewerPath: string | undefined) =>
  viewerPath === undefined
    ? sql<string>`m.target::text`
    : sql<string>`(case when so.path like ${viewerPath} || '%' or not (m.target ? 'orgIds') then m.target
        else jsonb_build_object('orgIds', (select coalesce(jsonb_agg(t.id order by t.n), '[]'::jsonb)
          from jsonb_array_elements_text(m.target -> 'orgIds') with ordinality as t(id, n)
          where exists (select 1 from organisations o where o.id = t.id::uuid and o.path like ${viewerPath} || '%')))
        end)::text`;

function selectMaterials(db: Db, viewerPath?: string) {
  return db
    .selectFrom('materials as m')
    .innerJoin('organisations as so', 'so.id', 'm.org_id')
    .leftJoin('users as u', 'u.id', 'm.created_by')
    .select([
      'm.id',
      'm.org_id',
      'so.name as org_name',
      'so.path as org_path',
      'm.title',
      'm.text',
      'm.kind',
      'm.channel_types',
      sql<string>`m.place_on::text`.as('place_on'),
      sql<string>`m.deadline::text`.as('deadline'),
      targetFor(viewerPath).as('target'),
      utcIso('m.created_at').as('created_at'),
      'm.created_by',
      sql<string>`coalesce(nullif(u.name, ''), u.email, '')`.as('creator_name'),
      'm.version',
    ]);
}

type MaterialRow = Awaited<ReturnType<ReturnType<typeof selectMaterials>['executeTakeFirstOrThrow']>>;

const toMaterial = (row: MaterialRow): MaterialRecord => ({
  id: row.id,
  orgId: row.org_id,
  orgName: row.org_name,
  orgPath: row.org_path,
  title: row.title,
  text: row.text,
  kind: row.kind,
  channelTypes: row.channel_types,
  placeOn: row.place_on,
  deadline: row.deadline,
  target: JSON.parse(row.target) as unknown,
  createdAt: row.created_at,
  createdBy: row.created_by === null ? null : { id: row.created_by, name: row.creator_name },
  version: row.version,
});

/**
 * A material as seen from the organisation at `viewerPath`: when it was sent from that subtree
 * (the sender or an organisation above it), or went to an organisation of that subtree (a target
 * or one above a target). Undefined to anyone else, as if there were none.
 */
export async function findVisibleMaterial(db: Db, materialId: string, viewerPath: string): Promise<MaterialRecord | undefined> {
  const row = await selectMaterials(db, viewerPath)
    .where('m.id', '=', materialId)
    .where((eb) =>
      eb.or([
        eb('so.path', 'like', `${viewerPath}%`),
        eb.exists(
          eb
            .selectFrom('material_placements as p')
            .innerJoin('organisations as o', 'o.id', 'p.org_id')
            .select('p.org_id')
            .whereRef('p.material_id', '=', 'm.id')
            .where('o.path', 'like', `${viewerPath}%`),
        ),
      ]),
    )
    .executeTakeFirst();
  return row && toMaterial(row);
}

/** The material an organisation sent, locked for a change; undefined when it did not send it. */
export async function findOwnMaterial(trx: Transaction<DB>, orgId: string, materialId: string): Promise<MaterialRecord | undefined> {
  const row = await selectMaterials(trx).where('m.id', '=', materialId).where('m.org_id', '=', orgId).forUpdate('m').executeTakeFirst();
  return row && toMaterial(row);
}

/**
 * Materials sent by the organisation (`sent`), by organisations strictly below it (`below`), or to
 * it (`received`), newest first; `open`: only those with a placement of the viewer's subtree still
 * owed (pending or overdue).
 */
export async function listMaterials(
  db: Db,
  query: { orgId: string; orgPath: string; direction: 'sent' | 'below' | 'received'; open: boolean; todays: Todays; materialId?: string },
): Promise<Array<MaterialRecord & { tally: PlacementTally }>> {
  let q = selectMaterials(db, query.orgPath).select(tallyOf(query.orgPath, query.todays).as('tally'));
  if (query.materialId !== undefined) q = q.where('m.id', '=', query.materialId);
  if (query.direction === 'sent') q = q.where('m.org_id', '=', query.orgId);
  else if (query.direction === 'below') q = q.where('so.path', 'like', `${query.orgPath}_%`);
  else {
    const orgId = query.orgId;
    q = q.where((eb) => eb.exists(eb.selectFrom('material_placements as r').select('r.org_id').whereRef('r.material_id', '=', 'm.id').where('r.org_id', '=', orgId)));
  }
  const rows = await q.orderBy('m.created_at', 'desc').orderBy('m.id').execute();
  return rows
    .map((row) => ({ ...toMaterial(row), tally: JSON.parse(row.tally) as PlacementTally }))
    .filter((material) => !query.open || OPEN_PLACEMENT_STATUSES.some((status) => material.tally[status] > 0));
}

/** A material sent in a report's period, with its tally over every target (what the compliance report lists). */
export interface SentMaterialLine {
  orgId: string;
  orgName: string;
  title: string;
  sentAt: string;
  deadline: string;
  tally: PlacementTally;
}

/**
 * Materials sent by the organisation at `rootPath` or below it between two instants (the report
 * period's first and last local days in the root's zone), by sender in path order then by time.
 */
export async function materialsSentIn(db: Db, rootPath: string, from: Date, until: Date, todays: Todays): Promise<SentMaterialLine[]> {
  const rows = await selectMaterials(db, rootPath)
    .select(tallyOf(rootPath, todays).as('tally'))
    .where('so.path', 'like', `${rootPath}%`)
    .where('m.created_at', '>=', from)
    .where('m.created_at', '<', until)
    .orderBy('so.path')
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  return rows.map((row) => ({ orgId: row.org_id, orgName: row.org_name, title: row.title, sentAt: row.created_at, deadline: row.deadline, tally: JSON.parse(row.tally) as PlacementTally }));
}

/** The tally of material `m` over the placements of the subtree at `viewerPath`, as JSON text. */
function tallyOf(viewerPath: string, todays: Todays) {
  return sql<string>`(select json_build_object(
      'pending', count(*) filter (where s.status = 'pending'),
      'placed', count(*) filter (where s.status = 'placed'),
      'overdue', count(*) filter (where s.status = 'overdue'),
      'declined', count(*) filter (where s.status = 'declined'),
      'total', count(*))::text
    from (select ${statusOf(todays)} as status
      from material_placements p
      join organisations o on o.id = p.org_id
      left join items i on i.id = p.item_id
      where p.material_id = m.id and o.path like ${viewerPath} || '%') s)`;
}

/**
 * Placement rows `p` of material `m` (target `o`, task item `i`) in the subtree at `viewerPath`, with the contract's keys;
 * of several materials at once when given a list (each row then names its `materialId` too).
 */
function placementRows(materials: string | readonly string[], viewerPath: string, todays: Todays, orgId: string | undefined) {
  const which = typeof materials === 'string' ? sql`p.material_id = ${materials}::uuid` : sql`p.material_id = any(${materials}::uuid[])`;
  return sql`(select p.org_id as "orgId", o.name as "orgName", ${statusOf(todays)} as "status", p.item_id as "itemId",
      i.local_day::text as "localDay", i.url as "url", ${utcIso('i.published_at')} as "publishedAt",
      coalesce(i.attachment_count, 0) as "attachmentCount", p.adapted as "adapted", p.decline_reason as "declineReason",
      ${utcIso('p.answered_at')} as "answeredAt"${typeof materials === 'string' ? sql`` : sql`, p.material_id as "materialId"`}
    from material_placements p
    join materials m on m.id = p.material_id
    join organisations o on o.id = p.org_id
    left join items i on i.id = p.item_id
    where ${which} and o.path like ${viewerPath} || '%'
      ${orgId === undefined ? sql`` : sql`and p.org_id = ${orgId}::uuid`})`;
}

/**
 * A material's placements in the subtree at `viewerPath` (all of them for the sender's readers), by
 * organisation name, as the JSON text of a `Placement[]` ready to send (the rate screen of 2,500
 * targets makes no object per placement), with their tally; `orgId` narrows them to one target.
 */
export async function listPlacementsJson(
  db: Db,
  materialId: string,
  viewerPath: string,
  todays: Todays,
  orgId?: string,
): Promise<{ placements: string; tally: PlacementTally }> {
  const { rows } = await sql<{ placements: string; tally: string }>`
    select coalesce(json_agg(r order by r."orgName", r."orgId"), '[]'::json)::text as placements,
      json_build_object(
        'pending', count(*) filter (where r.status = 'pending'),
        'placed', count(*) filter (where r.status = 'placed'),
        'overdue', count(*) filter (where r.status = 'overdue'),
        'declined', count(*) filter (where r.status = 'declined'),
        'total', count(*))::text as tally
    from ${placementRows(materialId, viewerPath, todays, orgId)} r`.execute(db);
  return { placements: rows[0]!.placements, tally: JSON.parse(rows[0]!.tally) as PlacementTally };
}

/** The target's own placement of each of the materials, by material id, in one query (the received list). */
export async function ownPlacements(db: Db, materialIds: readonly string[], orgPath: string, todays: Todays, orgId: string): Promise<Map<string, Placement>> {
  if (materialIds.length === 0) return new Map();
  const { rows } = await sql<{ materialId: string; placement: string }>`
    select r."materialId", (to_jsonb(r) - 'materialId')::text as placement
    from ${placementRows(materialIds, orgPath, todays, orgId)} r`.execute(db);
  return new Map(rows.map((row) => [row.materialId, JSON.parse(row.placement) as Placement]));
}

/** One target's placement of a material, locked for its answer; undefined when it is not a target. */
export async function lockPlacement(
  trx: Transaction<DB>,
  materialId: string,
  orgId: string,
): Promise<{ itemId: string | null; adapted: boolean; declineReason: string | null; answeredAt: Date | null } | undefined> {
  const row = await trx
    .selectFrom('material_placements')
    .select(['item_id', 'adapted', 'decline_reason', 'answered_at'])
    .where('material_id', '=', materialId)
    .where('org_id', '=', orgId)
    .forUpdate()
    .executeTakeFirst();
  return row && { itemId: row.item_id, adapted: row.adapted, declineReason: row.decline_reason, answeredAt: row.answered_at };
}

/** Records a target's answer: placed, adapted, or declined with a reason. */
export async function answerPlacement(
  trx: Transaction<DB>,
  materialId: string,
  orgId: string,
  answer: { adapted?: boolean; declineReason?: string; answeredBy?: string; answeredAt?: Date },
): Promise<void> {
  await trx
    .updateTable('material_placements')
    .set({
      ...(answer.adapted !== undefined && { adapted: answer.adapted }),
      ...(answer.declineReason !== undefined && { decline_reason: answer.declineReason }),
      ...(answer.answeredBy !== undefined && { answered_by: answer.answeredBy }),
      ...(answer.answeredAt !== undefined && { answered_at: answer.answeredAt }),
    })
    .where('material_id', '=', materialId)
    .where('org_id', '=', orgId)
    .execute();
}

/**
 * Cancels a material's placement tasks not yet done or cancelled, in one statement (a withdrawal
 * reaches every target at once); placed ones stay. Returns the tasks cancelled with their
 * organisation and day, so that their plans can be marked changed.
 */
export async function cancelOpenTasks(trx: Transaction<DB>, materialId: string, userId: string): Promise<Array<{ id: string; orgId: string; localDay: string }>> {
  const rows = await trx
    .updateTable('items')
    .set({ status: 'cancelled', updated_by: userId, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('material_id', '=', materialId)
    .where('status', 'in', ['planned', 'in_progress'])
    .returning(['id', 'org_id', sql<string>`local_day::text`.as('local_day')])
    .execute();
  return rows.map((row) => ({ id: row.id, orgId: row.org_id, localDay: row.local_day }));
}

/** The attachments of materials, oldest first. */
export async function listMaterialAttachments(db: Db, materialIds: readonly string[]): Promise<Map<string, MaterialAttachment[]>> {
  const found = new Map<string, MaterialAttachment[]>();
  if (materialIds.length === 0) return found;
  const rows = await db
    .selectFrom('material_attachments')
    .select(['id', 'material_id', 'name', 'content_type', 'size'])
    .where('material_id', 'in', [...new Set(materialIds)])
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const list = found.get(row.material_id) ?? [];
    list.push({ id: row.id, name: row.name, contentType: row.content_type, size: row.size });
    found.set(row.material_id, list);
  }
  return found;
}

export interface NewMaterialAttachment {
  materialId: string;
  orgId: string;
  name: string;
  contentType: AttachmentType;
  sha256: string;
  data: Uint8Array;
  uploadedBy: string;
}

export async function insertMaterialAttachment(trx: Transaction<DB>, file: NewMaterialAttachment): Promise<MaterialAttachment> {
  const row = await trx
    .insertInto('material_attachments')
    .values({
      material_id: file.materialId,
      org_id: file.orgId,
      name: file.name,
      content_type: file.contentType,
      size: file.data.byteLength,
      sha256: file.sha256,
      data: file.data,
      uploaded_by: file.uploadedBy,
    })
    .returning(['id', 'name', 'content_type', 'size'])
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, contentType: row.content_type, size: row.size };
}

/** One attachment of a material with its content. */
export async function findMaterialAttachmentContent(
  db: Db,
  materialId: string,
  id: string,
): Promise<{ name: string; contentType: AttachmentType; sha256: string; data: Uint8Array } | undefined> {
  const row = await db
    .selectFrom('material_attachments')
    .select(['name', 'content_type', 'sha256', 'data'])
    .where('id', '=', id)
    .where('material_id', '=', materialId)
    .executeTakeFirst();
  return row && { name: row.name, contentType: row.content_type as AttachmentType, sha256: row.sha256, data: row.data };
}
