import { shallowRef } from 'vue';
import type { SeriesPatch } from '@ritm/contracts/series';
import type { ItemCreate, ItemPatch, PlanItem } from '../../../api/types.js';
import { seriesApi } from '../../../api/series.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { itemDay } from '../../../lib/dates.js';
import { useCalendarStore } from '../../../stores/calendar.js';
import type { RecurrenceFormState } from './use-recurrence-form.js';
import type { ItemSave } from './use-item-form.js';

/** What a change to an occurrence applies to: it alone, it and the following ones (a split), or the whole series. */
export type SeriesScope = 'this' | 'following' | 'all';
export const SERIES_SCOPES: readonly SeriesScope[] = ['this', 'following', 'all'];

/** The question «Только это / Это и следующие / Все», open until answered (null: cancelled). */
export interface ScopeQuestion {
  action: 'save' | 'remove';
  title: string;
  /** The occurrence's day on the rule: "following" starts there. */
  day: string;
  /** The answers that make sense for this change, and why the others do not. */
  scopes: readonly SeriesScope[];
  note: string | null;
  answer: (scope: SeriesScope | null) => void;
}

/** The fields every occurrence of a series shares (the contract's `SeriesTemplate`, and `at` for the time or a new start). */
const SERIES_FIELDS = ['kind', 'title', 'newsHook', 'format', 'channelIds', 'audienceIds', 'keyMessageIds', 'responsibleId', 'notes', 'at'] as const;

/**
 * A change to an occurrence in two: what the series can take (its shared fields) and what only the
 * item has (its status, plan, link and reach, which are facts of that one day).
 *
 * @example splitChanges({ title: 'Новое', status: 'published' }) // { series: { title: 'Новое' }, item: { status: 'published' } }
 */
export function splitChanges(changes: ItemPatch): { series: SeriesPatch; item: ItemPatch } {
  const series: Record<string, unknown> = {};
  const item: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) ((SERIES_FIELDS as readonly string[]).includes(key) ? series : item)[key] = value;
  return { series: series as SeriesPatch, item: item as ItemPatch };
}

/**
 * The answers a change offers: a new rule is the series' (from this day, or all of it); a new day
 * moves this one, or restarts the series from it (every occurrence cannot move to one day); any
 * other change may go to any of the three.
 *
 * @example scopesFor({ ruleChanged: true, dayChanged: false }) // ['following', 'all']
 */
export function scopesFor(change: { ruleChanged: boolean; dayChanged: boolean }): readonly SeriesScope[] {
  if (change.ruleChanged) return change.dayChanged ? ['following'] : ['following', 'all'];
  return change.dayChanged ? ['this', 'following'] : SERIES_SCOPES;
}

/** The occurrence's day on its series' rule (RECURRENCE-ID): where "this and following" starts. */
export function seriesDayOf(item: PlanItem, timeZone: string): string {
  return item.seriesDay ?? itemDay(item.at, timeZone);
}

/**
 * Saving and deleting in the drawer when series are involved: a new item with a rule is created as
 * a series; a change to an occurrence, or deleting it, first asks what it applies to. "This" goes
 * the item's own way (`save`/`remove`, with their conflict handling); "following" and "all" change
 * or end the series, then the view reloads every item it shows.
 */
export function useSeriesSave(options: {
  context: { item: PlanItem | null; timeZone: string };
  recurrence: RecurrenceFormState;
  save: ItemSave;
  remove: (item: PlanItem) => Promise<void>;
  close: () => void;
}) {
  const { t } = i18n.global;
  // Read when a series is saved: a drawer for single items needs no store.
  const store = () => useCalendarStore();
  const notify = useNotify();
  const question = shallowRef<ScopeQuestion | null>(null);
  const { recurrence } = options;

  function ask(action: ScopeQuestion['action'], item: PlanItem, scopes: readonly SeriesScope[], note: string | null): Promise<SeriesScope | null> {
    return new Promise((resolve) => {
      question.value = {
        action,
        title: item.title,
        day: seriesDayOf(item, options.context.timeZone),
        scopes,
        note,
        answer: (scope) => {
          question.value = null;
          resolve(scope);
        },
      };
    });
  }

  /** The series' current version: the one loaded with the drawer, else read now. */
  async function seriesOf(item: PlanItem) {
    return recurrence.series.value ?? seriesApi.get(store().orgId as string, item.seriesId as string);
  }

  async function createSeries(body: ItemCreate): Promise<void> {
    const rule = recurrence.rule.value;
    if (!rule) return options.save(body, null);
    const created = await seriesApi.createItem(store().orgId as string, { ...body, recurrence: rule.rrule, skipNonWorkingDays: rule.skipNonWorkingDays });
    await store().refreshItems();
    options.close();
    const n = created.occurrences ?? 1;
    notify.success(t('series.created', { n }, n));
  }

  async function changeOccurrence(changes: ItemPatch, item: PlanItem): Promise<void> {
    const rule = recurrence.rule.value;
    const parts = splitChanges(changes);
    // Only the item's own facts changed (its status, its link): nothing to ask.
    if (!rule && Object.keys(parts.series).length === 0) return options.save(changes, item);
    const dayChanged = 'at' in changes && itemDay(changes.at as string, options.context.timeZone) !== itemDay(item.at, options.context.timeZone);
    const scopes = scopesFor({ ruleChanged: rule !== undefined, dayChanged });
    const note = rule ? t('series.scope.ruleOnlySeries') : dayChanged ? t('series.scope.dateNotAll') : null;
    const scope = await ask('save', item, scopes, note);
    if (scope === null) return;
    if (scope === 'this') return options.save(changes, item);
    const series = await seriesOf(item);
    const patch: SeriesPatch = {
      ...parts.series,
      version: series.version,
      ...(rule && { rrule: rule.rrule, skipNonWorkingDays: rule.skipNonWorkingDays }),
      ...(scope === 'following' && { from: seriesDayOf(item, options.context.timeZone) }),
    };
    await seriesApi.update(store().orgId as string, series.id, patch);
    await store().refreshItems();
    // The item's own facts go to it alone, on its version after the series' change.
    const fresh = store().items.find((i) => i.id === item.id);
    if (fresh && Object.keys(parts.item).length) await store().update(fresh, parts.item);
    options.close();
    notify.success(t('series.saved'));
  }

  const save = (async (change: ItemCreate | ItemPatch, item: PlanItem | null): Promise<void> => {
    if (!recurrence.check()) return;
    if (!item) return createSeries(change as ItemCreate);
    if (!item.seriesId) return options.save(change, item);
    return changeOccurrence(change as ItemPatch, item);
  }) as ItemSave;

  async function remove(item: PlanItem): Promise<void> {
    if (!item.seriesId) return options.remove(item);
    const scope = await ask('remove', item, SERIES_SCOPES, null);
    if (scope === null) return;
    if (scope === 'this') return options.remove(item);
    const series = await seriesOf(item);
    await seriesApi.remove(store().orgId as string, series.id, series.version, scope === 'following' ? seriesDayOf(item, options.context.timeZone) : undefined);
    await store().refreshItems();
    options.close();
    notify.success(t('series.deleted'));
  }

  return { question, save, remove };
}
