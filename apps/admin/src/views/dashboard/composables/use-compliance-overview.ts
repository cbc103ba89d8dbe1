import { computed, ref, shallowRef, watch } from 'vue';
import { statusSeverity } from '@ritm/domain/compliance';
import { PLAN_STATUSES_AWAITING_DIRECTOR } from '@ritm/domain/media-plan';
import { periodsOverlapping } from '@ritm/domain/period';
import { complianceApi, normsApi } from '../../../api/compliance.js';
import { plansApi } from '../../../api/plans.js';
import type { CompliancePeriods } from '@ritm/contracts/compliance';
import type { ComplianceSummary, MediaPlan, OrganisationCompliance } from '../../../api/types.js';
import { useNotify } from '../../../composables/use-notify.js';
import { todayIn, viewPeriod } from '../../../lib/dates.js';
import { addDays } from '@ritm/domain/local-date';
import { useOrgsStore } from '../../../stores/orgs.js';

/** Organisations worst first (missed before at risk…), the tree order kept among equals. */
export function worstFirst(rows: readonly OrganisationCompliance[]): OrganisationCompliance[] {
  return [...rows].sort((a, b) => statusSeverity(a.worst ?? 'not_applicable') - statusSeverity(b.worst ?? 'not_applicable'));
}

/** How many weeks the trend looks back over, this one included. */
export const TREND_WEEKS = 12;

/**
 * The director's dashboard: the compliance of the current organisation's subtree over a
 * quarter, the same period by period for the heatmap (one request, with each organisation's
 * profile status), the share of norms met over the last {@link TREND_WEEKS} weeks, the plans
 * awaiting approval below it, and the norms' titles from the presets.
 */
export function useComplianceOverview() {
  const orgs = useOrgsStore();
  const notify = useNotify();
  const anchor = ref(todayIn(orgs.timeZone));
  const step = ref<'week' | 'month'>('week');
  const quarter = computed(() => viewPeriod('quarter', anchor.value));
  const columns = computed(() => periodsOverlapping({ from: quarter.value.start, to: quarter.value.end }, step.value));
  const summary = shallowRef<ComplianceSummary | null>(null);
  const periods = shallowRef<CompliancePeriods | null>(null);
  const trend = shallowRef<CompliancePeriods | null>(null);
  const awaiting = shallowRef<(MediaPlan & { orgName: string })[]>([]);
  const titles = ref(new Map<string, string>());
  const loading = ref(false);

  async function load(): Promise<void> {
    const orgId = orgs.currentId;
    if (!orgId) return;
    loading.value = true;
    try {
      const range = { from: quarter.value.start, to: quarter.value.end };
      const [whole, byPeriod] = await Promise.all([complianceApi.summary(orgId, range), complianceApi.periods(orgId, { ...range, granularity: step.value })]);
      summary.value = whole;
      periods.value = byPeriod;
    } catch (error) {
      notify.error(error);
    } finally {
      loading.value = false;
    }
  }

  /**
   * Plans of the subtree (its first 50 organisations) waiting for a director: submitted, or
   * changed since approval. One that cannot be read is left out.
   */
  async function loadAwaiting(): Promise<void> {
    const ids = orgs.currentId ? orgs.subtreeIds(orgs.currentId).slice(0, 50) : [];
    const lists = await Promise.all(
      ids.flatMap((id) =>
        PLAN_STATUSES_AWAITING_DIRECTOR.map((status) =>
          plansApi
            .list(id, { status })
            .then((plans) => plans.map((p) => ({ ...p, orgName: orgs.byId.get(id)?.name ?? '' })))
            .catch(() => []),
        ),
      ),
    );
    awaiting.value = lists.flat();
  }

  async function loadTrend(): Promise<void> {
    const orgId = orgs.currentId;
    if (!orgId) return;
    const today = todayIn(orgs.timeZone);
    try {
      trend.value = await complianceApi.periods(orgId, { from: addDays(today, -7 * (TREND_WEEKS - 1)), to: today, granularity: 'week' });
    } catch (error) {
      notify.error(error);
    }
  }

  async function loadTitles(): Promise<void> {
    try {
      const presets = await normsApi.presets();
      titles.value = new Map(presets.flatMap((p) => p.norms.map((n) => [n.id, n.title ?? n.id] as const)));
    } catch {
      // Without titles the keys are shown.
    }
  }

  watch([anchor, step], load);
  const rows = computed(() => summary.value?.organisations ?? []);

  return {
    anchor,
    step,
    quarter,
    columns,
    summary,
    periods,
    trend,
    awaiting,
    titles,
    loading,
    rows,
    sorted: computed(() => worstFirst(rows.value)),
    start: () => Promise.all([load(), loadTrend(), loadAwaiting(), loadTitles()]),
  };
}
