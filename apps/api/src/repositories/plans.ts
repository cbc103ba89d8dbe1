import { sql, type Kysely, type Transaction } from 'kysely';
import type { Plan, PlanQuery } from '@ritm/contracts/plans';
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
  created_by: string | null;
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
    createdBy: row.created_by,
    itemCount: Number(row.item_count),
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function selectPlans(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('media_plans as p')
    .select(['p.id', 'p.org_id', 'p.period', 'p.period_start', 'p.title', 'p.status', 'p.approved_by', 'p.approved_at', 'p.created_by', 'p.version', 'p.created_at', 'p.updated_at'])
    .select(sql<number>`(select count(*) from items i where i.plan_id = p.id and i.status <> 'cancelled')::int`.as('item_count'));
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
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toPlan(row);
}

export async function planExists(db: Kysely<DB> | Transaction<DB>, orgId: string, period: string, periodStart: string): Promise<boolean> {
  const row = await db
    .selectFrom('media_plans')
    .select('id')
    .where('org_id', '=', orgId)
    .where('period', '=', period as MediaPlansTable['period'])
    .where('period_start', '=', periodStart)
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewPlan {
  orgId: string;
  period: MediaPlansTable['period'];
  periodStart: string;
  title: string;
  createdBy: string;
  /** A plan made approved (the demo's); a new plan is a draft. */
  approval?: { approvedBy: string; at: Date };
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
      ...(plan.approval && { status: 'approved' as const, approved_by: plan.approval.approvedBy, approved_at: plan.approval.at }),
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}
