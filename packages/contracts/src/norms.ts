import { NORM_KEY_PATTERN, NORM_TYPES } from '@ritm/domain/norm';
import { PERIOD_KINDS } from '@ritm/domain/period';
import { Type, type Static } from 'typebox';
import { ChannelType } from './channels.js';
import { Instant, Int4, INT4_MAX, literalUnion, LocalDate, Text, Uuid, Version, Words } from './common.js';
import { ItemKind } from './items.js';
import { OrganisationKind } from './orgs.js';

// Norms are data in the shape `ritm check` reads (see @ritm/domain/norm): how often, where and how
// much an organisation must publish, with the paragraph each comes from. A norm row at an
// organisation applies to its whole subtree unless a row with the same key lower down overrides it.

/** A norm's key: the `id` of a `ritm check` norm. */
export const NormKey = Text({ pattern: NORM_KEY_PATTERN, examples: ['social-posts'] });

export const NormParams = Type.Object({ orgId: Uuid, key: NormKey }, { additionalProperties: false });
export type NormParams = Static<typeof NormParams>;

const Name = Text({ minLength: 1, maxLength: 64 });
// A norm's kinds and channel types are spelt as items' kinds and channels' types are (the domain's
// vocabulary-code pattern): a kind no item can have makes a norm no organisation can meet. A
// repeated one is a slip, refused where it stands. (`ritm check` reads its files more freely.)
const Kinds = Type.Array(ItemKind, { minItems: 1, maxItems: 50, uniqueItems: true });
const ChannelTypes = Type.Array(ChannelType, { minItems: 1, maxItems: 50, uniqueItems: true });
const ChannelTypeGroups = Type.Array(ChannelTypes, { minItems: 1, maxItems: 20, uniqueItems: true });
// The kinds of organisation a norm binds are kinds an organisation can have (the domain's list, as
// organisations are checked): any other text would make a norm that binds no one.
const OrgKinds = Type.Array(OrganisationKind, { minItems: 1, maxItems: 50, uniqueItems: true });

export const NormSource = Type.Object(
  {
    document: Words(2000),
    paragraph: Words(500),
    quote: Type.Optional(Text({ minLength: 1, maxLength: 5000 })),
  },
  { additionalProperties: false },
);

/** The fields of a `ritm check` norm besides `id`; which apply depends on `type`. */
const definitionFields = {
  type: Type.Optional(literalUnion(NORM_TYPES)),
  title: Type.Optional(Words(500)),
  source: Type.Optional(NormSource),
  orgKinds: Type.Optional(OrgKinds),
  minMembers: Type.Optional(Int4(0)),
  effectiveFrom: Type.Optional(LocalDate),
  effectiveTo: Type.Optional(LocalDate),
  // frequency
  min: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  per: Type.Optional(literalUnion(PERIOD_KINDS)),
  kinds: Type.Optional(Kinds),
  channelTypes: Type.Optional(ChannelTypes),
  perChannel: Type.Optional(Type.Boolean()),
  // presence
  allOf: Type.Optional(ChannelTypeGroups),
  // quantity
  figure: Type.Optional(Name),
  atLeast: Type.Optional(Type.Number({ minimum: 0, maximum: INT4_MAX })),
  perMembers: Type.Optional(Int4(1)),
};

/** A norm exactly as `ritm check` reads it (`type` defaults to `frequency`). */
export const NormDefinition = Type.Object({ id: NormKey, ...definitionFields }, { additionalProperties: false });
export type NormDefinition = Static<typeof NormDefinition>;

/**
 * `POST /orgs/:orgId/norms` takes either `{preset: "mintrud-2022"}` (adds every norm of the
 * preset not yet at this organisation; applying it again adds nothing) or one norm in the
 * `ritm check` shape, which overrides a norm of the same id from above.
 */
export const NormCreate = Type.Object(
  { preset: Type.Optional(Text({ minLength: 1, maxLength: 64 })), id: Type.Optional(NormKey), ...definitionFields },
  { additionalProperties: false },
);
export type NormCreate = Static<typeof NormCreate>;

export const NormCreated = Type.Object({
  /** The norm rows created: one for a custom norm, the missing ones of a preset. */
  norms: Type.Array(Type.Object({ id: Uuid, key: NormKey, version: Version })),
  /** For a single norm, its row id and version (as every created resource). */
  id: Type.Optional(Uuid),
  version: Type.Optional(Version),
});
export type NormCreated = Static<typeof NormCreated>;

/**
 * Changes to a norm as this organisation sees it, merged onto its current definition; `null`
 * removes an optional field. On an inherited norm this creates an override at this organisation
 * (send the inherited row's version). `enabled: false` switches the norm off for the subtree.
 */
