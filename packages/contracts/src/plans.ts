import { PLAN_ACTIONS, PLAN_PERIODS, PLAN_STATUSES } from '@ritm/domain/media-plan';
import { Type, type Static } from 'typebox';
import { Instant, LocalDate, literalUnion, Text, Uuid, Version } from './common.js';
import { Item } from './items.js';

// Media plans (Mintrud rec. p.70): made for a week, a month or a quarter and corrected as needed.
// Status: draft → submitted → approved (by a director: who and when are recorded) → archived;
// a submitted plan may be returned to draft with a comment, an approved one reopened (recorded).

export const PlanPeriod = literalUnion(PLAN_PERIODS);
export type PlanPeriod = Static<typeof PlanPeriod>;

export const PlanStatus = literalUnion(PLAN_STATUSES);
export type PlanStatus = Static<typeof PlanStatus>;

/** A move between statuses, as the audit log names it (the domain's `PLAN_ACTIONS`). */
export const PlanAction = literalUnion(PLAN_ACTIONS);
export type PlanAction = Static<typeof PlanAction>;

/** A move the caller may make now: send `{status}` (and a `comment` when required) to make it. */
export const PlanTransitionOption = Type.Object({
  action: PlanAction,
  /** The status the move leads to. */
  status: PlanStatus,
  /** The move needs a comment saying why (returning a plan for rework). */
  commentRequired: Type.Boolean(),
});
export type PlanTransitionOption = Static<typeof PlanTransitionOption>;

export const PlanParams = Type.Object({ orgId: Uuid, planId: Uuid }, { additionalProperties: false });
export type PlanParams = Static<typeof PlanParams>;

export const Plan = Type.Object({
  id: Uuid,
  orgId: Uuid,
  period: PlanPeriod,
  /** First day: a Monday for a week, the 1st for a month, 1 Jan/Apr/Jul/Oct for a quarter. */
  periodStart: LocalDate,
  periodEnd: LocalDate,
  title: Text(),
  status: PlanStatus,
  approvedBy: Type.Union([Uuid, Type.Null()]),
  approvedAt: Type.Union([Instant, Type.Null()]),
  createdBy: Type.Union([Uuid, Type.Null()]),
  /** Items of the plan that are not cancelled. */
  itemCount: Type.Integer({ minimum: 0 }),
  version: Version,
  createdAt: Instant,
  updatedAt: Instant,
  /** The moves the caller may make now from the plan's status (the domain's `PLAN_TRANSITIONS`). */
  transitions: Type.Array(PlanTransitionOption),
});
export type Plan = Static<typeof Plan>;

/** A plan with its items, ordered by day (the print view). */
export const PlanWithItems = Type.Object({ ...Plan.properties, items: Type.Array(Item) });
export type PlanWithItems = Static<typeof PlanWithItems>;

export const PlanList = Type.Object({ plans: Type.Array(Plan) });
export type PlanList = Static<typeof PlanList>;

/** Plans whose period overlaps `from … to`, and of a status; all when left out. */
export const PlanQuery = Type.Object(
  { from: Type.Optional(LocalDate), to: Type.Optional(LocalDate), status: Type.Optional(PlanStatus) },
  { additionalProperties: false },
);
export type PlanQuery = Static<typeof PlanQuery>;

export const PlanCreate = Type.Object(
  {
    period: PlanPeriod,
    periodStart: LocalDate,
    title: Text({ minLength: 1, maxLength: 300 }),
  },
  { additionalProperties: false },
);
export type PlanCreate = Static<typeof PlanCreate>;

export const PlanPatch = Type.Object(
  { title: Type.Optional(Text({ minLength: 1, maxLength: 300 })), version: Type.Optional(Version) },
  { additionalProperties: false },
);
export type PlanPatch = Static<typeof PlanPatch>;

/**
 * Moves a plan to another status, as the domain's `PLAN_TRANSITIONS` allow (a plan's
 * `transitions` lists those the caller may make now):
 * - draft → submitted (submit), submitted → draft (withdraw): `plan.edit` (editor);
 * - draft|submitted → approved, submitted → draft (return, `comment` required),
 *   approved → draft (reopen), any → archived, archived → draft (unarchive): `plan.approve` (director).
 * The comment is recorded in the audit log.
 */
export const PlanTransition = Type.Object(
  {
    status: PlanStatus,
    comment: Type.Optional(Text({ maxLength: 2000 })),
    version: Type.Optional(Version),
  },
  { additionalProperties: false },
);
export type PlanTransition = Static<typeof PlanTransition>;

/** Copies a plan's items into the plan of the next period (created here), keeping weekdays. */
export const PlanCopy = Type.Object(
  { title: Type.Optional(Text({ minLength: 1, maxLength: 300 })) },
  { additionalProperties: false },
);
export type PlanCopy = Static<typeof PlanCopy>;

export const PlanCopied = Type.Object({ id: Uuid, version: Version, periodStart: LocalDate, itemCount: Type.Integer({ minimum: 0 }) });
export type PlanCopied = Static<typeof PlanCopied>;
