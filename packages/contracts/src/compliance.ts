import { COMPLIANCE_STATUSES } from '@ritm/domain/compliance';
import { SUMMARY_GRANULARITIES } from '@ritm/domain/period-summary';
import { PROFILE_STATES } from '@ritm/domain/profile';
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

/** Where an organisation of a subtree's answer sits in the tree. */
const OrganisationInTree = {
  orgId: Uuid,
  name: Text(),
  parentId: Type.Union([Uuid, Type.Null()]),
  /** 0 for the organisation asked about, 1 for its children… */
  level: Type.Integer({ minimum: 0 }),
};

export const OrganisationCompliance = Type.Object({
  ...OrganisationInTree,
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

/**
 * A summary but its organisations: the API writes those one at a time before it, so that a whole
 * tree's answer is never one object or one string (the order of an object's fields carries nothing).
 */
export const ComplianceSummaryHead = Type.Omit(ComplianceSummary, ['organisations']);
export type ComplianceSummaryHead = Static<typeof ComplianceSummaryHead>;

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

// issue 16 — dashboard: the heatmap's columns in one request, and each organisation's profile status.

/**
 * `from`/`to` as in {@link ComplianceQuery}; `granularity` lays the range out in whole weeks or
 * months (the first and last may reach outside it), each judged as a summary of just that period
 * would judge it.
 */
export const CompliancePeriodsQuery = Type.Object(
  { ...ComplianceQuery.properties, granularity: literalUnion(SUMMARY_GRANULARITIES, { default: 'week' }) },
  { additionalProperties: false },
);
export type CompliancePeriodsQuery = Static<typeof CompliancePeriodsQuery>;

export const ProfileState = literalUnion(PROFILE_STATES);
export type ProfileState = Static<typeof ProfileState>;

/** A profile norm missed: what it asks, what there is, and for a presence norm the channel types lacking (one of each group would do). */
export const ProfileGap = Type.Object({
  norm: Text(),
  required: Type.Number(),
  actual: Type.Number(),
  missingChannelTypes: Type.Optional(Type.Array(Type.Array(Text()))),
});
export type ProfileGap = Static<typeof ProfileGap>;

/**
 * Presence and quantity norms (mandatory channels, social pages above 500 members, «Солидарность»
 * copies, the 5% budget), judged once over the range: facts about the organisation, not about a period.
 */
export const ProfileStatus = Type.Object({ state: ProfileState, counts: StatusCounts, missing: Type.Array(ProfileGap) });
export type ProfileStatus = Static<typeof ProfileStatus>;

/** A norm (on a channel, for a per-channel norm) short in some period of an organisation. */
export const ShortNorm = Type.Object({ norm: Text(), channelId: Type.Union([Uuid, Type.Null()]) });
export type ShortNorm = Static<typeof ShortNorm>;

/**
 * A norm short in a period at its worst there (missed, at_risk or gap): `at` is its place in the
 * organisation's `shortNorms`, so that thousands of organisations' weeks do not repeat names and ids.
 */
export const Shortfall = Type.Object({ at: Type.Integer({ minimum: 0 }), status: ComplianceStatus });
export type Shortfall = Static<typeof Shortfall>;

/** One organisation in one period: its rows whose period overlaps it, profile norms aside. */
export const PeriodCompliance = Type.Object({
  worst: Type.Union([ComplianceStatus, Type.Null()]),
  counts: StatusCounts,
  shortfalls: Type.Array(Shortfall),
});
export type PeriodCompliance = Static<typeof PeriodCompliance>;

export const OrganisationPeriods = Type.Object({
  ...OrganisationInTree,
  profile: ProfileStatus,
  /** One per period of the answer, in its order. */
  periods: Type.Array(PeriodCompliance),
  /** The organisation's rows over the whole range, profile norms aside, each counted once. */
  totals: StatusCounts,
  /** The norms short in some period, each (norm, channel) once, in order of first appearance. */
  shortNorms: Type.Array(ShortNorm),
  /** The titles of the norms named here (custom norms by the title given where they were made); null where a norm has none. */
  normTitles: Type.Record(Type.String(), Type.Union([Text(), Type.Null()])),
  /** The names of the channels named in shortfalls, by id. */
  channelNames: Type.Record(Type.String(), Text()),
});
export type OrganisationPeriods = Static<typeof OrganisationPeriods>;

export const PeriodTotals = Type.Object({
  start: LocalDate,
  end: LocalDate,
  /** Every organisation's rows in the period, summed. */
  counts: StatusCounts,
  /** Organisations whose worst status in the period is missed or at_risk. */
  failing: Type.Integer({ minimum: 0 }),
});
export type PeriodTotals = Static<typeof PeriodTotals>;

/** The organisation and every organisation below it (in tree order), period by period, with totals. */
export const CompliancePeriods = Type.Object({
  asOf: LocalDate,
  granularity: literalUnion(SUMMARY_GRANULARITIES),
  /** The periods, with every organisation's counts in each summed. */
  periods: Type.Array(PeriodTotals),
  organisations: Type.Array(OrganisationPeriods),
  /** How many organisations' profiles are met, not met, or bound by no profile norm. */
  profiles: Type.Object({ met: Type.Integer(), not_met: Type.Integer(), none: Type.Integer() }),
  /** Every organisation's rows over the range, profile norms aside. */
  totals: StatusCounts,
});
export type CompliancePeriods = Static<typeof CompliancePeriods>;

/** A period table but its organisations, written one at a time before it (see {@link ComplianceSummaryHead}). */
export const CompliancePeriodsHead = Type.Omit(CompliancePeriods, ['organisations']);
export type CompliancePeriodsHead = Static<typeof CompliancePeriodsHead>;
