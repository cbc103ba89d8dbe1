import { computed, ref, shallowRef } from 'vue';
import { placementRate, type PlacementStatus } from '@ritm/domain/materials';
import { materialsApi, type Material, type PlacementTally } from '../../../api/materials.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { useOrgsStore } from '../../../stores/orgs.js';

/** The order a tally is read in, on its bar and in its legend: done first, then what is still owed, then refusals. */
export const TALLY_ORDER: readonly PlacementStatus[] = ['placed', 'pending', 'overdue', 'declined'];

/** One part of a tally's bar: a status, how many targets are at it, and its share of the bar in percent. */
export interface TallySegment {
  status: PlacementStatus;
  count: number;
  percent: number;
}

/**
 * A tally as the bar draws it: the statuses some target is at, in {@link TALLY_ORDER}, each with
 * its share of all targets.
 *
 * @example tallySegments({ placed: 2, pending: 0, overdue: 0, declined: 1, total: 3 }) // placed 66.7 %, declined 33.3 %
 */
export function tallySegments(tally: PlacementTally): TallySegment[] {
  if (tally.total === 0) return [];
  return TALLY_ORDER.filter((status) => tally[status] > 0).map((status) => ({ status, count: tally[status], percent: (tally[status] / tally.total) * 100 }));
}

/**
 * «2 из 3»: how many targets placed the material out of all it was sent to (the domain's rate,
 * where a decline counts against it).
 */
export function tallyText(tally: PlacementTally): string {
  return i18n.global.t('materials.tally.placedOf', { placed: tally.placed, total: tally.total });
}

/** The share placed as a whole percent, for a screen reader's sentence and the dashboard. */
export function ratePercent(tally: PlacementTally): number {
  return Math.round(placementRate(tally) * 100);
}

/** The bar's words for a screen reader: «Размещено 2 из 3: размещено 2, отказ 1». */
export function tallyLabel(tally: PlacementTally): string {
  const { t } = i18n.global;
  const parts = tallySegments(tally).map((s) => `${t(`materials.status.${s.status}`)} ${s.count}`);
  return parts.length ? `${t('materials.tally.label', { text: tallyText(tally) })}: ${parts.join(', ')}` : t('materials.tally.label', { text: tallyText(tally) });
}

/** The nearest deadline first, then the newest. */
export function byDeadline(a: Material, b: Material): number {
  return a.deadline.localeCompare(b.deadline) || b.createdAt.localeCompare(a.createdAt);
}

/**
 * A list of materials of the current organisation: those it sent (`sent`), or those still open
 * that it or the organisations below it sent (`below`, the director's dashboard).
 */
export function useMaterialList(direction: 'sent' | 'below') {
  const orgs = useOrgsStore();
  const notify = useNotify();
  const materials = shallowRef<Material[]>([]);
  const loading = ref(false);
  const loaded = ref(false);

  async function load(): Promise<void> {
    const orgId = orgs.currentId;
    if (!orgId) return;
    loading.value = true;
    try {
      const listed =
        direction === 'sent'
          ? await materialsApi.list(orgId, { direction })
          : // Pending below a director: what the organisation itself sent and what those below it sent, still open.
            (await Promise.all([materialsApi.list(orgId, { direction: 'sent', open: true }), materialsApi.list(orgId, { direction: 'below', open: true })])).flat().sort(byDeadline);
      if (orgs.currentId === orgId) materials.value = listed;
      loaded.value = true;
    } catch (error) {
      notify.error(error);
    } finally {
      loading.value = false;
    }
  }

  /** Every target of every listed material, summed: what a director reads first. */
  const total = computed<PlacementTally>(() =>
    materials.value.reduce(
      (sum, m) => ({
        pending: sum.pending + m.tally.pending,
        placed: sum.placed + m.tally.placed,
        overdue: sum.overdue + m.tally.overdue,
        declined: sum.declined + m.tally.declined,
        total: sum.total + m.tally.total,
      }),
      { pending: 0, placed: 0, overdue: 0, declined: 0, total: 0 },
    ),
  );

  return { materials, loading, loaded, total, load };
}
