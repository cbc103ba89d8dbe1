import { computed, ref, shallowRef, type Ref } from 'vue';
import type { ComplianceRow } from '@ritm/domain/compliance';
import { gapRecurrence } from '@ritm/domain/recurrence-form';
import type { StripRow } from '../../../components/calendar/NormStrip.vue';
import { rowKey } from '../../../composables/use-norm-rows.js';
import { useNotify } from '../../../composables/use-notify.js';
import { seriesApi } from '../../../api/series.js';
import type { Channel, EffectiveNorm, ItemCreate } from '../../../api/types.js';
import { describeRecurrence } from '../../../components/calendar/composables/use-recurrence-form.js';
import { i18n } from '../../../i18n.js';
import { normTypeOf, previewSuggestions, type PreviewInput, type PreviewItem } from '../../../lib/compliance.js';
import { useCalendarStore } from '../../../stores/calendar.js';
import { useCatalogStore } from '../../../stores/catalog.js';

/**
 * The drafts that fill a gap: one planned item on each suggested date, of the norm's first kind
 * (a post by default), on the row's channel or else the first active channel the norm counts.
 */
export function gapDrafts(row: Pick<StripRow, 'channel'>, dates: readonly string[], norm: EffectiveNorm['norm'] | undefined, channels: readonly Channel[], title: string): ItemCreate[] {
  const frequency = norm && normTypeOf(norm) === 'frequency' ? norm : undefined;
  const kind = frequency?.kinds?.[0] ?? 'post';
  const types = frequency?.channelTypes;
  const channel = row.channel ?? channels.find((c) => c.active !== false && (!types || types.includes(c.type)))?.id;
  return dates.map((date) => ({ kind, title, status: 'planned', at: date, channelIds: channel ? [channel] : [], audienceIds: [], keyMessageIds: [] }));
}

/**
 * "Заполнить пробел": the domain's `suggestGaps` picks the dates that would close the row's gap
 * in the browser's evaluation, and the drafts are created in one `/items/bulk` transaction.
 */
export function useFillGap(statuses: { preview: Ref<ComplianceRow[] | null>; inputFor: (items: readonly PreviewItem[]) => PreviewInput }) {
  const calendar = useCalendarStore();
  const catalog = useCatalogStore();
  const notify = useNotify();
  const { t } = i18n.global;
  /** The key of the row being filled, for its button's spinner. */
  const filling = ref<string | null>(null);

  async function fillGap(row: StripRow): Promise<void> {
    const source = (statuses.preview.value ?? []).find((r) => rowKey(r) === row.key);
    if (!source) return;
    const suggestion = previewSuggestions(statuses.inputFor(calendar.items), [source])[0];
    if (!suggestion?.dates.length) return;
    const norm = calendar.norms.find((n) => n.key === row.norm)?.norm;
    filling.value = row.key;
    try {
      const created = await calendar.createMany(gapDrafts(row, suggestion.dates, norm, catalog.channels, t('strip.draftTitle', { norm: row.title })));
      notify.success(t('strip.filled', { count: created }));
    } catch (error) {
      notify.error(error);
    } finally {
      filling.value = null;
    }
  }

  // Fill the gap as a series (issue 15): the norm's rhythm from today on, open or to the period's end.
  /** The row a series is being offered for (the dialog is open while it is set). */
  const seriesRow = shallowRef<StripRow | null>(null);
  const seriesEnd = ref<SeriesEnd>('open');
  const seriesPlan = computed(() => {
    const row = seriesRow.value;
    if (!row) return null;
    const norm = calendar.norms.find((n) => n.key === row.norm)?.norm;
    return gapSeries(row, norm, statuses.inputFor([]).today, seriesEnd.value);
  });

  function offerSeries(row: StripRow): void {
    seriesEnd.value = 'open';
    seriesRow.value = row;
  }

  async function createSeries(): Promise<void> {
    const row = seriesRow.value;
    const plan = seriesPlan.value;
    if (!row || !plan) return;
    const norm = calendar.norms.find((n) => n.key === row.norm)?.norm;
    const [draft] = gapDrafts(row, [plan.start], norm, catalog.channels, t('strip.draftTitle', { norm: row.title }));
    filling.value = row.key;
    try {
      const created = await seriesApi.createItem(calendar.orgId as string, { ...(draft as ItemCreate), recurrence: plan.rule.rrule, skipNonWorkingDays: plan.rule.skipNonWorkingDays });
      await calendar.refreshItems();
      seriesRow.value = null;
      const n = created.occurrences ?? 1;
      notify.success(t('series.created', { n }, n));
    } catch (error) {
      notify.error(error);
    } finally {
      filling.value = null;
    }
  }

  return { filling, fillGap, seriesRow, seriesEnd, seriesPlan, offerSeries, createSeries };
}

/** Where a series made for a norm ends: never, or with the row's period. */
export type SeriesEnd = 'open' | 'period';

/**
 * The series that keeps a row's norm from `today` (or its period's start, if later) on: the domain's
 * `gapRecurrence` on the norm's rhythm, with the rule in words. Null for a norm with no rhythm
 * (presence, quantity) or one a series cannot keep.
 *
 * @example gapSeries(row, { type: 'frequency', min: 2, per: 'week' }, '2026-11-25', 'open') // { start: '2026-11-26', rule: { rrule: 'FREQ=WEEKLY;BYDAY=TU,TH', … }, words: 'Каждую неделю по вторникам и четвергам', … }
 */
export function gapSeries(row: Pick<StripRow, 'periodStart' | 'periodEnd'>, norm: EffectiveNorm['norm'] | undefined, today: string, end: SeriesEnd) {
  if (!norm || normTypeOf(norm) !== 'frequency' || norm.min === undefined || norm.per === undefined) return null;
  const from = row.periodStart && row.periodStart > today ? row.periodStart : today;
  const derived = gapRecurrence({ per: norm.per, min: norm.min }, from, end === 'period' ? row.periodEnd : null);
  return derived ? { ...derived, rhythm: { min: norm.min, per: norm.per }, words: describeRecurrence(derived.form) } : null;
}
