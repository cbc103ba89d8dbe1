import type { ComplianceRow, ComplianceStatus } from '@ritm/domain/compliance';
import { evaluate, evaluationSpan } from '@ritm/domain/evaluate';
import { isConfirmed } from '@ritm/domain/evidence';
import type { Exemption as DomainExemption } from '@ritm/domain/exemption';
import type { PlanItem as DomainItem } from '@ritm/domain/item';
import type { DateRange } from '@ritm/domain/local-date';
import type { Norm, NormType } from '@ritm/domain/norm';
import type { Organisation as DomainOrganisation } from '@ritm/domain/organisation';
import { suggestGaps, type GapSuggestion } from '@ritm/domain/suggest';
import type { WorkingCalendar } from '@ritm/domain/working-days';
import type { Channel, EffectiveNorm, Exemption, Organisation, PlanItem } from '../api/types.js';

/**
 * The statuses the domain's `suggestGaps` suggests dates for: a current period that will not
 * make its norm and a future one planned short. The domain does not export this set yet.
 */
const FILLABLE: ReadonlySet<ComplianceStatus> = new Set<ComplianceStatus>(['at_risk', 'gap']);

/** Whether "fill the gap" can suggest dates for a row of this status. */
export function isFillable(status: ComplianceStatus): boolean {
  return FILLABLE.has(status);
}

/** What the evaluator reads of an item: enough to judge a draft that is not saved yet. */
export type PreviewItem = Pick<PlanItem, 'id' | 'kind' | 'channelIds' | 'status' | 'at' | 'title'> & Partial<Pick<PlanItem, 'url' | 'attachmentCount'>>;

export interface PreviewInput {
  org: Organisation | null;
  channels: readonly Channel[];
  norms: readonly EffectiveNorm[];
  exemptions: readonly Exemption[];
  items: readonly PreviewItem[];
  range: DateRange;
  today: string;
  timeZone: string;
  /** The organisation's production calendar (issue 16): suggestions keep off its holidays. */
  calendar?: WorkingCalendar;
}

/**
 * A norm's type: a norm as the API stores it may leave `type` out for a frequency norm, as
 * `ritm check` and the domain's `parseNorm` read it.
 */
export function normTypeOf(norm: EffectiveNorm['norm']): NormType {
  return norm.type ?? 'frequency';
}

/** A norm as the API stores it as the domain reads it. */
export function toDomainNorm(n: EffectiveNorm): Norm {
  return { ...n.norm, type: normTypeOf(n.norm), id: n.key } as Norm;
}

export function toDomainItem(item: PreviewItem): DomainItem {
  // Confirmed as the server judges it (a URL or an attachment), so the preview counts it the same.
  const confirmed = isConfirmed({ status: item.status, url: item.url, attachmentCount: item.attachmentCount });
  return { id: item.id, kind: item.kind, channels: item.channelIds, status: item.status, at: item.at, title: item.title, confirmed };
}

function domainInput(input: PreviewInput) {
  // The same organisation the server judges: its kind, members and reported figures.
  const org: DomainOrganisation = {
    ...(input.org?.kind && { kind: input.org.kind }),
    ...(input.org?.members != null && { members: input.org.members }),
    ...(input.org?.figures && { figures: input.org.figures }),
  };
  const norms: Norm[] = input.norms.filter((n) => n.enabled).map(toDomainNorm);
  const exemptions: DomainExemption[] = input.exemptions.map((e) => ({ norm: e.normKey, from: e.from, to: e.to, reason: e.reason, ...(e.channelId ? { channel: e.channelId } : {}) }));
  return {
    org,
    channels: input.channels.filter((c) => c.active !== false).map((c) => ({ id: c.id, type: c.type, ...(c.since ? { since: c.since } : {}) })),
    norms,
    exemptions,
    items: input.items.map(toDomainItem),
    range: input.range,
  };
}

/**
 * The norm statuses the server would give, computed in the browser with the
 * same evaluator, so the strip answers while the user edits. Null when the
 * data cannot be judged (the server's answer then stands alone).
 */
export function previewCompliance(input: PreviewInput): ComplianceRow[] | null {
  if (input.norms.length === 0) return [];
  try {
    return evaluate(domainInput(input), { today: input.today, timeZone: input.timeZone, onlyConfirmed: input.org?.countOnlyConfirmed === true }).results;
  } catch {
    return null;
  }
}

/** Dates that would close each gap of the preview (the "fill the gap" action). */
export function previewSuggestions(input: PreviewInput, rows: readonly ComplianceRow[]): GapSuggestion[] {
  try {
    return suggestGaps(domainInput(input), rows, { ...input.calendar, today: input.today, timeZone: input.timeZone, onlyConfirmed: input.org?.countOnlyConfirmed === true });
  } catch {
    return [];
  }
}

/** The days to load items for so that every period the view shows is judged whole. */
export function loadSpan(range: DateRange, norms: readonly EffectiveNorm[]): DateRange {
  try {
    return evaluationSpan(range, norms.filter((n) => n.enabled).map(toDomainNorm));
  } catch {
    return range;
  }
}

/** How one norm's status changes if a draft is saved (shown in the item drawer as the user types). */
export interface NormEffect {
  key: string;
  title: string;
  from: string | null;
  to: string | null;
}

/** The rows whose status differs between two evaluations, keyed by norm, channel and period. */
export function statusChanges(
  before: readonly ComplianceRow[],
  after: readonly ComplianceRow[],
  keyOf: (row: ComplianceRow) => string,
  titleOf: (row: ComplianceRow) => string,
): NormEffect[] {
  const old = new Map(before.map((r) => [keyOf(r), r.status]));
  return after
    .filter((r) => old.get(keyOf(r)) !== r.status)
    .map((r) => ({ key: keyOf(r), title: titleOf(r), from: old.get(keyOf(r)) ?? null, to: r.status }));
}
