import { computed, onMounted } from 'vue';
import { useRoute } from 'vue-router';
import { plansApi } from '../api/plans.js';
import type { PlanWithItems } from '../api/types.js';
import { useCatalogStore } from '../stores/catalog.js';
import { useOrgsStore } from '../stores/orgs.js';
import { useOrgResource } from './use-org-resource.js';

/** The plan named in the route, with its items, and the vocabulary to show them. */
export function usePlan() {
  const route = useRoute();
  const orgs = useOrgsStore();
  const catalog = useCatalogStore();
  const planId = computed(() => String(route.params.planId));
  const resource = useOrgResource<PlanWithItems | null>(() => plansApi.get(orgs.currentId as string, planId.value), null);
  onMounted(() => {
    void resource.reload();
    if (orgs.currentId) void catalog.load(orgs.currentId);
  });
  return { planId, plan: resource.data, loading: resource.loading, reload: resource.reload, orgs, catalog };
}
