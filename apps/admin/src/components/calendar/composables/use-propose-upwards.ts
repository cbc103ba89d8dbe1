import { ref, watch, type Ref } from 'vue';
import { proposalsApi, type Proposal } from '../../../api/proposals.js';
import type { PlanItem } from '../../../api/types.js';
import { refusalText } from '../../../views/proposals/composables/use-proposals.js';

/**
 * «Предложить наверх» in the item drawer (issue 15): the item's news proposed to the organisation
 * above (the server takes the parent), with the title and text the editor may shorten first —
 * prefilled from the item's title, news hook and notes. `sent` is the proposal once made; another
 * item opened in the drawer starts afresh.
 */
export function useProposeUpwards(item: Ref<PlanItem>) {
  const open = ref(false);
  const title = ref('');
  const text = ref('');
  const sending = ref(false);
  const error = ref<string | null>(null);
  const sent = ref<Proposal | null>(null);

  function begin(): void {
    title.value = item.value.title;
    text.value = [item.value.newsHook, item.value.notes].filter((part) => part.trim() !== '').join('\n\n');
    error.value = null;
    open.value = true;
  }

  async function send(): Promise<Proposal | null> {
    if (title.value.trim() === '') return null;
    sending.value = true;
    error.value = null;
    try {
      const proposal = await proposalsApi.create(item.value.orgId, { itemId: item.value.id, title: title.value.trim(), text: text.value });
      sent.value = proposal;
      open.value = false;
      return proposal;
    } catch (failure) {
      error.value = refusalText(failure);
      return null;
    } finally {
      sending.value = false;
    }
  }

  watch(
    () => item.value.id,
    () => {
      open.value = false;
      sent.value = null;
      error.value = null;
    },
  );

  return { open, title, text, sending, error, sent, begin, send, cancel: () => (open.value = false) };
}
