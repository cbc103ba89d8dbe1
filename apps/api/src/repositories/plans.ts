import { sql, type Kysely, type Transaction } from 'kysely';
import type { Plan, PlanApproval, PlanQuery, PlanSnapshotItem } from '@ritm/contracts/plans';
import type { PlanStatus } from '@ritm/domain/media-plan';
import { periodOf } from '@ritm/domain/period';
import type { DB, MediaPlansTable } from '../db/schema.js';

/** A plan as stored; the API adds the caller's `transitions` (services/plans.ts `presentPlan`). */
export type PlanRecord = Omit<Plan, 'transitions'>;

interface PlanRow {
  id: string;
  org_id: string;
  period: MediaPlansTable['period'];
  period_start: string;
  title: string;
  status: PlanStatus;
  approved_by: string | null;
  approved_at: Date | null;
  approver_name: string | null;
  created_by: string | null;
  return_comment: string | null;
  returned_by: string | null;
  returned_by_name: string | null;
  returned_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  item_count: number;
}

function toPlan(row: PlanRow): PlanRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    period: row.period,
    periodStart: row.period_start,
    periodEnd: periodOf(row.period_start, row.period).end,
    title: row.title,
    status: row.status,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at === null ? null : new Date(row.approved_at).toISOString(),
    approverName: row.approved_at === null ? null : row.approver_name,
    createdBy: row.created_by,
    returnComment: row.return_comment,
    returnedBy: row.returned_by === null ? null : { id: row.returned_by, name: row.returned_by_name ?? '' },
    returnedAt: row.returned_at === null ? null : new Date(row.returned_at).toISOString(),
    itemCount: Number(row.item_count),
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * The day after a plan's period, in SQL: its local days are `period_start <= day < this`. The
 * domain's `periodOf` lays out the same periods (weeks from Monday, months, quarters from the 1st).
 */
const periodAfter = sql<string>`(p.period_start + case p.period when 'week' then interval '7 days' when 'month' then interval '1 month' else interval '3 months' end)::date`;

function selectPlans(db: Kysely<DB> | Transaction<DB>) {
  return (
    db
      .selectFrom('media_plans as p')
      .leftJoin('users as r', 'r.id', 'p.returned_by')
      .select(['p.id', 'p.org_id', 'p.period', 'p.period_start', 'p.title', 'p.status', 'p.approved_by', 'p.approved_at', 'p.created_by', 'p.version', 'p.created_at', 'p.updated_at'])
      .select(['p.return_comment', 'p.returned_by', 'p.returned_at', sql<string | null>`coalesce(nullif(r.name, ''), r.email)`.as('returned_by_name')])
      // A plan's content is every item of its organisation on a day of its period, whichever plan it names.
      .select(
        sql<number>`(select count(*) from items i where i.org_id = p.org_id and i.local_day >= p.period_start and i.local_day < ${periodAfter} and i.status <> 'cancelled')::int`.as(
          'item_count',
        ),
      )
      .select(sql<string | null>`(select a.approver_name from plan_approvals a where a.plan_id = p.id order by a.approved_at desc limit 1)`.as('approver_name'))
  );
}

export async function listPlans(db: Kysely<DB>, orgId: string, query: PlanQuery): Promise<PlanRecord[]> {
  let q = selectPlans(db).where('p.org_id', '=', orgId);
  if (query.status !== undefined) q = q.where('p.status', '=', query.status);
  // A plan overlaps from … to when it starts before `to` ends; its end is derived, so filter the start generously and trim below.
  if (query.to !== undefined) q = q.where('p.period_start', '<=', query.to);
  const rows = await q.orderBy('p.period_start', 'desc').orderBy('p.period').execute();
  const plans = rows.map(toPlan);
  return query.from === undefined ? plans : plans.filter((plan) => plan.periodEnd >= query.from!);
}

