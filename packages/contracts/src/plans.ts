import { PLAN_ACTIONS, PLAN_PERIODS, PLAN_STATUSES } from '@ritm/domain/media-plan';
import { PLAN_CONTENT_FIELDS } from '@ritm/domain/plan-snapshot';
import { Type, type Static } from 'typebox';
import { Instant, literalUnion, LocalDate, Text, Uuid, Version, Words } from './common.js';
import { Item } from './items.js';

// Media plans (Mintrud rec. p.70): made for a week, a month or a quarter and corrected as needed.
// Status: draft → submitted → approved (by a director: who, when and a snapshot of the items are
// recorded) → archived; a submitted plan may be returned to draft with a comment (kept on the plan
// until it is submitted again), an approved one reopened (recorded). A change to an item of an
// approved plan's period makes it `changed` (since approval) until approved again.

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

/** A user as named at the time (null once the user is deleted). */
export const PlanPerson = Type.Object({ id: Uuid, name: Text() });
export type PlanPerson = Static<typeof PlanPerson>;

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
  /** The approver's name when the plan was last approved (kept with the approval). */
  approverName: Type.Union([Text(), Type.Null()]),
  createdBy: Type.Union([Uuid, Type.Null()]),
  /** What the director wrote when returning the plan, shown until it is submitted again. */
  returnComment: Type.Union([Text(), Type.Null()]),
  returnedBy: Type.Union([PlanPerson, Type.Null()]),
  returnedAt: Type.Union([Instant, Type.Null()]),
  /**
   * Items of the plan's period that are not cancelled: every item of the organisation whose local
   * day lies in the period (a month plan counts its weeks' items), whichever plan it names.
   */
  itemCount: Type.Integer({ minimum: 0 }),
  version: Version,
  createdAt: Instant,
  updatedAt: Instant,
  /** The moves the caller may make now from the plan's status (the domain's `PLAN_TRANSITIONS`). */
  transitions: Type.Array(PlanTransitionOption),
});
export type Plan = Static<typeof Plan>;

/** An item as the director signed it (the domain's `PlanSnapshotItem`). */
export const PlanSnapshotItem = Type.Object({
  id: Uuid,
  kind: Item.properties.kind,
  title: Text(),
  newsHook: Text(),
  format: Text(),
  status: Item.properties.status,
  at: Type.String(),
  localDay: LocalDate,
  channelIds: Type.Array(Uuid),
  audienceIds: Type.Array(Uuid),
  keyMessageIds: Type.Array(Uuid),
  responsibleId: Type.Union([Uuid, Type.Null()]),
});
export type PlanSnapshotItem = Static<typeof PlanSnapshotItem>;

/** An approval: who signed (named at the time), when, and the items as they were, in day order. */
export const PlanApproval = Type.Object({
  id: Uuid,
  approvedBy: Type.Union([Uuid, Type.Null()]),
  approverName: Text(),
  approvedAt: Instant,
  items: Type.Array(PlanSnapshotItem),
  /** Names of the channels, audiences, key messages and people the items named, at approval, by id. */
  names: Type.Record(Type.String(), Type.String()),
});
export type PlanApproval = Static<typeof PlanApproval>;

/**
 * A plan with its content: every item of the organisation on a local day of its period, in day
 * order, cancelled ones included (shown struck out); and its last approval, if any (the print form).
 */
export const PlanWithItems = Type.Object({ ...Plan.properties, items: Type.Array(Item), approval: Type.Union([PlanApproval, Type.Null()]) });
export type PlanWithItems = Static<typeof PlanWithItems>;

export const PlanContentField = literalUnion(PLAN_CONTENT_FIELDS);
const FieldValue = Type.Union([Type.String(), Type.Array(Type.String()), Type.Null()]);

/** How the plan's content now differs from its last approval (empty lists: as signed). */
export const PlanChanges = Type.Object({
  /** The approval compared with; null when the plan was never approved (then nothing is compared). */
  approval: Type.Union([Type.Omit(PlanApproval, ['items', 'names']), Type.Null()]),
  added: Type.Array(PlanSnapshotItem),
  removed: Type.Array(PlanSnapshotItem),
  changed: Type.Array(
    Type.Object({
      id: Uuid,
      before: PlanSnapshotItem,
      after: PlanSnapshotItem,
      fields: Type.Array(Type.Object({ field: PlanContentField, before: FieldValue, after: FieldValue })),
    }),
  ),
  /** Names of what the items name (channels, audiences, key messages, people), by id. */
  names: Type.Record(Type.String(), Type.String()),
});
export type PlanChanges = Static<typeof PlanChanges>;

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
    title: Words(300),
  },
  { additionalProperties: false },
);
export type PlanCreate = Static<typeof PlanCreate>;

export const PlanPatch = Type.Object(
  { title: Type.Optional(Words(300)), version: Type.Optional(Version) },
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

/**
 * Copies a plan's content into the next period, keeping weekdays, into that period's plan (created
 * here when there is none). A copy the same as an item already on the calendar there (same day,
 * title ignoring case and spaces, kind and channels) is skipped.
 */
export const PlanCopy = Type.Object(
  { title: Type.Optional(Words(300)) },
  { additionalProperties: false },
);
export type PlanCopy = Static<typeof PlanCopy>;

export const PlanCopied = Type.Object({
  id: Uuid,
  version: Version,
  periodStart: LocalDate,
  /** Items copied. */
  itemCount: Type.Integer({ minimum: 0 }),
  /** Copies skipped as already on the calendar. */
  skipped: Type.Integer({ minimum: 0 }),
  /** The next period's plan was made by this copy (false: the items went into the existing one). */
  created: Type.Boolean(),
});
export type PlanCopied = Static<typeof PlanCopied>;
