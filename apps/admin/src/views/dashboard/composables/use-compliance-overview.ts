import { computed, ref, shallowRef, watch } from 'vue';
import { statusSeverity } from '@ritm/domain/compliance';
import { PLAN_STATUSES_AWAITING_DIRECTOR } from '@ritm/domain/media-plan';
import { periodsOverlapping } from '@ritm/domain/period';
import { complianceApi, normsApi } from '../../../api/compliance.js';
import { plansApi } from '../../../api/plans.js';
import type { ComplianceSummary, MediaPlan, OrganisationCompliance } from '../../../api/types.js';
import type { HeatCell } from '../../../components/dashboard/StatusHeatmap.vue';
import { useNotify } from '../../../composables/use-notify.js';
import { todayIn, viewPeriod } from '../../../lib/dates.js';
import { useOrgsStore } from '../../../stores/orgs.js';

/** The heatmap's cells: each organisation's worst status in each column's summary (null where it has none). */
export function heatCells(rows: readonly OrganisationCompliance[], byColumn: readonly ComplianceSummary[]): HeatCell[] {
  return rows.flatMap((org, i) => byColumn.map((col, j) => ({ org: i, column: j, status: col.organisations.find((o) => o.orgId === org.orgId)?.worst ?? null })));
}

/** Organisations worst first (missed before at risk…), the tree order kept among equals. */
export function worstFirst(rows: readonly OrganisationCompliance[]): OrganisationCompliance[] {
  return [...rows].sort((a, b) => statusSeverity(a.worst ?? 'not_applicable') - statusSeverity(b.worst ?? 'not_applicable'));
}

/**
 * The director's dashboard: the compliance of the current organisation's subtree over a
 * quarter (and per week or month column for the heatmap), the plans awaiting approval below
 * it, and the norms' titles from the presets.
 */
export function useComplianceOverview() {
  const orgs = useOrgsStore();
  const notify = useNotify();
  const anchor = ref(todayIn(orgs.timeZone));
  const step = ref<'week' | 'month'>('week');
  const quarter = computed(() => viewPeriod('quarter', anchor.value));
  const columns = computed(() => periodsOverlapping({ from: quarter.value.start, to: quarter.value.end }, step.value));
  const summary = shallowRef<ComplianceSummary | null>(null);
  const byColumn = shallowRef<ComplianceSummary[]>([]);
  const awaiting = shallowRef<(MediaPlan & { orgName: string })[]>([]);
  const titles = ref(new Map<string, string>());
  const loading = ref(false);

  async function load(): Promise<void> {
    const orgId = orgs.currentId;
    if (!orgId) return;
    loading.value = true;
    try {
      const range = { from: quarter.value.start, to: quarter.value.end };
      const [whole, perColumn] = await Promise.all([
        complianceApi.summary(orgId, range),
        Promise.all(columns.value.map((c) => complianceApi.summary(orgId, { from: c.start, to: c.end }))),
      ]);
      summary.value = whole;
      byColumn.value = perColumn;
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
    awaiting,
    titles,
    loading,
    rows,
    sorted: computed(() => worstFirst(rows.value)),
    cells: computed(() => heatCells(rows.value, byColumn.value)),
    start: () => Promise.all([load(), loadAwaiting(), loadTitles()]),
  };
}
