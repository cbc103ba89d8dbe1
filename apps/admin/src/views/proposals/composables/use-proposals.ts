import { ref, shallowRef, watch, type Ref } from 'vue';
import { ApiError } from '../../../api/client.js';
import { proposalsApi, type Proposal, type ProposalDirection, type ProposalStatus } from '../../../api/proposals.js';
import { errorText, useNotify } from '../../../composables/use-notify.js';

/** A direction read from the address (`?direction=incoming`); anything else is the outgoing list. */
export function directionOf(value: unknown): ProposalDirection {
  return value === 'incoming' ? 'incoming' : 'outgoing';
}

/** The server's own words for a refusal it explained (a field, an answer given already), else the general text. */
export function refusalText(error: unknown): string {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.message ? error.message : errorText(error);
}

/**
 * The organisation's proposals in one direction, of one status (null: all), newest first;
 * loaded again whenever the organisation, the direction or the status changes. A slower answer to
 * an earlier question never overwrites a later one.
 */
export function useProposalList(orgId: () => string | null, direction: Ref<ProposalDirection>, status: Ref<ProposalStatus | null>) {
  const proposals = shallowRef<Proposal[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const notify = useNotify();
  let asked = 0;

  async function load(): Promise<void> {
    const org = orgId();
    if (org === null) return;
    const mine = ++asked;
    loading.value = true;
    try {
      const found = await proposalsApi.list(org, { direction: direction.value, ...(status.value !== null && { status: status.value }) });
      if (mine !== asked) return;
      proposals.value = found;
      loaded.value = true;
    } catch (error) {
      if (mine === asked) notify.error(error);
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  /** Puts a proposal as the server answered it in place of the one listed. */
  function replace(proposal: Proposal): void {
    proposals.value = proposals.value.map((p) => (p.id === proposal.id ? proposal : p));
  }

  watch([orgId, direction, status], () => void load());
  return { proposals, loading, loaded, load, replace };
}
