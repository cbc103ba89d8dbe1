import type { Created } from '@ritm/contracts/common';
import type { PlanCopied, PlanCreate, PlanList } from '@ritm/contracts/plans';
import { request } from './client.js';
import type { MediaPlan, PlanStatus, PlanWithItems } from './types.js';

export const plansApi = {
  list: (orgId: string, query: { from?: string; to?: string; status?: PlanStatus } = {}) =>
    request<PlanList>(`/orgs/${orgId}/plans`, { query }).then((r) => r.plans),
  /** A plan with its items, ordered by day. */
  get: (orgId: string, id: string) => request<PlanWithItems>(`/orgs/${orgId}/plans/${id}`),
  create: (orgId: string, body: PlanCreate) => request<Created>(`/orgs/${orgId}/plans`, { method: 'POST', body }),
  /** Copies a plan's items into a new plan of the next period, keeping weekdays. */
  copyToNext: (orgId: string, id: string) => request<PlanCopied>(`/orgs/${orgId}/plans/${id}/copy`, { method: 'POST', body: {} }),
  /** draft → submitted → approved → archived; a director returns a submitted plan to draft with a comment. */
  setStatus: (orgId: string, plan: MediaPlan, status: PlanStatus, comment?: string) =>
    request<MediaPlan>(`/orgs/${orgId}/plans/${plan.id}/status`, {
      method: 'POST',
      body: comment ? { status, comment } : { status },
      version: plan.version,
    }),
  remove: (orgId: string, plan: MediaPlan) => request<void>(`/orgs/${orgId}/plans/${plan.id}`, { method: 'DELETE', version: plan.version }),
};
