import { computed, reactive, ref, type Ref } from 'vue';
import type { PeriodKind } from '@ritm/domain/period';
import { ApiError } from '../../../api/client.js';
import { normsApi } from '../../../api/compliance.js';
import type { EffectiveNorm, NormAdjust, PresetInfo } from '../../../api/types.js';
import { errorText, useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';

/*
 * Norm governance in the admin (issue 11). The server says what the caller may do with each norm
 * (`may`) and why a change is refused; this only shows it. A norm set above binds here: an
 * editor may make it stricter, a director or administrator of the organisation that set it waives
 * or loosens it with a reason.
 */

/** Refusals whose server message already names the organisation, the fields or the preset: shown as the server wrote them (in the UI language). */
const GOVERNANCE_CODES = new Set(['norm_adjust_required', 'norm_adjust_forbidden', 'norm_not_loosened', 'norm_not_inherited', 'preset_not_for_kind']);

/** What to show for a failed norm change: the server's own words for a governance refusal, else the usual text. */
export function governanceErrorText(error: unknown): string {
  return error instanceof ApiError && GOVERNANCE_CODES.has(error.code) ? error.message : errorText(error);
}

/** The presets written for an organisation kind (the server refuses the others). */
export function fittingPresets(presets: readonly PresetInfo[], kind: string | undefined): PresetInfo[] {
  return kind === undefined ? [] : presets.filter((preset) => preset.orgKinds.includes(kind));
}

/**
 * Whether the "in force" switch may be used: on the organisation's own norm by those who edit it;
 * on a norm set above only to switch it on (stricter), never off: that is a waiver.
 */
export function maySwitch(norm: EffectiveNorm): boolean {
  if (!norm.may.edit) return false;
  if (norm.setBy === null) return true;
  return !norm.enabled && norm.adjustment === null;
}

/**
 * Where a norm comes from, for people: the organisation that set the norm that binds here (null
 * for this organisation's own), and whether the row in force is that one's (`inherited`) or this
 * organisation's stricter or adjusted version of it.
 */
export function originOf(norm: EffectiveNorm): { setBy: string | null; inherited: boolean } {
  return { setBy: norm.setBy?.orgName ?? null, inherited: norm.inherited };
}

export interface AdjustForm {
  /** Switch the norm off here and below (a waiver) rather than loosen it. */
  waive: boolean;
  min: number | null;
  per: PeriodKind | null;
  reason: string;
  confirmed: boolean;
}

/** The adjustment as the API takes it, or the fields wrong with it. */
export function toNormAdjust(norm: EffectiveNorm, form: AdjustForm): { body: NormAdjust } | { errors: Record<string, string> } {
  const { t } = i18n.global;
  const errors: Record<string, string> = {};
  if (!form.reason.trim()) errors.reason = t('governance.reasonRequired');
  if (!form.confirmed) errors.confirmed = t('governance.confirmRequired');
  const changes: Partial<NormAdjust> = {};
  if (!form.waive) {
    if (form.min !== null && form.min !== norm.norm.min) changes.min = form.min;
    if (form.per !== null && form.per !== norm.norm.per) changes.per = form.per;
    if (Object.keys(changes).length === 0) errors.min = t('governance.nothingChanged');
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { body: { ...(form.waive ? { enabled: false } : changes), reason: form.reason.trim() } };
}

/** The "Waive / adjust" dialog of a director or administrator of the organisation that set a norm. */
export function useNormAdjust(orgId: Ref<string>, reload: () => Promise<void>) {
  const { t } = i18n.global;
  const notify = useNotify();
  const target = ref<EffectiveNorm | null>(null);
  const form = reactive<AdjustForm>({ waive: true, min: null, per: null, reason: '', confirmed: false });
  const errors = ref<Record<string, string>>({});
  /** Why reverting an adjustment failed, as the server said it. */
  const revertError = ref('');
  const open = computed(() => target.value !== null);

  function start(norm: EffectiveNorm): void {
    target.value = norm;
    Object.assign(form, { waive: true, min: norm.norm.min ?? null, per: norm.norm.per ?? null, reason: '', confirmed: false });
    errors.value = {};
  }

  function close(): void {
    target.value = null;
  }

  async function submit(): Promise<void> {
    const norm = target.value;
    if (!norm) return;
    const result = toNormAdjust(norm, form);
    if ('errors' in result) {
      errors.value = result.errors;
      return;
    }
    try {
      await normsApi.adjust(orgId.value, norm, result.body);
      notify.success(t(form.waive ? 'governance.waived' : 'governance.adjusted'));
      close();
      await reload();
    } catch (error) {
      errors.value = { form: governanceErrorText(error) };
    }
  }

  /** Back to the norm from above: deletes the adjustment (the server checks the same authority). */
  async function revert(norm: EffectiveNorm): Promise<void> {
    revertError.value = '';
    try {
      await normsApi.remove(orgId.value, norm);
      notify.success(t('governance.reverted'));
      await reload();
    } catch (error) {
      revertError.value = governanceErrorText(error);
    }
  }

  return { target, form, errors, revertError, open, start, close, submit, revert };
}
