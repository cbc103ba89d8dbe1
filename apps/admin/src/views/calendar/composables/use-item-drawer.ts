import { ref, watch, type Ref } from 'vue';
import type { ItemCreate, ItemPatch, PlanItem } from '../../../api/types.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { itemDay } from '../../../lib/dates.js';
import { useCalendarStore } from '../../../stores/calendar.js';

/**
 * The item drawer's state in the calendar: which item (or which day for a new one) it shows,
 * and what saving and deleting do. A failed save throws back to the drawer, which shows the
 * error beside the fields; a refused one (409) closes it and opens the conflict dialog.
 */
export function useItemDrawer(options: { timeZone: Ref<string>; editable: Ref<boolean> }) {
  const calendar = useCalendarStore();
  const notify = useNotify();
  const { t } = i18n.global;
  const open = ref(false);
  /** The drawer's code loads on first use and then stays. */
  const used = ref(false);
  watch(open, (now) => now && (used.value = true));
  const item = ref<PlanItem | null>(null);
  const date = ref('');

  function openNew(day: string): void {
    if (!options.editable.value) return;
    item.value = null;
    date.value = day;
    open.value = true;
  }

  function openItem(existing: PlanItem): void {
    item.value = existing;
    date.value = itemDay(existing.at, options.timeZone.value);
    open.value = true;
  }

  /** A new item's body, or only the fields the user changed on an existing one (the form's `ItemSave`). */
  async function save(body: ItemCreate, existing: null): Promise<void>;
  async function save(changes: ItemPatch, existing: PlanItem): Promise<void>;
  async function save(change: ItemCreate | ItemPatch, existing: PlanItem | null): Promise<void> {
    if (existing) {
      // Nothing changed: nothing to send, and no new version to conflict with anyone.
      if (!Object.keys(change).length) {
        open.value = false;
        return;
      }
      const saved = await calendar.update(existing, change);
      open.value = false;
      if (saved) notify.success(t('item.saved'));
    } else {
      await calendar.create(change as ItemCreate);
      open.value = false;
      notify.success(t('item.created'));
    }
  }

  async function remove(existing: PlanItem): Promise<void> {
    await calendar.remove(existing);
    open.value = false;
    notify.success(t('item.deleted'));
  }

  return { open, used, item, date, openNew, openItem, save, remove };
}
