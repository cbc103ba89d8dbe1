import { computed, ref, shallowRef } from 'vue';
import type { RouteLocationRaw } from 'vue-router';
import { PLACEMENT_STATUSES, type PlacementStatus } from '@ritm/domain/materials';
import { materialsApi, type MaterialDetail, type Placement } from '../../../api/materials.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { calendarLocation } from '../../calendar/composables/use-calendar-url.js';

/** Where a placement can be seen: the page it was published on, else its task on the target's calendar, else nowhere. */
export type PlacementLink = { href: string } | { to: RouteLocationRaw } | null;

export function placementLink(placement: Placement): PlacementLink {
  if (placement.url) return { href: placement.url };
  if (placement.itemId && placement.localDay) return { to: calendarLocation(placement.orgId, { start: placement.localDay, end: placement.localDay }) };
  return null;
}

/** The status filter from an address's `?status=`, ignoring anything that is not one. */
export function statusFilterOf(value: unknown): PlacementStatus | null {
  return typeof value === 'string' && (PLACEMENT_STATUSES as readonly string[]).includes(value) ? (value as PlacementStatus) : null;
}

/** Declined and overdue first (what the sender acts on), then pending, then placed; by name within. */
const ATTENTION: Record<PlacementStatus, number> = { declined: 0, overdue: 1, pending: 2, placed: 3 };
export function placementOrder(a: Placement, b: Placement): number {
  return ATTENTION[a.status] - ATTENTION[b.status] || a.orgName.localeCompare(b.orgName, 'ru');
}

/**
 * A material's screen: its placements by target, filtered by status, each with where it can be
 * seen, how many photos prove it and why it was declined; the sender may withdraw it.
 */
export function useMaterialDetail(materialId: () => string) {
  const orgs = useOrgsStore();
  const notify = useNotify();
  const { t } = i18n.global;
  const material = shallowRef<MaterialDetail | null>(null);
  const loading = ref(false);
  const missing = ref(false);
  const status = ref<PlacementStatus | null>(null);
  const withdrawing = ref(false);

  async function load(): Promise<void> {
    const orgId = orgs.currentId;
    if (!orgId) return;
    loading.value = true;
    missing.value = false;
    try {
      material.value = await materialsApi.get(orgId, materialId());
    } catch (error) {
      material.value = null;
      missing.value = true;
      notify.error(error);
    } finally {
      loading.value = false;
    }
  }

  const rows = computed(() => {
    const all = [...(material.value?.placements ?? [])].sort(placementOrder);
    return (status.value ? all.filter((p) => p.status === status.value) : all).map((p) => ({ ...p, link: placementLink(p) }));
  });

  /** Only the sender withdraws what it sent (and only where it may edit items; the server checks again). */
  const mayWithdraw = computed(() => material.value !== null && material.value.orgId === orgs.currentId && orgs.can('item.edit'));

  async function withdraw(): Promise<boolean> {
    const current = material.value;
    if (!current) return false;
    withdrawing.value = true;
    try {
      await materialsApi.remove(current);
      notify.success(t('materials.detail.withdrawn', { title: current.title }));
      return true;
    } catch (error) {
      notify.error(error);
      return false;
    } finally {
      withdrawing.value = false;
    }
  }

  const href = (attachmentId: string) => (material.value ? materialsApi.href(orgs.currentId as string, material.value.id, attachmentId) : '#');

  return { material, loading, missing, status, rows, mayWithdraw, withdrawing, load, withdraw, href };
}
