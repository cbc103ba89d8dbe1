import { computed, reactive, ref, type Ref } from 'vue';
import type { MonthPlacing } from '@ritm/domain/plan-template';
import { ApiError } from '../../../api/client.js';
import { templatesApi, type PlanTemplate } from '../../../api/templates.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { periodTitle, type CalendarView } from '../../../lib/dates.js';
import { useOrgsStore } from '../../../stores/orgs.js';

/**
 * Saving the calendar's visible week, month or quarter as a plan template (issue 15), where the
 * server lets the caller plan. The name starts as the period's title; a month or quarter may
 * place its items by date or as the Nth weekday.
 */
export function useSaveTemplate(view: Ref<CalendarView>, period: Ref<{ start: string; end: string }>) {
  const { t, locale } = i18n.global;
  const orgs = useOrgsStore();
  const notify = useNotify();
  const open = ref(false);
  const saving = ref(false);
  const problem = ref<string | null>(null);
  const form = reactive<{ name: string; shareDown: boolean; placing: MonthPlacing }>({ name: '', shareDown: false, placing: 'day' });
  const allowed = computed(() => orgs.can('plan.edit'));

  function show(): void {
    Object.assign(form, { name: t('templates.defaultName', { period: periodTitle(view.value, period.value.start, period.value.end, locale.value) }), shareDown: false, placing: 'day' });
    problem.value = null;
    open.value = true;
  }

  async function save(): Promise<PlanTemplate | null> {
    const orgId = orgs.currentId;
    if (!orgId) return null;
    saving.value = true;
    problem.value = null;
    try {
      const saved = await templatesApi.create(orgId, {
        name: form.name.trim(),
        span: view.value,
        from: period.value.start,
        shareDown: form.shareDown,
        ...(view.value !== 'week' && { placing: form.placing }),
      });
      notify.success(t('templates.saved', { name: saved.name, count: saved.entryCount }));
      open.value = false;
      return saved;
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) problem.value = error.details[0]?.message ?? error.message;
      else notify.error(error);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { open, saving, problem, form, allowed, show, save };
}
