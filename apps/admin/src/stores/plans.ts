import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { PlanCopied } from '@ritm/contracts/plans';
import { plansApi } from '../api/plans.js';
import type { MediaPlan, PlanPeriod, PlanStatus } from '../api/types.js';

function byPeriodDesc(a: MediaPlan, b: MediaPlan): number {
  return a.periodStart < b.periodStart ? 1 : a.periodStart > b.periodStart ? -1 : a.period.localeCompare(b.period);
}

/** The current organisation's media plans. */
export const usePlansStore = defineStore('plans', () => {
  const orgId = ref<string | null>(null);
  const plans = ref<MediaPlan[]>([]);
  const loading = ref(false);
  const loaded = ref(false);

  async function load(id: string): Promise<void> {
    orgId.value = id;
    loading.value = true;
    try {
      const list = await plansApi.list(id);
      if (orgId.value !== id) return;
      plans.value = list.sort(byPeriodDesc);
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  function replace(plan: MediaPlan): void {
    const i = plans.value.findIndex((p) => p.id === plan.id);
    if (i >= 0) plans.value.splice(i, 1, plan);
    else plans.value = [plan, ...plans.value].sort(byPeriodDesc);
  }

  async function create(id: string, body: { period: PlanPeriod; periodStart: string; title: string }): Promise<MediaPlan> {
    const created = await plansApi.create(id, body);
    const { items: _items, approval: _approval, ...plan } = await plansApi.get(id, created.id);
    replace(plan);
    return plan;
  }

  /**
   * Copies a plan to the next period: into its plan when there is one (else a new draft), skipping
   * items already on the calendar there. Returns the next period's plan and what the copy did.
   */
  async function copyToNext(id: string, plan: MediaPlan): Promise<{ plan: MediaPlan; copied: PlanCopied }> {
    const copied = await plansApi.copyToNext(id, plan.id);
    const { items: _items, approval: _approval, ...rest } = await plansApi.get(id, copied.id);
    replace(rest);
    return { plan: rest, copied };
  }

  async function setStatus(id: string, plan: MediaPlan, status: PlanStatus, comment?: string): Promise<MediaPlan> {
    const next = await plansApi.setStatus(id, plan, status, comment);
    replace(next);
    return next;
  }

  function reset(): void {
    orgId.value = null;
    plans.value = [];
    loaded.value = false;
  }

  return { orgId, plans, loading, loaded, load, create, copyToNext, setStatus, replace, reset };
});