export const NormPatch = Type.Object(
  {
    type: Type.Optional(definitionFields.type),
    title: Type.Optional(Type.Union([definitionFields.title, Type.Null()])),
    source: Type.Optional(Type.Union([NormSource, Type.Null()])),
    orgKinds: Type.Optional(Type.Union([OrgKinds, Type.Null()])),
    minMembers: Type.Optional(Type.Union([Int4(0), Type.Null()])),
    effectiveFrom: Type.Optional(Type.Union([LocalDate, Type.Null()])),
    effectiveTo: Type.Optional(Type.Union([LocalDate, Type.Null()])),
    min: definitionFields.min,
    per: definitionFields.per,
    kinds: Type.Optional(Type.Union([Kinds, Type.Null()])),
    channelTypes: Type.Optional(Type.Union([ChannelTypes, Type.Null()])),
    perChannel: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    allOf: Type.Optional(Type.Union([ChannelTypeGroups, Type.Null()])),
    figure: definitionFields.figure,
    atLeast: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: INT4_MAX }), Type.Null()])),
    perMembers: Type.Optional(Type.Union([Int4(1), Type.Null()])),
    enabled: Type.Optional(Type.Boolean()),
    version: Type.Optional(Version),
  },
  { additionalProperties: false },
);
export type NormPatch = Static<typeof NormPatch>;

/**
 * `POST /orgs/:orgId/norms/:key/adjust`: a waiver (`enabled: false`) or a loosening of a norm set
 * above, by a director or administrator of the organisation that set it (or of one above), with a
 * reason. Changes merge onto the norm as the organisation sees it, as with PATCH; send the version
 * of the row in force.
 */
export const NormAdjust = Type.Object(
  {
    ...NormPatch.properties,
    /**
     * Why the norm is waived or adjusted here: shown beside it and on the dashboard. Required and
     * not blank; an empty one is answered «укажите причину» by the route, like one of spaces alone,
     * rather than by a length rule.
     */
    reason: Text({ maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type NormAdjust = Static<typeof NormAdjust>;

/** A waiver or an adjustment of the norm from above: who made it, when and why. */
export const NormAdjustment = Type.Object({
  /** The name of who made it; null once their account is deleted. */
  by: Type.Union([Text(), Type.Null()]),
  at: Instant,
  reason: Text(),
  /** The norm is switched off here (and below), not only loosened. */
  waived: Type.Boolean(),
});
export type NormAdjustment = Static<typeof NormAdjustment>;

/** What the caller may do with a norm here; the server decides, the admin only shows it. */
export const NormPermissions = Type.Object({
  /** Change it: the organisation's own norm freely, an inherited one only to make it stricter. */
  edit: Type.Boolean(),
  /** Waive or loosen it (POST …/adjust): a norm set above, by `norm.adjust` at the organisation that set it or above. */
  adjust: Type.Boolean(),
  /** Delete the organisation's own row (an override reverts to the norm from above). */
  delete: Type.Boolean(),
});
export type NormPermissions = Static<typeof NormPermissions>;

/** A norm in force at an organisation, and where it comes from. */
export const EffectiveNorm = Type.Object({
  key: NormKey,
  /** The norm row that decides: this organisation's, or the nearest one's above. */
  id: Uuid,
  orgId: Uuid,
  orgName: Text(),
  /** The row belongs to an organisation above. */
  inherited: Type.Boolean(),
  /** The row overrides a row with the same key further up. */
  overrides: Type.Boolean(),
  /** The preset the norm came from, or null for an organisation's own norm. */
  preset: Type.Union([Text(), Type.Null()]),
  /** Switched off norms are listed (so that they can be switched on) but not judged. */
  enabled: Type.Boolean(),
  norm: NormDefinition,
  version: Version,
  /** The organisation whose norm binds this one from above (it set the norm), or null for a norm of this organisation's own. */
  setBy: Type.Union([Type.Object({ orgId: Uuid, orgName: Text() }), Type.Null()]),
  /** The waiver or adjustment in force, or null. */
  adjustment: Type.Union([NormAdjustment, Type.Null()]),
  may: NormPermissions,
});
export type EffectiveNorm = Static<typeof EffectiveNorm>;

export const EffectiveNormList = Type.Object({ norms: Type.Array(EffectiveNorm) });
export type EffectiveNormList = Static<typeof EffectiveNormList>;

/** A preset the API can apply. */
export const PresetInfo = Type.Object({
  id: Text(),
  title: Text(),
  document: Text(),
  /** The organisation kinds it is written for: it applies only to organisations of these kinds. */
  orgKinds: Type.Array(Text()),
  norms: Type.Array(NormDefinition),
});
export type PresetInfo = Static<typeof PresetInfo>;
export const PresetList = Type.Object({ presets: Type.Array(PresetInfo) });
export type PresetList = Static<typeof PresetList>;
