import { computed, ref, shallowRef } from 'vue';
import { isOpenPlacement } from '@ritm/domain/materials';
import { materialsApi, type ReceivedMaterial } from '../../../api/materials.js';
import { useNotify } from '../../../composables/use-notify.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { usePlacementAnswers, type PlacementTarget } from './use-placement-answers.js';

/** Answered placements (placed or declined) sink below those still owed; among equals, the nearest deadline first. */
export function receivedOrder(a: ReceivedMaterial, b: ReceivedMaterial): number {
  const open = (r: ReceivedMaterial) => (isOpenPlacement(r.placement.status) ? 0 : 1);
  return open(a) - open(b) || a.material.deadline.localeCompare(b.material.deadline) || a.material.title.localeCompare(b.material.title, 'ru');
}

/** The placement a received material asks of this organisation, as the answers need it. */
export function targetOf(received: ReceivedMaterial): PlacementTarget {
  return { orgId: received.placement.orgId, materialId: received.material.id, itemId: received.placement.itemId, attachmentCount: received.placement.attachmentCount };
}

/**
 * «Полученные материалы»: what organisations above sent to the current one, each with its
 * placement, open ones first; one at a time is opened to be placed, adapted or declined.
 */
export function useReceivedMaterials() {
  const orgs = useOrgsStore();
  const notify = useNotify();
  const received = shallowRef<ReceivedMaterial[]>([]);
  const loading = ref(false);
  const openId = ref<string | null>(null);
  const mode = ref<'place' | 'adapt' | 'decline'>('place');

  async function load(): Promise<void> {
    const orgId = orgs.currentId;
    if (!orgId) return;
    loading.value = true;
    try {
      const listed = await materialsApi.received(orgId);
      if (orgs.currentId === orgId) received.value = [...listed].sort(receivedOrder);
    } catch (error) {
      notify.error(error);
    } finally {
      loading.value = false;
    }
  }

  const answers = usePlacementAnswers(async () => {
    openId.value = null;
    await load();
  });

  const opened = computed(() => received.value.find((r) => r.material.id === openId.value) ?? null);

  /** Opens one material's answer form (the adapt form starts from the material's own text). */
  function open(entry: ReceivedMaterial, next: 'place' | 'adapt' | 'decline'): void {
    openId.value = entry.material.id;
    mode.value = next;
    answers.reset({ title: entry.material.title, text: entry.material.text });
  }

  function close(): void {
    openId.value = null;
  }

  async function submit(): Promise<boolean> {
    const entry = opened.value;
    if (!entry) return false;
    return answers[mode.value](targetOf(entry));
  }

  const openCount = computed(() => received.value.filter((r) => isOpenPlacement(r.placement.status)).length);

  return { received, loading, openCount, opened, mode, answers, load, open, close, submit };
}
