import { computed, type Ref } from 'vue';
import type { CompliancePeriods, OrganisationPeriods, ProfileStatus, ShortNorm } from '@ritm/contracts/compliance';
import type { ComplianceStatus } from '@ritm/domain/compliance';
import { metShare } from '@ritm/domain/period-summary';
import type { HeatCell } from '../../../components/dashboard/StatusHeatmap.vue';
import { i18n } from '../../../i18n.js';
import { vocabularyLabel } from '../../../lib/vocabulary.js';

/** The heatmap's cells: each organisation's worst status in each period, profile norms aside (null where nothing is judged). */
export function heatCells(answer: CompliancePeriods | null): HeatCell[] {
  return (answer?.organisations ?? []).flatMap((org, i) => org.periods.map((period, j) => ({ org: i, column: j, status: period.worst })));
}

/** A norm's name for people: its title where it is in force, else the presets' title, else its key. */
export function normName(org: Pick<OrganisationPeriods, 'normTitles'>, norm: string, titles: ReadonlyMap<string, string>): string {
  return org.normTitles[norm] ?? titles.get(norm) ?? norm;
}

/** A share of norms met as a whole percentage, or null. */
export function percent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 100);
}

/** The trend: the share of the subtree's norms met in each period of an answer, in percent. */
export function trendPoints(answer: CompliancePeriods | null): { start: string; end: string; percent: number | null }[] {
  return (answer?.periods ?? []).map((p) => ({ start: p.start, end: p.end, percent: percent(metShare(p.counts)) }));
}

/**
 * What the heatmap and its table say in words: each cell's status and the norms short there
 * (custom norms by their title, per-channel norms with their channel), each organisation's
 * profile status and totals, and each period's totals.
 */
export function usePeriodHeatmap(answer: Ref<CompliancePeriods | null>, titles: Ref<ReadonlyMap<string, string>>) {
  const { t } = i18n.global;
  const statusLabel = (status: ComplianceStatus | null) => (status ? t(`status.${status}`) : t('dashboard.noStatus'));

  function shortfallText(org: OrganisationPeriods, s: ShortNorm | undefined, status: ComplianceStatus): string {
    if (s === undefined) return statusLabel(status);
    const channel = s.channelId === null ? '' : ` · ${org.channelNames[s.channelId] ?? s.channelId}`;
    return `${normName(org, s.norm, titles.value)}${channel} — ${statusLabel(status)}`;
  }

  /** A cell in words: the status, then each norm short in the period. */
  function describe(orgAt: number, column: number): { status: string; shortfalls: string[] } {
    const org = answer.value?.organisations[orgAt];
    const period = org?.periods[column];
    if (!org || !period) return { status: statusLabel(null), shortfalls: [] };
    return { status: statusLabel(period.worst), shortfalls: period.shortfalls.map(({ at, status }) => shortfallText(org, org.shortNorms[at], status)) };
  }

  /** The profile in words: met, none, or which norms are missed and what they lack. */
  function profileText(org: Pick<OrganisationPeriods, 'normTitles'> & { profile: ProfileStatus }): string {
    const { profile } = org;
    if (profile.state !== 'not_met') return t(`dashboard.profile.${profile.state}`);
    const gaps = profile.missing.map((gap) => {
      const name = normName(org, gap.norm, titles.value);
      const lacking = (gap.missingChannelTypes ?? []).map((group) => group.map((type) => vocabularyLabel('channelType', type)).join(t('dashboard.profile.or')));
      return lacking.length > 0 ? t('dashboard.profile.lacking', { norm: name, channels: lacking.join(', ') }) : t('dashboard.profile.short', { norm: name, actual: gap.actual, required: gap.required });
    });
    return `${t('dashboard.profile.not_met')}: ${gaps.join('; ')}`;
  }

  /** An organisation's totals over the range in words: the share of its norms met. */
  function totalText(org: OrganisationPeriods): string {
    const share = percent(metShare(org.totals));
    return share === null ? t('dashboard.noStatus') : t('dashboard.metShare', { percent: share });
  }

  const columnTotals = computed(() =>
    (answer.value?.periods ?? []).map((p) => {
      const share = percent(metShare(p.counts));
      return { failing: p.failing, text: share === null ? t('dashboard.noStatus') : t('dashboard.metShare', { percent: share }) };
    }),
  );

  return { statusLabel, describe, profileText, totalText, columnTotals, cells: computed(() => heatCells(answer.value)) };
}
