import { ref, watch, type Ref } from 'vue';
import type { PlanChanges, PlanSnapshotItem } from '@ritm/contracts/plans';
import type { PlanContentField } from '@ritm/domain/plan-snapshot';
import { plansApi } from '../api/plans.js';
import type { PlanWithItems } from '../api/types.js';
import { i18n } from '../i18n.js';
import { formatInstant, shortDate } from '../lib/dates.js';
import { vocabularyLabel } from '../lib/vocabulary.js';
import { useOrgsStore } from '../stores/orgs.js';

/** One line of the difference a director reads before approving again. */
export interface PlanChangeRow {
  id: string;
  change: 'added' | 'removed' | 'changed';
  title: string;
  day: string;
  /** For a changed item: each field that differs, before and after, as text. */
  fields: Array<{ field: PlanContentField; label: string; before: string; after: string }>;
}

type Value = PlanChanges['changed'][number]['fields'][number]['before'];

/** A field's value as a director reads it: names for ids, labels for codes, dates as dates. */
function valueText(field: PlanContentField, value: Value, names: Readonly<Record<string, string>>, context: { timeZone: string; locale: string }): string {
  const none = i18n.global.t('approval.none');
  if (value === null || value === '') return none;
  if (Array.isArray(value)) return value.length === 0 ? none : value.map((id) => names[id] ?? id).join(', ');
  switch (field) {
    case 'localDay':
      return shortDate(value);
    case 'at':
      return value.length <= 16 ? `${shortDate(value)}${value.slice(10).replace('T', ' ')}` : formatInstant(value, context.timeZone, context.locale);
    case 'kind':
      return vocabularyLabel('kind', value);
    case 'status':
      return vocabularyLabel('itemStatus', value);
    case 'responsibleId':
      return names[value] ?? value;
    default:
      return value;
  }
}

/**
 * The difference between a plan's approved and current content, as lines to show: added, removed,
 * then changed items, each list in day order as the API sends it.
 */
export function describePlanChanges(changes: PlanChanges, context: { timeZone: string; locale: string }): PlanChangeRow[] {
  const { t } = i18n.global;
  const line = (change: PlanChangeRow['change'], item: PlanSnapshotItem): PlanChangeRow => ({ id: item.id, change, title: item.title, day: shortDate(item.localDay), fields: [] });
  return [
    ...changes.added.map((item) => line('added', item)),
    ...changes.removed.map((item) => line('removed', item)),
    ...changes.changed.map((c) => ({
      ...line('changed', c.after),
      fields: c.fields.map(({ field, before, after }) => ({
        field,
        label: t(`approval.fields.${field}`),
        before: valueText(field, before, changes.names, context),
        after: valueText(field, after, changes.names, context),
      })),
    })),
  ];
}

/**
 * The difference of the plan on screen from its last approval, loaded when there is one to show:
 * the plan was approved once and is not approved now as it was (changed since, or sent again).
 */
export function usePlanChanges(plan: Ref<PlanWithItems | null>) {
  const orgs = useOrgsStore();
  const changes = ref<PlanChanges | null>(null);
  const rows = ref<PlanChangeRow[]>([]);
  watch(
    () => [plan.value?.id, plan.value?.version] as const,
    async () => {
      const current = plan.value;
      changes.value = null;
      rows.value = [];
      if (!current || !orgs.currentId || current.approval === null || current.status === 'approved' || current.status === 'archived') return;
      const loaded = await plansApi.changes(orgs.currentId, current.id);
      if (plan.value?.id !== current.id) return;
      changes.value = loaded;
      rows.value = describePlanChanges(loaded, { timeZone: orgs.timeZone, locale: i18n.global.locale.value });
    },
    { immediate: true },
  );
  return { changes, rows };
}
