import type { Created } from '@ritm/contracts/common';
import type { PlanChanges, PlanCopied, PlanCreate, PlanList } from '@ritm/contracts/plans';
import { request } from './client.js';
import type { MediaPlan, PlanStatus, PlanWithItems } from './types.js';

export const plansApi = {
  list: (orgId: string, query: { from?: string; to?: string; status?: PlanStatus } = {}) =>
    request<PlanList>(`/orgs/${orgId}/plans`, { query }).then((r) => r.plans),
  /** A plan with its items, ordered by day. */
  get: (orgId: string, id: string) => request<PlanWithItems>(`/orgs/${orgId}/plans/${id}`),
  /** How the plan's content differs from its last approval (added, removed, changed field by field). */
  changes: (orgId: string, id: string) => request<PlanChanges>(`/orgs/${orgId}/plans/${id}/changes`),
  create: (orgId: string, body: PlanCreate) => request<Created>(`/orgs/${orgId}/plans`, { method: 'POST', body }),
  /** Copies a plan's content into the next period's plan (made when missing), keeping weekdays, skipping what is on the calendar. */
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
