import { computed, type Ref } from 'vue';
import type { StripRow } from '../../../components/calendar/NormStrip.vue';
import { rowKey, rowsCovering, rowsOf, toStripRows } from '../../../composables/use-norm-rows.js';
import type { ComplianceResult } from '../../../api/types.js';
import { type NormEffect, previewCompliance, type PreviewInput, type PreviewItem, statusChanges } from '../../../lib/compliance.js';
import type { CalendarView } from '../../../lib/dates.js';
import { useCalendarStore } from '../../../stores/calendar.js';
import { useCatalogStore } from '../../../stores/catalog.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { useProductionCalendarStore } from '../../../stores/production-calendar.js';
import type { DateSpan } from './use-calendar-url.js';

/**
 * Which statuses the strip shows: the server's once it has answered for the period, the
 * browser's own evaluation until then (and nothing when neither can judge). Rows that do not
 * apply are never shown.
 */
export function shownStatuses(server: readonly ComplianceResult[] | null, preview: readonly ComplianceResult[] | null): ComplianceResult[] {
  return (server ?? preview ?? []).filter((r) => r.status !== 'not_applicable');
}

/**
 * The norm statuses of the visible period: the domain's evaluator runs in the browser on the
 * loaded items, so the strip answers at once and the drawer can show a draft's effect; the
 * server's `/compliance` replaces the preview when it arrives.
 */
export function useNormStatuses(options: { view: Ref<CalendarView>; period: Ref<DateSpan>; today: Ref<string> }) {
  const orgs = useOrgsStore();
  const calendar = useCalendarStore();
  const catalog = useCatalogStore();
  const production = useProductionCalendarStore();

  function inputFor(items: readonly PreviewItem[]): PreviewInput {
    return {
      org: orgs.current,
      channels: catalog.channels,
      norms: calendar.norms,
      exemptions: calendar.exemptions,
      items,
      range: { from: options.period.value.start, to: options.period.value.end },
      today: options.today.value,
      timeZone: orgs.timeZone,
      calendar: production.workingCalendar(orgs.currentId),
    };
  }

  const preview = computed(() => previewCompliance(inputFor(calendar.items)));
  /** The strip says "computed in the browser" until the server has answered. */
  const usingPreview = computed(() => calendar.serverCompliance === null && preview.value !== null);
  const rows = computed<StripRow[]>(() => toStripRows(shownStatuses(calendar.serverCompliance?.results ?? null, preview.value), calendar.norms, catalog.channelById));
  /** Norms whose period holds the whole view (a month norm above a week). */
  const topRows = computed(() => rowsCovering(rows.value, options.period.value.start, options.period.value.end));
  /** Each week row's own norms; the week view shows them in the top strip instead. */
  const weekRows = (monday: string, sunday: string) => (options.view.value === 'week' ? [] : rowsOf(rows.value, monday, sunday));
  const monthRows = (start: string, end: string) => rowsOf(rows.value, start, end);

  /** How the statuses would change if `draft` were saved (it replaces the item with its id). */
  function effectOf(draft: PreviewItem): NormEffect[] {
    const before = preview.value;
    if (!before) return [];
    const after = previewCompliance(inputFor([...calendar.items.filter((i) => i.id !== draft.id), draft]));
    if (!after) return [];
    const titles = new Map(calendar.norms.map((n) => [n.key, n.norm.title ?? n.key]));
    return statusChanges(before, after, rowKey, (r) => `${titles.get(r.norm) ?? r.norm}${r.channel ? ` · ${catalog.channelById.get(r.channel)?.name ?? ''}` : ''}`);
  }

  return { inputFor, preview, usingPreview, rows, topRows, weekRows, monthRows, effectOf };
}
