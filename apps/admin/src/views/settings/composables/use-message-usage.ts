import { computed, type Ref } from 'vue';
import { statusClass } from '@ritm/domain/item';
import { addDays, daysBetween } from '@ritm/domain/local-date';
import { itemsApi } from '../../../api/items.js';
import type { PlanItem } from '../../../api/types.js';
import { useOrgResource } from '../../../composables/use-org-resource.js';
import { daysAgo } from '../../../lib/relative-time.js';
import { i18n } from '../../../i18n.js';
import { shortDate } from '../../../lib/dates.js';

/** A priority message unheard by an audience this long has gone quiet (Mintrud rec. p.66). */
export const QUIET_DAYS = 30;

/** For each message and audience (`message|audience`), the last day an item carried the message to the audience. */
export function lastUsed(items: readonly PlanItem[]): Map<string, string> {
  const last = new Map<string, string>();
  for (const item of items) {
    // A cancelled item carried nothing to anyone: it counts for no norm either.
    if (statusClass(item.status) === 'void') continue;
    for (const m of item.keyMessageIds) {
      for (const a of item.audienceIds) {
        const key = `${m}|${a}`;
        if ((last.get(key) ?? '') < item.localDay) last.set(key, item.localDay);
      }
    }
  }
  return last;
}

/** How recently each key message reached each of its audiences, from the last year's items. */
export function useMessageUsage(orgId: Ref<string>, today: Ref<string>) {
  const { t } = i18n.global;
  const history = useOrgResource<PlanItem[]>(() => itemsApi.list(orgId.value, { from: addDays(today.value, -365), to: today.value }), []);
  void history.reload();
  const last = computed(() => lastUsed(history.data.value));

  function usage(messageId: string, audienceId: string): { text: string; quiet: boolean } {
    const date = last.value.get(`${messageId}|${audienceId}`);
    if (!date) return { text: t('keyMessages.never'), quiet: true };
    const days = daysBetween(date, today.value);
    return { text: `${shortDate(date)} (${daysAgo(days, i18n.global.locale.value)})`, quiet: days > QUIET_DAYS };
  }

  return { usage };
}
