import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { isOpenPlacement } from '@ritm/domain/materials';
import { itemsApi } from '../../../api/items.js';
import { materialsApi, type MaterialDetail } from '../../../api/materials.js';
import type { PlanItem } from '../../../api/types.js';
import { useCalendarStore } from '../../../stores/calendar.js';
import { usePlacementAnswers } from '../../../views/materials/composables/use-placement-answers.js';

/**
 * The banner of a placement task in the item drawer: «Материал от …» with the material, this
 * organisation's placement and its answers. After an answer the task item is read again (the
 * server changed its status, URL or text) and the norms' statuses asked for again.
 */
export function useMaterialBanner(item: Ref<PlanItem | null>) {
  const calendar = useCalendarStore();
  const material = shallowRef<MaterialDetail | null>(null);
  const error = ref(false);
  const mode = ref<'place' | 'adapt' | 'decline' | null>(null);

  async function load(): Promise<void> {
    const current = item.value;
    material.value = null;
    error.value = false;
    mode.value = null;
    if (!current?.materialId) return;
    try {
      const read = await materialsApi.get(current.orgId, current.materialId);
      if (item.value?.id === current.id) material.value = read;
    } catch {
      // A withdrawn material or one the user may not read: the task stays an ordinary item.
      if (item.value?.id === current.id) error.value = true;
    }
  }
  watch(() => [item.value?.id, item.value?.materialId], load, { immediate: true });

  const placement = computed(() => (item.value && material.value?.placements.find((p) => p.orgId === item.value?.orgId)) || null);
  const open = computed(() => placement.value !== null && isOpenPlacement(placement.value.status));

  const answers = usePlacementAnswers(async (target) => {
    mode.value = null;
    if (target.itemId) {
      const fresh = await itemsApi.get(target.orgId, target.itemId).catch(() => null);
      if (fresh) calendar.put(fresh);
    }
    calendar.afterChange();
    await load();
  });

  function start(next: 'place' | 'adapt' | 'decline'): void {
    mode.value = next;
    answers.reset({ title: item.value?.title ?? '', text: material.value?.text ?? '' });
  }

  async function submit(): Promise<boolean> {
    const current = item.value;
    const kind = mode.value;
    if (!current?.materialId || !kind) return false;
    // The drawer's evidence block may already hold the photo of the stand: the calendar's copy of the item counts it.
    const known = calendar.items.find((i) => i.id === current.id) ?? current;
    return answers[kind]({ orgId: current.orgId, materialId: current.materialId, itemId: current.id, attachmentCount: known.attachmentCount });
  }

  return { material, placement, open, error, mode, answers, start, submit, cancel: () => (mode.value = null) };
}
