import { ref, type Ref } from 'vue';
import type { ComplianceRow } from '@ritm/domain/compliance';
import type { StripRow } from '../../../components/calendar/NormStrip.vue';
import { rowKey } from '../../../composables/use-norm-rows.js';
import { useNotify } from '../../../composables/use-notify.js';
import type { Channel, EffectiveNorm, ItemCreate } from '../../../api/types.js';
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

  return { filling, fillGap };
}
