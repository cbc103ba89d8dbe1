import { computed, reactive, ref, type Ref } from 'vue';
import { NormKey } from '@ritm/contracts/norms';
import { exemptionMayNameChannel } from '@ritm/domain/exemption';
import type { PeriodKind } from '@ritm/domain/period';
import { exemptionsApi, normsApi } from '../../../api/compliance.js';
import type { EffectiveNorm, Exemption, ExemptionCreate, NormCreate } from '../../../api/types.js';
import { errorText, useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { toDomainNorm } from '../../../lib/compliance.js';
import { textProblem } from '../../../lib/contract-rules.js';
import { governanceErrorText } from './use-norm-governance.js';

export interface CustomNormForm {
  id: string;
  title: string;
  min: number | null;
  per: PeriodKind;
  kinds: string[];
  channelTypes: string[];
  perChannel: boolean;
}

/** An organisation's own frequency norm as the API takes it; null when the key or the minimum is missing or malformed. */
export function toNormCreate(form: CustomNormForm): NormCreate | null {
  // The key's pattern is the contract's (a `ritm check` norm id).
  if (textProblem(NormKey, form.id) || !form.min) return null;
  return {
    id: form.id,
    type: 'frequency',
    min: form.min,
    per: form.per,
    ...(form.title ? { title: form.title } : {}),
    ...(form.kinds.length ? { kinds: form.kinds } : {}),
    ...(form.channelTypes.length ? { channelTypes: form.channelTypes } : {}),
    ...(form.perChannel ? { perChannel: true } : {}),
  };
}

/** The form for an organisation's own norm ("three stand updates a month"). */
export function useCustomNorm(orgId: Ref<string>, reload: () => Promise<void>) {
  const { t } = i18n.global;
  const notify = useNotify();
  const form = reactive<CustomNormForm>({ id: '', title: '', min: 1, per: 'week', kinds: [], channelTypes: [], perChannel: false });
  const error = ref('');

  async function add(): Promise<void> {
    error.value = '';
    const body = toNormCreate(form);
    if (!body) {
      error.value = t('errors.validation');
      return;
    }
    try {
      await normsApi.create(orgId.value, body);
      notify.success(t('app.saved'));
      form.id = '';
      form.title = '';
      await reload();
    } catch (e) {
      // A norm of a key set above must not loosen it: the server's refusal names who set it and what.
      error.value = governanceErrorText(e);
    }
  }

  return { form, error, add };
}

export interface GrantForm {
  normKey: string | null;
  channelId: string | null;
  from: string | null;
  to: string | null;
  reason: string;
}

/** A director's exemption from a norm for a period, with the reason on record. */
export function useExemptionGrant(options: { orgId: Ref<string>; norms: Ref<readonly EffectiveNorm[]>; today: string; reload: () => Promise<void> }) {
  const { t } = i18n.global;
  const notify = useNotify();
  const form = reactive<GrantForm>({ normKey: null, channelId: null, from: options.today, to: options.today, reason: '' });
  const errors = ref<Record<string, string>>({});
  // Whether the chosen norm's exemption may name one channel is the domain's rule (the server checks it too).
  const perChannel = computed(() => {
    const norm = options.norms.value.find((n) => n.key === form.normKey);
    return norm !== undefined && exemptionMayNameChannel(toDomainNorm(norm));
  });

  function body(): ExemptionCreate | null {
    const e: Record<string, string> = {};
    if (!form.normKey) e.normKey = t('item.required');
    if (!form.from) e.from = t('item.required');
    if (!form.to) e.to = t('item.required');
    if (!form.reason.trim()) e.reason = t('item.required');
    errors.value = e;
    if (Object.keys(e).length) return null;
    return {
      normKey: form.normKey as string,
      ...(form.channelId && perChannel.value ? { channelId: form.channelId } : {}),
      from: form.from as string,
      to: form.to as string,
      reason: form.reason.trim(),
    };
  }

  async function grant(): Promise<void> {
    const create = body();
    if (!create) return;
    try {
      await exemptionsApi.grant(options.orgId.value, create);
      notify.success(t('norms.granted'));
      form.reason = '';
      await options.reload();
    } catch (error) {
      errors.value = { form: errorText(error) };
    }
  }

  async function revoke(exemption: Exemption): Promise<void> {
    try {
      await exemptionsApi.revoke(options.orgId.value, exemption);
      await options.reload();
    } catch (error) {
      notify.error(error);
    }
  }

  return { form, errors, perChannel, grant, revoke };
}