export async function findPlan(db: Kysely<DB> | Transaction<DB>, orgId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<PlanRecord | undefined> {
  let q = selectPlans(db).where('p.id', '=', id).where('p.org_id', '=', orgId);
  if (options.forUpdate) q = q.forUpdate('p');
  const row = await q.executeTakeFirst();
  return row && toPlan(row);
}

export async function planExists(db: Kysely<DB> | Transaction<DB>, orgId: string, period: string, periodStart: string): Promise<boolean> {
  return (await planIdOf(db, orgId, period, periodStart)) !== undefined;
}

/** The id of an organisation's plan for a period, if there is one. */
export async function planIdOf(db: Kysely<DB> | Transaction<DB>, orgId: string, period: string, periodStart: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('media_plans')
    .select('id')
    .where('org_id', '=', orgId)
    .where('period', '=', period as MediaPlansTable['period'])
    .where('period_start', '=', periodStart)
    .executeTakeFirst();
  return row?.id;
}

/**
 * Locks the organisation's plans whose period holds any of `days` (FOR UPDATE, so an approval in
 * progress finishes first and its new status is what is read) and returns their ids and statuses.
 * Archived plans are history and are not read.
 */
export async function lockPlansCovering(
  trx: Transaction<DB>,
  orgIds: string | readonly string[],
  days: readonly string[],
): Promise<Array<{ id: string; orgId: string; status: PlanStatus }>> {
  // Many organisations at once for a material's placement tasks (issue 15): one statement for all targets.
  const orgs = typeof orgIds === 'string' ? [orgIds] : [...new Set(orgIds)];
  if (days.length === 0 || orgs.length === 0) return [];
  const rows = await trx
    .selectFrom('media_plans as p')
    .select(['p.id', 'p.org_id as orgId', 'p.status'])
    .where(sql<boolean>`p.org_id = any(${orgs}::uuid[])`)
    .where('p.status', '<>', 'archived')
    .where(sql<boolean>`exists (select 1 from unnest(${[...new Set(days)]}::date[]) d where d >= p.period_start and d < ${periodAfter})`)
    .orderBy('p.id')
    .forUpdate()
    .execute();
  return rows;
}

/** Moves plans to a status as the system does (no version expected), raising their versions. */
export async function setPlansStatus(trx: Transaction<DB>, ids: readonly string[], status: PlanStatus): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('media_plans')
    .set({ status, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('id', 'in', ids)
    .execute();
}

/** Marks a plan approved without a client's version (a plan the system approves: the demo's). */
export async function setPlanApproved(trx: Transaction<DB>, id: string, approval: { approvedBy: string; at: Date }): Promise<void> {
  await trx
    .updateTable('media_plans')
    .set({ status: 'approved', approved_by: approval.approvedBy, approved_at: approval.at, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Records an approval with its snapshot; every approval is kept. */
export async function insertApproval(
  trx: Transaction<DB>,
  approval: { planId: string; approvedBy: string; approverName: string; at: Date; items: readonly PlanSnapshotItem[]; names: Record<string, string> },
): Promise<void> {
  await trx
    .insertInto('plan_approvals')
    .values({
      plan_id: approval.planId,
      approved_by: approval.approvedBy,
      approver_name: approval.approverName,
      approved_at: approval.at,
      items: JSON.stringify(approval.items),
      names: JSON.stringify(approval.names),
    })
    .execute();
}

/** A plan's approvals, newest first (`limit` 1: the one in force or last in force). */
export async function listApprovals(db: Kysely<DB> | Transaction<DB>, planId: string, limit?: number): Promise<PlanApproval[]> {
  let q = db
    .selectFrom('plan_approvals')
    .select(['id', 'approved_by', 'approver_name', 'approved_at', 'items', 'names'])
    .where('plan_id', '=', planId)
    .orderBy('approved_at', 'desc')
    .orderBy('id');
  if (limit !== undefined) q = q.limit(limit);
  const rows = await q.execute();
  return rows.map((row) => ({
    id: row.id,
    approvedBy: row.approved_by,
    approverName: row.approver_name,
    approvedAt: new Date(row.approved_at).toISOString(),
    items: (typeof row.items === 'string' ? JSON.parse(row.items) : row.items) as PlanSnapshotItem[],
    names: (typeof row.names === 'string' ? JSON.parse(row.names) : row.names) as Record<string, string>,
  }));
}

/**
 * The names of channels, audiences, key messages and users among `ids`, by id: what a plan's
 * items name, kept with an approval so that its print form reads as it was signed.
 */
export async function namesOf(db: Kysely<DB> | Transaction<DB>, ids: readonly string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const list = [...new Set(ids)];
  const { rows } = await sql<{ id: string; name: string }>`
    select id, name from channels where id = any(${list}::uuid[])
    union all select id, name from audiences where id = any(${list}::uuid[])
    union all select id, text as name from key_messages where id = any(${list}::uuid[])
    union all select id, coalesce(nullif(name, ''), email) as name from users where id = any(${list}::uuid[])`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.id, row.name]));
}

/** A user's name as shown (their e-mail when they gave none). */
export async function userNameOf(db: Kysely<DB> | Transaction<DB>, userId: string): Promise<string> {
  const row = await db.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirst();
  return row === undefined ? '' : row.name || row.email;
}

export interface NewPlan {
  orgId: string;
  period: MediaPlansTable['period'];
  periodStart: string;
  title: string;
  createdBy: string;
}

/** Inserts a media plan; a second plan of one organisation, period and start breaks a unique index (23505). */
export async function insertPlan(trx: Transaction<DB>, plan: NewPlan): Promise<{ id: string; version: number }> {
  return trx
    .insertInto('media_plans')
    .values({
      org_id: plan.orgId,
      period: plan.period,
      period_start: plan.periodStart,
      title: plan.title,
      created_by: plan.createdBy,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}
