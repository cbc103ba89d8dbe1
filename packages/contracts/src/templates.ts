import { MONTH_PLACINGS, TEMPLATE_ENTRIES_MAX, TEMPLATE_SKIP_REASONS, TEMPLATE_SPANS, TEMPLATE_TIME_PATTERN } from '@ritm/domain/plan-template';
import { Type, type Static } from 'typebox';
import { ChannelType } from './channels.js';
import { Instant, literalUnion, LocalDate, Text, Uuid, Version, Words } from './common.js';
import { ItemKind } from './items.js';

// Plan templates (issue 15): a week, month or quarter of a plan saved once and laid onto another
// period of this or another organisation. Entries are placed relative to the period and name
// channels by type and name, audiences and key messages by name, so that they fit any
// organisation; a higher organisation may share its templates down the tree.

export const TemplateSpan = literalUnion(TEMPLATE_SPANS);
export type TemplateSpan = Static<typeof TemplateSpan>;

export const TemplateParams = Type.Object({ orgId: Uuid, templateId: Uuid }, { additionalProperties: false });
export type TemplateParams = Static<typeof TemplateParams>;

/**
 * Where an entry falls in its period: a week `{weekday}` (1 Monday … 7 Sunday); a month `{day}`
 * (clamped to a shorter month) or `{weekday, nth}` (nth 1 … 4, or -1 for the last); a quarter
 * `{month}` (1 … 3 of the quarter) with either of the month's forms.
 */
export const TemplatePlace = Type.Object(
  {
    month: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
    day: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })),
    weekday: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 })),
    nth: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 4 }), Type.Literal(-1)])),
  },
  { additionalProperties: false, examples: [{ weekday: 2 }, { day: 15 }, { month: 3, weekday: 5, nth: -1 }] },
);
export type TemplatePlace = Static<typeof TemplatePlace>;

/** A channel by type and name: applied, it becomes the target's active channel of that type, the same name first. */
export const TemplateChannel = Type.Object({ type: ChannelType, name: Text({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false });
export type TemplateChannel = Static<typeof TemplateChannel>;

export const TemplateEntry = Type.Object(
  {
    place: TemplatePlace,
    /** Wall-clock time in the organisation's zone for a timed item; null for an item dated by its day. */
    time: Type.Union([Type.String({ pattern: TEMPLATE_TIME_PATTERN, examples: ['10:30'] }), Type.Null()]),
    kind: ItemKind,
    title: Text({ minLength: 1, maxLength: 500 }),
    newsHook: Text({ maxLength: 2000 }),
    format: Text({ maxLength: 300 }),
    channels: Type.Array(TemplateChannel, { maxItems: 50 }),
    /** Audience names. */
    audiences: Type.Array(Text({ minLength: 1, maxLength: 300 }), { maxItems: 50 }),
    /** Key messages by their text. */
    keyMessages: Type.Array(Text({ minLength: 1, maxLength: 2000 }), { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type TemplateEntry = Static<typeof TemplateEntry>;

/**
 * What the caller may do with a template here: change or delete it (its own organisation's), lay
 * it onto a period; `applyBelow`: onto an organisation below this one too (it is shared down) —
 * without it, only here.
 */
export const TemplateMay = Type.Object({ edit: Type.Boolean(), apply: Type.Boolean(), applyBelow: Type.Boolean() });

/** A template as lists show it. */
export const PlanTemplateSummary = Type.Object({
  id: Uuid,
  /** The organisation that saved it: this one, or one above that shares it down. */
  orgId: Uuid,
  orgName: Text(),
  name: Text(),
  span: TemplateSpan,
  /** Organisations below may see and apply it. */
  shareDown: Type.Boolean(),
  entryCount: Type.Integer({ minimum: 0 }),
  may: TemplateMay,
  version: Version,
  createdAt: Instant,
  updatedAt: Instant,
});
export type PlanTemplateSummary = Static<typeof PlanTemplateSummary>;

export const PlanTemplate = Type.Object({ ...PlanTemplateSummary.properties, entries: Type.Array(TemplateEntry) });
export type PlanTemplate = Static<typeof PlanTemplate>;

/** The organisation's own templates, then those shared down from above (nearest first). */
export const PlanTemplateList = Type.Object({ templates: Type.Array(PlanTemplateSummary) });
export type PlanTemplateList = Static<typeof PlanTemplateList>;

/**
 * Saves the items of the week, month or quarter that holds `from` as a template. `placing`: how
 * a month's items are placed — by date (`day`, the default) or as the Nth weekday (`weekday`).
 */
export const TemplateCreate = Type.Object(
  {
    name: Words(200),
    span: TemplateSpan,
    from: LocalDate,
    shareDown: Type.Optional(Type.Boolean()),
    placing: Type.Optional(literalUnion(MONTH_PLACINGS)),
  },
  { additionalProperties: false },
);
export type TemplateCreate = Static<typeof TemplateCreate>;

/** Changes to an own template; send `version` here or as `If-Match`. */
export const TemplatePatch = Type.Object(
  {
    version: Type.Optional(Version),
    name: Type.Optional(Words(200)),
    shareDown: Type.Optional(Type.Boolean()),
    entries: Type.Optional(Type.Array(TemplateEntry, { maxItems: TEMPLATE_ENTRIES_MAX })),
  },
  { additionalProperties: false },
);
export type TemplatePatch = Static<typeof TemplatePatch>;

/**
 * Lays a template onto the week, month or quarter (the template's span) that holds `from`, in
 * this organisation or in `orgId` (one where the caller may plan, and that sees the template: its
 * own, or shared down from above it). `preview`: answer what would be created and skipped,
 * writing nothing.
 */
export const TemplateApply = Type.Object(
  { from: LocalDate, orgId: Type.Optional(Uuid), preview: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type TemplateApply = Static<typeof TemplateApply>;

export const TemplateSkipReason = literalUnion(TEMPLATE_SKIP_REASONS);

/**
 * What applying did: the items created (no `id` in a preview) and the entries skipped —
 * `duplicate` (an item on that day with the same title and channel is there already) or
 * `no_channel` (the organisation has no active channel of the entry's types).
 */
export const TemplateApplied = Type.Object({
  orgId: Uuid,
  period: Type.Object({ start: LocalDate, end: LocalDate }),
  created: Type.Array(Type.Object({ id: Type.Optional(Uuid), title: Text(), day: LocalDate })),
  skipped: Type.Array(Type.Object({ title: Text(), day: LocalDate, why: TemplateSkipReason })),
});
export type TemplateApplied = Static<typeof TemplateApplied>;
