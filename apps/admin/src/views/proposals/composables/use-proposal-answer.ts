import { reactive, ref } from 'vue';
import { ApiError } from '../../../api/client.js';
import { proposalsApi, type Proposal } from '../../../api/proposals.js';
import { i18n } from '../../../i18n.js';
import { refusalText } from './use-proposals.js';

/** What the organisation asked fills in to accept: the day in its plan, the kind, the channels, the title. */
export interface AcceptDraft {
  date: string | null;
  kind: string;
  title: string;
  channelIds: string[];
}

/**
 * Answering one proposal made to the organisation: accept it into the plan (a day, a kind,
 * channels; the title as proposed unless changed) or decline it with a reason. The server checks
 * everything again (the day, the channels, that nobody answered first); its refusals are shown at
 * the field they name. `answered` receives the proposal as answered; `stale` is called when
 * someone answered first, so the list can be read again.
 */
export function useProposalAnswer(orgId: () => string | null, hooks: { answered: (proposal: Proposal) => void; stale: () => void }) {
  const t = i18n.global.t;
  const mode = ref<'accept' | 'decline' | null>(null);
  const target = ref<Proposal | null>(null);
  const draft = reactive<AcceptDraft>({ date: null, kind: 'post', title: '', channelIds: [] });
  const reason = ref('');
  const errors = reactive<Record<string, string | undefined>>({});
  const error = ref<string | null>(null);
  const busy = ref(false);

  function clearErrors(): void {
    for (const key of Object.keys(errors)) errors[key] = undefined;
    error.value = null;
  }

  function startAccept(proposal: Proposal, day: string): void {
    clearErrors();
    Object.assign(draft, { date: day, kind: 'post', title: proposal.title, channelIds: [] });
    target.value = proposal;
    mode.value = 'accept';
  }

  function startDecline(proposal: Proposal): void {
    clearErrors();
    reason.value = '';
    target.value = proposal;
    mode.value = 'decline';
  }

  function cancel(): void {
    mode.value = null;
    target.value = null;
  }

  async function send(write: (org: string, proposal: Proposal) => Promise<Proposal>, fields: readonly string[]): Promise<Proposal | null> {
    const org = orgId();
    const proposal = target.value;
    if (org === null || proposal === null) return null;
    busy.value = true;
    try {
      const answered = await write(org, proposal);
      hooks.answered(answered);
      cancel();
      return answered;
    } catch (failure) {
      if (failure instanceof ApiError) {
        for (const field of fields) errors[field] = failure.detailFor(field);
        if (failure.status === 409) hooks.stale();
      }
      if (!fields.some((field) => errors[field] !== undefined)) error.value = refusalText(failure);
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function accept(): Promise<Proposal | null> {
    clearErrors();
    if (!draft.date) {
      errors.at = t('proposals.dateRequired');
      return null;
    }
    const title = draft.title.trim();
    const body = { at: draft.date, kind: draft.kind, channelIds: [...draft.channelIds], ...(title !== '' && title !== target.value?.title && { title }) };
    return send((org, proposal) => proposalsApi.accept(org, proposal, body), ['at', 'kind', 'title', 'channelIds']);
  }

  async function decline(): Promise<Proposal | null> {
    clearErrors();
    if (reason.value.trim() === '') {
      errors.reason = t('proposals.reasonRequired');
      return null;
    }
    return send((org, proposal) => proposalsApi.decline(org, proposal, reason.value.trim()), ['reason']);
  }

  return { mode, target, draft, reason, errors, error, busy, startAccept, startDecline, cancel, accept, decline };
}
