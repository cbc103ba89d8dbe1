import { COMPLIANCE_STATUSES } from '@ritm/domain/compliance';
import { Type, type Static } from 'typebox';
import { LocalDate, literalUnion, Text, Uuid } from './common.js';
import { NormAdjustment } from './norms.js';

// Compliance, computed by the domain evaluator from aggregated counts; rows are shaped exactly as
// `ritm check` prints them (norm is the norm's key, channel a channel id).

export const ComplianceStatus = literalUnion(COMPLIANCE_STATUSES);
export type ComplianceStatus = Static<typeof ComplianceStatus>;

/**
 * `from`/`to`: local days, inclusive, at most 400 days apart; every period that overlaps them is
 * judged whole. `asOf` replaces today (the organisation's local date by default), to see the
 * state as it was on a date.
 */
export const ComplianceQuery = Type.Object(
  { from: LocalDate, to: LocalDate, asOf: Type.Optional(LocalDate) },
  { additionalProperties: false },
);
export type ComplianceQuery = Static<typeof ComplianceQuery>;

export const ComplianceRow = Type.Object({
  norm: Text(),
  channel: Type.Union([Uuid, Type.Null()]),
  periodStart: Type.Union([LocalDate, Type.Null()]),
  periodEnd: Type.Union([LocalDate, Type.Null()]),
  required: Type.Number(),
  actual: Type.Number(),
  /** How many of `actual` are confirmed: published or held with a URL or an attachment. Frequency rows only. */
  confirmed: Type.Optional(Type.Integer({ minimum: 0 })),
  planned: Type.Number(),
  status: ComplianceStatus,
});
export type ComplianceRow = Static<typeof ComplianceRow>;

/** A planned item whose date has passed, once for each row it would have counted in. */
export const OverdueEntry = Type.Object({
  item: Uuid,
  norm: Text(),
  channel: Type.Union([Uuid, Type.Null()]),
  at: Text(),
});
export type OverdueEntry = Static<typeof OverdueEntry>;

export const Compliance = Type.Object({ results: Type.Array(ComplianceRow), overdue: Type.Array(OverdueEntry) });
export type Compliance = Static<typeof Compliance>;

export const StatusCounts = Type.Object({
  met: Type.Integer(),
  missed: Type.Integer(),
  on_track: Type.Integer(),
  at_risk: Type.Integer(),
  planned: Type.Integer(),
  gap: Type.Integer(),
  exempt: Type.Integer(),
  not_applicable: Type.Integer(),
});
export type StatusCounts = Static<typeof StatusCounts>;

/** A norm waived or adjusted where it binds an organisation of a summary (issue 11): what, where, who, when, why. */
export const AdjustmentMark = Type.Object({
  norm: Text(),
  /** The norm's title as it is in force there, if it has one. */
  title: Type.Union([Text(), Type.Null()]),
  /** The organisation whose row waives or adjusts it (this one or one above). */
  orgId: Uuid,
  orgName: Text(),
  ...NormAdjustment.properties,
});
export type AdjustmentMark = Static<typeof AdjustmentMark>;

export const OrganisationCompliance = Type.Object({
  orgId: Uuid,
  name: Text(),
  parentId: Type.Union([Uuid, Type.Null()]),
  /** 0 for the organisation asked about, 1 for its children… */
  level: Type.Integer({ minimum: 0 }),
  counts: StatusCounts,
  /** Rows that ask something: all but exempt and not_applicable. */
  judged: Type.Integer(),
  /** Judged rows in good standing (met, on_track, planned). */
  healthy: Type.Integer(),
  healthShare: Type.Union([Type.Number(), Type.Null()]),
  worst: Type.Union([ComplianceStatus, Type.Null()]),
  /** Overdue planned items over all rows. */
  overdue: Type.Integer(),
  /** Up to 3 worst rows (missed, then at_risk, then gap…), most recent period first. */
  worstRows: Type.Array(ComplianceRow),
  /** Norms waived or adjusted for this organisation: their rows are missing or ask less, so say so. */
  adjustments: Type.Array(AdjustmentMark),
});
export type OrganisationCompliance = Static<typeof OrganisationCompliance>;

export const NormCompliance = Type.Object({
  norm: Text(),
  counts: StatusCounts,
  organisations: Type.Integer(),
  failing: Type.Integer(),
});

/** The organisation and every organisation below it, worst first. */
export const ComplianceSummary = Type.Object({
  asOf: LocalDate,
  organisations: Type.Array(OrganisationCompliance),
  norms: Type.Array(NormCompliance),
  totals: StatusCounts,
});
export type ComplianceSummary = Static<typeof ComplianceSummary>;

export const GapSuggestion = Type.Object({
  norm: Text(),
  channel: Type.Union([Uuid, Type.Null()]),
  periodStart: LocalDate,
  periodEnd: LocalDate,
  /** Items still missing: required − actual − planned. */
  missing: Type.Integer(),
  /** Days to add items on, spread over the days left, working days first. */
  dates: Type.Array(LocalDate),
});
export type GapSuggestion = Static<typeof GapSuggestion>;

export const SuggestionList = Type.Object({ suggestions: Type.Array(GapSuggestion) });
export type SuggestionList = Static<typeof SuggestionList>;
