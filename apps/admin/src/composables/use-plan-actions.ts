import { defineComponent, h, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { NButton, NCard, NFormItem, NInput, NModal } from 'naive-ui';
import type { MediaPlan } from '../api/types.js';
import { useNotify } from './use-notify.js';
import { useOrgsStore } from '../stores/orgs.js';
import { usePlansStore } from '../stores/plans.js';

export type PlanAction = 'submit' | 'approve' | 'return' | 'archive' | 'copy';

/**
 * What the user may do with a plan, by its status and their role (see the API's
 * PlanTransition): editors submit and copy, directors approve, return with a
 * comment and archive.
 */
export function usePlanActions(onChange?: (plan: MediaPlan) => void) {
  const { t } = useI18n();
  const orgs = useOrgsStore();
  const plans = usePlansStore();
  const notify = useNotify();
  const returning = ref<MediaPlan | null>(null);
  const comment = ref('');

  function available(plan: MediaPlan): { action: PlanAction; label: string; primary?: boolean }[] {
    const out: { action: PlanAction; label: string; primary?: boolean }[] = [];
    if (orgs.canEdit && plan.status === 'draft') out.push({ action: 'submit', label: t('plans.submit'), primary: true });
    if (orgs.canApprove && (plan.status === 'submitted' || plan.status === 'draft')) out.push({ action: 'approve', label: t('plans.approve'), primary: plan.status === 'submitted' });
    if (orgs.canApprove && plan.status === 'submitted') out.push({ action: 'return', label: t('plans.return') });
    if (orgs.canEdit) out.push({ action: 'copy', label: t('plans.copyNext') });
    if (orgs.canApprove && plan.status === 'approved') out.push({ action: 'archive', label: t('plans.archive') });
    return out;
  }

  async function run(plan: MediaPlan, action: PlanAction): Promise<void> {
    const orgId = orgs.currentId;
    if (!orgId) return;
    if (action === 'return') {
      returning.value = plan;
      comment.value = '';
      return;
    }
    try {
      if (action === 'copy') {
        const copy = await plans.copyToNext(orgId, plan);
        notify.success(t('plans.copied', { title: copy.title }));
        return;
      }
      const status = action === 'submit' ? 'submitted' : action === 'approve' ? 'approved' : 'archived';
      const next = await plans.setStatus(orgId, plan, status);
      notify.success(t(action === 'submit' ? 'plans.submitted' : action === 'approve' ? 'plans.approved' : 'app.saved'));
      onChange?.(next);
    } catch (error) {
      notify.error(error);
    }
  }

  async function confirmReturn(): Promise<void> {
    const plan = returning.value;
    const orgId = orgs.currentId;
    if (!plan || !orgId || !comment.value.trim()) return;
    try {
      const next = await plans.setStatus(orgId, plan, 'draft', comment.value.trim());
      returning.value = null;
      notify.success(t('plans.returned'));
      onChange?.(next);
    } catch (error) {
      notify.error(error);
    }
  }

  /** The "return for rework" dialog, asking what to rework. */
  const dialog = defineComponent({
    name: 'ReturnPlanDialog',
    setup() {
      return () =>
        h(NModal, { show: returning.value !== null, 'onUpdate:show': (v: boolean) => !v && (returning.value = null) }, () =>
          h(NCard, { title: t('plans.return'), role: 'dialog', 'aria-label': t('plans.return'), style: 'width: min(480px, 96vw)' }, {
            default: () =>
              h(NFormItem, { label: t('plans.returnReason'), labelPlacement: 'top' }, () =>
                h(NInput, {
                  value: comment.value,
                  type: 'textarea',
                  inputProps: { 'aria-label': t('plans.returnReason') },
                  'onUpdate:value': (v: string) => (comment.value = v),
                }),
              ),
            footer: () =>
              h('div', { style: 'display:flex;gap:8px;justify-content:flex-end' }, [
                h(NButton, { onClick: () => (returning.value = null) }, () => t('app.cancel')),
                h(NButton, { type: 'primary', disabled: !comment.value.trim(), onClick: confirmReturn }, () => t('plans.return')),
              ]),
          }),
        );
    },
  });

  return { available, run, dialog };
}
