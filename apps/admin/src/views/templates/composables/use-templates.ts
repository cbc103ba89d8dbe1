import { computed, ref, watch } from 'vue';
import { templatesApi, type PlanTemplateSummary } from '../../../api/templates.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { useOrgsStore } from '../../../stores/orgs.js';

/**
 * The templates screen (issue 15): the current organisation's own plan templates and those shared
 * down to it from above; sharing and deleting where the server says the caller may (`may.edit`).
 */
export function useTemplates() {
  const { t } = i18n.global;
  const orgs = useOrgsStore();
  const notify = useNotify();
  const templates = ref<PlanTemplateSummary[]>([]);
  const loading = ref(false);
  const busy = ref(false);

  let asked = 0;
  async function load(): Promise<void> {
    const orgId = orgs.currentId;
    if (!orgId) return;
    const mine = ++asked;
    loading.value = true;
    try {
      const answer = await templatesApi.list(orgId);
      if (mine === asked) templates.value = answer.templates;
    } catch (error) {
      if (mine === asked) templates.value = [];
      notify.error(error);
    } finally {
      if (mine === asked) loading.value = false;
    }
  }
  watch(() => orgs.currentId, load, { immediate: true });

  const own = computed(() => templates.value.filter((x) => x.orgId === orgs.currentId));
  const shared = computed(() => templates.value.filter((x) => x.orgId !== orgs.currentId));
  /** Where a template comes from, in words. */
  const originOf = (template: PlanTemplateSummary) => (template.orgId === orgs.currentId ? t('templates.own') : t('templates.sharedBy', { name: template.orgName }));

  async function change(work: () => Promise<unknown>, done: string): Promise<void> {
    busy.value = true;
    try {
      await work();
      notify.success(done);
      await load();
    } catch (error) {
      notify.error(error);
    } finally {
      busy.value = false;
    }
  }

  const setShared = (template: PlanTemplateSummary, shareDown: boolean) =>
    change(() => templatesApi.update(orgs.currentId!, template, { shareDown }), t(shareDown ? 'templates.sharedNow' : 'templates.unsharedNow', { name: template.name }));
  const remove = (template: PlanTemplateSummary) => change(() => templatesApi.remove(orgs.currentId!, template), t('templates.removed', { name: template.name }));

  return { templates, own, shared, loading, busy, originOf, load, setShared, remove };
}
