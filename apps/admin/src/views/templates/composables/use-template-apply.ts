import { computed, ref, watch, type Ref } from 'vue';
import { nextPeriod, periodOf } from '@ritm/domain/period';
import { ApiError } from '../../../api/client.js';
import { templatesApi, type PlanTemplateSummary, type TemplateApplied } from '../../../api/templates.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { todayIn } from '../../../lib/dates.js';
import { useOrgsStore } from '../../../stores/orgs.js';

/**
 * Laying a template onto a period (issue 15): of the current organisation or one below it where
 * the server lets the caller plan (`plan.edit` among its capabilities); the period is the
 * template's span holding the chosen day, the next one by default. What would be created and
 * skipped is asked of the server (`preview`) whenever the choice changes, so the user sees it
 * before anything is written; applying is then one request, all or nothing.
 */
export function useTemplateApply(template: Ref<PlanTemplateSummary | null>) {
  const { t } = i18n.global;
  const orgs = useOrgsStore();
  const notify = useNotify();
  const targetId = ref<string | null>(orgs.currentId);
  const from = ref('');
  const preview = ref<TemplateApplied | null>(null);
  const previewing = ref(false);
  const applying = ref(false);
  const problem = ref<string | null>(null);

  /**
   * Where the template may be laid, as the server says (`may.applyBelow`): here and below when it
   * is shared down, only here when not; in either case where the caller may plan.
   */
  const targets = computed(() =>
    (!orgs.currentId ? [] : template.value?.may.applyBelow ? orgs.subtreeIds(orgs.currentId) : [orgs.currentId])
      .map((id) => orgs.byId.get(id))
      .filter((org) => org !== undefined && org.capabilities.includes('plan.edit'))
      .map((org) => ({ value: org!.id, label: org!.name })),
  );

  function reset(): void {
    const span = template.value?.span;
    targetId.value = orgs.currentId;
    from.value = span ? nextPeriod(periodOf(todayIn(orgs.timeZone), span)).start : '';
    preview.value = null;
    problem.value = null;
  }
  watch(() => template.value?.id, reset, { immediate: true });

  function problemOf(error: unknown): string {
    if (error instanceof ApiError && error.status === 400) return error.details[0]?.message ?? error.message;
    throw error;
  }

  const body = (dryRun: boolean) => ({ from: from.value, ...(targetId.value !== orgs.currentId && targetId.value && { orgId: targetId.value }), ...(dryRun && { preview: true }) });

  let asked = 0;
  async function loadPreview(): Promise<void> {
    const chosen = template.value;
    if (!chosen || !orgs.currentId || !from.value || !targetId.value) return;
    const mine = ++asked;
    previewing.value = true;
    problem.value = null;
    try {
      const answer = await templatesApi.apply(orgs.currentId, chosen.id, body(true));
      if (mine === asked) preview.value = answer;
    } catch (error) {
      if (mine !== asked) return;
      preview.value = null;
      try {
        problem.value = problemOf(error);
      } catch (other) {
        notify.error(other);
      }
    } finally {
      if (mine === asked) previewing.value = false;
    }
  }
  watch([() => template.value?.id, targetId, from], loadPreview, { immediate: true });

  /** Why an entry is skipped, in words. */
  const reasonOf = (why: TemplateApplied['skipped'][number]['why']) => t(`templates.why.${why}`);

  /** Creates what the preview showed; answers what was done, or null when nothing was. */
  async function apply(): Promise<TemplateApplied | null> {
    const chosen = template.value;
    if (!chosen || !orgs.currentId || !from.value) return null;
    applying.value = true;
    problem.value = null;
    try {
      const done = await templatesApi.apply(orgs.currentId, chosen.id, body(false));
      notify.success(t('templates.applied', { created: done.created.length, skipped: done.skipped.length }));
      preview.value = done;
      return done;
    } catch (error) {
      try {
        problem.value = problemOf(error);
      } catch (other) {
        notify.error(other);
      }
      return null;
    } finally {
      applying.value = false;
    }
  }

  return { targetId, from, targets, preview, previewing, applying, problem, reasonOf, reset, loadPreview, apply };
}
