import type { ComplianceRow } from '@ritm/domain/compliance';
import type { NormSource } from '@ritm/domain/norm';
import type { Channel, ComplianceResult, EffectiveNorm } from '../api/types.js';
import type { StripRow } from '../components/calendar/NormStrip.vue';

/** A row's identity across evaluations: the norm, the channel and the period. */
export function rowKey(row: Pick<ComplianceRow, 'norm' | 'channel' | 'periodStart'>): string {
  return `${row.norm}|${row.channel ?? ''}|${row.periodStart ?? ''}`;
}

/** Rows with the norm's title, its citation and the channel's name, for the strip. */
export function toStripRows(
  rows: readonly ComplianceResult[],
  norms: readonly EffectiveNorm[],
  channels: ReadonlyMap<string, Channel>,
): StripRow[] {
  const byKey = new Map(norms.map((n) => [n.key, n]));
  return rows.map((row) => {
    const norm = byKey.get(row.norm)?.norm;
    return {
      key: rowKey(row),
      norm: row.norm,
      title: norm?.title ?? row.norm,
      channel: row.channel,
      channelName: row.channel ? (channels.get(row.channel)?.name ?? null) : null,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      required: row.required,
      actual: row.actual,
      confirmed: row.confirmed ?? null,
      planned: row.planned,
      overdue: row.overdue ?? 0,
      status: row.status,
      source: (norm?.source as NormSource | undefined) ?? null,
    };
  });
}

/** Rows whose period holds the whole of `start … end` (a month norm above a week). */
export function rowsCovering<T extends { periodStart: string | null; periodEnd: string | null }>(rows: readonly T[], start: string, end: string): T[] {
  return rows.filter((r) => r.periodStart !== null && r.periodEnd !== null && r.periodStart <= start && r.periodEnd >= end);
}

/** Rows of exactly the period `start … end` (the week norms of one week row). */
export function rowsOf<T extends { periodStart: string | null; periodEnd: string | null }>(rows: readonly T[], start: string, end: string): T[] {
  return rows.filter((r) => r.periodStart === start && r.periodEnd === end);
}
