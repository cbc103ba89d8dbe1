import type { PlanItem } from '../../../api/types.js';
import { i18n } from '../../../i18n.js';
import { formatInstant } from '../../../lib/dates.js';

const FIGURES = ['views', 'likes', 'reposts', 'comments'] as const;

/** An item's reach as read from an evidence source (issue 13), for the drawer. */
export interface ItemReach {
  figures: { key: (typeof FIGURES)[number]; label: string; value: string }[];
  /** «обновлено 25 нояб. 2026, 10:00». */
  updated: string;
}

/**
 * What the drawer says of an item's reach when Ritm read it from a source (`reachReadAt` set:
 * a post proved the item); null for an item whose figures were typed by hand, which the form's
 * own fields show.
 *
 * @example itemReach({ views: 1200, likes: 5, reposts: null, comments: 0, reachReadAt: '2026-11-25T07:00:00.000Z' }, 'Europe/Moscow', 'ru')?.updated // 'обновлено 25 нояб. 2026, 10:00'
 */
export function itemReach(item: Pick<PlanItem, (typeof FIGURES)[number] | 'reachReadAt'>, timeZone: string, locale: string): ItemReach | null {
  if (!item.reachReadAt) return null;
  const { t } = i18n.global;
  const number = new Intl.NumberFormat(locale);
  return {
    figures: FIGURES.map((key) => ({ key, label: t(`evidenceSources.reach.${key}`), value: item[key] === null ? t('evidenceSources.reach.none') : number.format(item[key]) })),
    updated: t('evidenceSources.reach.updated', { when: formatInstant(item.reachReadAt, timeZone, locale) }),
  };
}
