import { defineComponent, h, ref } from 'vue';
import { NButton, NCard, NFormItem, NInput, NModal } from 'naive-ui';
import type { PlanTransitionOption } from '@ritm/contracts/plans';
import type { PlanAction } from '@ritm/domain/media-plan';
import type { MediaPlan } from '../api/types.js';
import { i18n } from '../i18n.js';
import { useNotify } from './use-notify.js';
import { useOrgsStore } from '../stores/orgs.js';
import { usePlansStore } from '../stores/plans.js';

/** What a plan's screen offers: a move the server allows, or copying the plan to the next period. */
export type PlanOffer = PlanAction | 'copy';

export interface OfferedAction {
  action: PlanOffer;
  label: string;
  primary?: boolean;
}

/** The moves that carry a plan forward, shown as the main button: a draft goes up, a submitted plan is approved. */
const FORWARD: ReadonlySet<PlanAction> = new Set(['submit', 'approve']);

/**
 * What the user may do with a plan. The server grants, the UI asks: the moves are
 * exactly the plan's `transitions` from the API (who may make which move lives in
 * the domain's `PLAN_TRANSITIONS`, judged by the server with the caller's
 * capabilities), and copying needs `plan.edit` in the organisation. A move that
 * needs a comment (returning for rework) opens a box asking why.
 */
export function usePlanActions(onChange?: (plan: MediaPlan) => void) {
  const { t, te } = i18n.global;
  const orgs = useOrgsStore();
  const plans = usePlansStore();
  const notify = useNotify();
  /** The move waiting for its comment, and the plan it moves. */
  const commenting = ref<{ plan: MediaPlan; move: PlanTransitionOption } | null>(null);
  const comment = ref('');

  function available(plan: MediaPlan): OfferedAction[] {
    // The first forward move is the main one: a director looking at a submitted plan approves it.
    const primary = plan.transitions.find((move) => FORWARD.has(move.action))?.action;
    const out: OfferedAction[] = plan.transitions.map((move) => ({
      action: move.action,
      label: t(`planAction.${move.action}`),
      ...(move.action === primary && { primary: true }),
    }));
    if (orgs.can('plan.edit')) out.push({ action: 'copy', label: t('plans.copyNext') });
    return out;
  }

  async function move(plan: MediaPlan, option: PlanTransitionOption, text?: string): Promise<boolean> {
    const orgId = orgs.currentId;
    if (!orgId) return false;
    try {
      const next = await plans.setStatus(orgId, plan, option.status, text);
      notify.success(t(`planActionDone.${option.action}`));
      onChange?.(next);
      return true;
    } catch (error) {
      notify.error(error);
      return false;
    }
  }

  async function run(plan: MediaPlan, action: PlanOffer): Promise<void> {
    const orgId = orgs.currentId;
    if (!orgId) return;
    if (action === 'copy') {
      try {
        const { plan: next, copied } = await plans.copyToNext(orgId, plan);
        const counts = { count: copied.itemCount, skipped: copied.skipped };
        notify.success(copied.created ? `${t('plans.copied', { title: next.title })}. ${t('approval.copied', counts)}` : t('approval.copiedInto', counts));
      } catch (error) {
        notify.error(error);
      }
      return;
    }
    const option = plan.transitions.find((candidate) => candidate.action === action);
    if (!option) return;
    if (option.commentRequired) {
      commenting.value = { plan, move: option };
      comment.value = '';
      return;
    }
    await move(plan, option);
  }

  async function confirm(): Promise<void> {
    const pending = commenting.value;
    const text = comment.value.trim();
    if (!pending || !text) return;
    if (await move(pending.plan, pending.move, text)) commenting.value = null;
  }

  /** The box asking why, for a move that needs a comment (what to rework when returning a plan). */
  const dialog = defineComponent({
    name: 'PlanCommentDialog',
    setup() {
      return () => {
        const action = commenting.value?.move.action;
        const title = action ? t(`planAction.${action}`) : '';
        // Returning says what to rework; any other move that needs a comment asks for one plainly.
        const label = action && te(`planActionComment.${action}`) ? t(`planActionComment.${action}`) : t('plans.comment');
        return h(NModal, { show: commenting.value !== null, 'onUpdate:show': (v: boolean) => !v && (commenting.value = null) }, () =>
          h(NCard, { title, role: 'dialog', 'aria-label': title, style: 'width: min(480px, 96vw)' }, {
            default: () =>
              h(NFormItem, { label, labelPlacement: 'top' }, () =>
                h(NInput, {
                  value: comment.value,
                  type: 'textarea',
                  inputProps: { 'aria-label': label },
                  'onUpdate:value': (v: string) => (comment.value = v),
                }),
              ),
            footer: () =>
              h('div', { style: 'display:flex;gap:8px;justify-content:flex-end' }, [
                h(NButton, { onClick: () => (commenting.value = null) }, () => t('app.cancel')),
                h(NButton, { type: 'primary', disabled: !comment.value.trim(), 'data-test': 'plan-comment-confirm', onClick: confirm }, () => title),
              ]),
          }),
        );
      };
    },
  });

  return { available, run, confirm, commenting, comment, dialog };
}
