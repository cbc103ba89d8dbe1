import { reactive, ref } from 'vue';
import { PlacementAdapt, PlacementDecline, PlacementPlace } from '@ritm/contracts/materials';
import { attachmentsApi } from '../../../api/attachments.js';
import { ApiError } from '../../../api/client.js';
import { materialsApi } from '../../../api/materials.js';
import { refusalText } from '../../../components/calendar/composables/use-item-evidence.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { problemText, textProblem } from '../../../lib/contract-rules.js';

/** The placement a target answers: its own organisation, the material, and the task item on its calendar. */
export interface PlacementTarget {
  orgId: string;
  materialId: string;
  itemId: string | null;
  /** Photos already attached to the task item (in the drawer's evidence block): evidence enough without a URL. */
  attachmentCount?: number;
}

/** What the answer forms hold: where it was placed (or a photo of the stand), the adapted text, why it is declined. */
export interface AnswerDraft {
  url: string;
  photo: File | null;
  title: string;
  text: string;
  reason: string;
}

type AnswerErrors = Partial<Record<'url' | 'photo' | 'text' | 'reason' | 'form', string>>;

/**
 * A target's answers to a material it received (issue 15): place it (with the URL where it was
 * published, or a photo of the stand sent to the task item as an ordinary attachment first),
 * adapt its text, or decline with a reason. The server keeps the rule of what counts as placed;
 * the form checks only what the contract's schemas say of each field.
 */
export function usePlacementAnswers(answered: (target: PlacementTarget) => Promise<void> | void) {
  const notify = useNotify();
  const { t } = i18n.global;
  const draft = reactive<AnswerDraft>({ url: '', photo: null, title: '', text: '', reason: '' });
  const errors = reactive<AnswerErrors>({});
  const busy = ref<'place' | 'adapt' | 'decline' | null>(null);

  function clearErrors(): void {
    for (const key of Object.keys(errors) as (keyof AnswerErrors)[]) delete errors[key];
  }

  /** Empties the forms, e.g. when another placement is opened. */
  function reset(from: Partial<AnswerDraft> = {}): void {
    Object.assign(draft, { url: '', photo: null, title: '', text: '', reason: '' }, from);
    clearErrors();
  }

  async function run(kind: 'place' | 'adapt' | 'decline', target: PlacementTarget, send: () => Promise<unknown>, done: string): Promise<boolean> {
    busy.value = kind;
    try {
      await send();
      notify.success(done);
      reset();
      await answered(target);
      return true;
    } catch (error) {
      if (error instanceof ApiError) {
        errors.url = error.detailFor('url');
        errors.text = error.detailFor('text');
        errors.reason = error.detailFor('reason');
      }
      if (!errors.url && !errors.text && !errors.reason) errors.form = refusalText(error);
      return false;
    } finally {
      busy.value = null;
    }
  }

  /** Placed: a photo goes to the task item first (the item's own evidence), then the placement is answered. */
  async function place(target: PlacementTarget): Promise<boolean> {
    clearErrors();
    const url = draft.url.trim();
    if (url) errors.url = problemText(textProblem(PlacementPlace.properties.url, url), 'item.badUrl');
    if (!url && !draft.photo && !target.attachmentCount) errors.url = t('materials.answer.needEvidence');
    // A photo is the task item's attachment: with the task deleted there is nothing to attach it to.
    if (draft.photo && !target.itemId) errors.photo = t('materials.answer.taskGone');
    if (errors.url || errors.photo) return false;
    const photo = draft.photo;
    return run(
      'place',
      target,
      async () => {
        if (photo && target.itemId) await attachmentsApi.upload(target.orgId, target.itemId, photo);
        await materialsApi.place(target.orgId, target.materialId, url ? { url } : {});
      },
      t('materials.answer.placed'),
    );
  }

  async function adapt(target: PlacementTarget): Promise<boolean> {
    clearErrors();
    const text = draft.text.trim();
    errors.text = problemText(textProblem(PlacementAdapt.properties.text, text), 'item.required');
    if (errors.text) return false;
    const title = draft.title.trim();
    return run('adapt', target, () => materialsApi.adapt(target.orgId, target.materialId, title ? { title, text } : { text }), t('materials.answer.adapted'));
  }

  async function decline(target: PlacementTarget): Promise<boolean> {
    clearErrors();
    const reason = draft.reason.trim();
    errors.reason = problemText(textProblem(PlacementDecline.properties.reason, reason), 'item.required');
    if (errors.reason) return false;
    return run('decline', target, () => materialsApi.decline(target.orgId, target.materialId, { reason }), t('materials.answer.declined'));
  }

  return { draft, errors, busy, reset, place, adapt, decline };
}
