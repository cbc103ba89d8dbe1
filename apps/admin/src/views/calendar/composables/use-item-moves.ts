import type { Ref } from 'vue';
import { daysBetween } from '@ritm/domain/local-date';
import { shiftItemDate } from '@ritm/domain/plan-ops';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { formatDate, itemDay } from '../../../lib/dates.js';
import { useCalendarStore } from '../../../stores/calendar.js';

/**
 * Moving items to another day (drag and drop, or the drawer's date) and settling a version
 * conflict. A move shows at once, is saved with the version it was based on, and is taken back
 * if the save fails or is refused (the store keeps a refused change as a conflict).
 */
export function useItemMoves(timeZone: Ref<string>) {
  const calendar = useCalendarStore();
  const notify = useNotify();
  const { t, locale } = i18n.global;

  async function move(itemId: string, date: string): Promise<void> {
    const item = calendar.items.find((i) => i.id === itemId);
    if (!item) return;
    const days = daysBetween(itemDay(item.at, timeZone.value), date);
    if (days === 0) return;
    // The same time of day on the new date (an instant keeps its wall-clock time in the zone).
    const at = shiftItemDate(item.at, days, timeZone.value);
    calendar.put({ ...item, at, localDay: date });
    try {
      const saved = await calendar.update(item, { at });
      if (saved) notify.success(t('calendar.moved', { date: formatDate(date, 'd MMMM', locale.value) }));
      else calendar.put(item);
    } catch (error) {
      calendar.put(item);
      notify.error(error);
    }
  }

  /** The user keeps their change: it is applied again on top of the server's version. */
  async function overwrite(): Promise<void> {
    try {
      const saved = await calendar.reapplyMine();
      if (saved) notify.success(t('item.saved'));
    } catch (error) {
      notify.error(error);
    }
  }

  /** The user takes the server's version. */
  const acceptTheirs = () => calendar.acceptTheirs();

  return { move, overwrite, acceptTheirs };
}
