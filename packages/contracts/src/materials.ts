import { MATERIAL_TARGETS_MAX, PLACEMENT_STATUSES, PROPOSAL_STATUSES } from '@ritm/domain/materials';
import { WEB_URL_PATTERN } from '@ritm/domain/web-url';
import { Type, type Static } from 'typebox';
import { ChannelType } from './channels.js';
import { Instant, literalUnion, LocalDate, Text, Uuid, Version, Words } from './common.js';
import { ItemAt, ItemEditor, ItemKind } from './items.js';
import { OrganisationKind } from './orgs.js';

// Materials cascade down the tree (Sudprof concept §VII): a higher organisation publishes a
// material; each target organisation gets a placement task on its calendar (a planned item linked
// to the material) and places it, adapts its text, or declines with a reason. The sender reads
// the placement rate. News also flows up: a lower organisation proposes an item of its own to a
// higher one, which accepts it into its plan or declines with a reason.

export const PlacementStatus = literalUnion(PLACEMENT_STATUSES);
export type PlacementStatus = Static<typeof PlacementStatus>;

export const MaterialParams = Type.Object({ orgId: Uuid, materialId: Uuid }, { additionalProperties: false });
export type MaterialParams = Static<typeof MaterialParams>;

/** One file of a material (issue 15, M1: the download's address). */
export const MaterialAttachmentParams = Type.Object({ orgId: Uuid, materialId: Uuid, attachmentId: Uuid }, { additionalProperties: false });
export type MaterialAttachmentParams = Static<typeof MaterialAttachmentParams>;

/** How many targets are at each status. */
export const PlacementTally = Type.Object({
  pending: Type.Integer({ minimum: 0 }),
  placed: Type.Integer({ minimum: 0 }),
  overdue: Type.Integer({ minimum: 0 }),
  declined: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
});
export type PlacementTally = Static<typeof PlacementTally>;

/** A file sent with a material (a poster, a leaflet, a photo). */
export const MaterialAttachment = Type.Object({
  id: Uuid,
  name: Text(),
  contentType: Text(),
  size: Type.Integer({ minimum: 1 }),
});
export type MaterialAttachment = Static<typeof MaterialAttachment>;

/** One target organisation's placement of a material. */
export const Placement = Type.Object({
  orgId: Uuid,
  orgName: Text(),
  status: PlacementStatus,
  /** The placement task on the target's calendar; null once that item was deleted. */
  itemId: Type.Union([Uuid, Type.Null()]),
  /** The task's day on the target's calendar. */
  localDay: Type.Union([LocalDate, Type.Null()]),
  /** Where it was placed (the task item's URL) and when. */
  url: Type.Union([Text(), Type.Null()]),
  publishedAt: Type.Union([Instant, Type.Null()]),
  /** Photos and scans proving the placement (the task item's attachments). */
  attachmentCount: Type.Integer({ minimum: 0 }),
  /** Whether the target adapted the text. */
  adapted: Type.Boolean(),
  declineReason: Type.Union([Text(), Type.Null()]),
  /** When the target placed or declined it. */
  answeredAt: Type.Union([Instant, Type.Null()]),
});
export type Placement = Static<typeof Placement>;

/** How a material chose its targets: named organisations, or the subtree (of some kinds). */
export const MaterialTargetSpec = Type.Union([
  Type.Object({ orgIds: Type.Array(Uuid) }),
  Type.Object({ subtree: Type.Literal(true), kinds: Type.Array(OrganisationKind) }),
]);

export const Material = Type.Object({
  id: Uuid,
  /** The sending organisation. */
  orgId: Uuid,
  orgName: Text(),
  title: Text(),
  text: Text(),
  /** The kind of the placement tasks (`post`, `stand_update`, …). */
  kind: ItemKind,
  /** Channel types the sender suggests (a placement task goes on the target's channels of these types). */
  channelTypes: Type.Array(ChannelType),
  /** The day the placement task is planned on at each target (its own calendar). */
  placeOn: LocalDate,
  /** Placed after this day (each target's today), a placement is overdue. */
  deadline: LocalDate,
  target: MaterialTargetSpec,
  attachments: Type.Array(MaterialAttachment),
  tally: PlacementTally,
  createdAt: Instant,
  createdBy: Type.Union([ItemEditor, Type.Null()]),
  version: Version,
});
export type Material = Static<typeof Material>;

/**
 * A material with the placements the caller may see: every one to the sender's readers; to a
 * target, its own and those of organisations it can read (those below it), never a sibling's.
 * `tally` counts the placements listed.
 */
export const MaterialDetail = Type.Object({
  ...Material.properties,
  placements: Type.Array(Placement),
});
export type MaterialDetail = Static<typeof MaterialDetail>;

/** A material as one of its targets received it, with that target's placement. */
export const ReceivedMaterial = Type.Object({
  material: Material,
  placement: Placement,
});
export type ReceivedMaterial = Static<typeof ReceivedMaterial>;

/**
 * `sent`: materials this organisation sent (default); `below`: those sent by organisations below
 * it (a director's view). What was sent *to* an organisation is `GET …/received-materials`.
 */
export const MaterialListQuery = Type.Object(
  {
    direction: Type.Optional(literalUnion(['sent', 'below'] as const)),
    /** Only materials with a placement not yet answered (pending or overdue). */
    open: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type MaterialListQuery = Static<typeof MaterialListQuery>;

export const MaterialList = Type.Object({ materials: Type.Array(Material) });
export type MaterialList = Static<typeof MaterialList>;

export const ReceivedMaterialList = Type.Object({ received: Type.Array(ReceivedMaterial) });
export type ReceivedMaterialList = Static<typeof ReceivedMaterialList>;

/**
 * A new material. Targets: exactly one of `targetOrgIds` (organisations below the sender) or
 * `targetSubtree: true` (every live organisation below it, of `targetKinds` when given).
 * `placeOn` defaults to `deadline`; `kind` to `post`; it must lie on or before the deadline.
 */
export const MaterialCreate = Type.Object(
  {
    title: Words(500),
    text: Text({ maxLength: 20_000 }),
    deadline: LocalDate,
    placeOn: Type.Optional(LocalDate),
    kind: Type.Optional(ItemKind),
    channelTypes: Type.Optional(Type.Array(ChannelType, { maxItems: 20, uniqueItems: true })),
    targetOrgIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: MATERIAL_TARGETS_MAX, uniqueItems: true })),
    targetSubtree: Type.Optional(Type.Literal(true)),
    targetKinds: Type.Optional(Type.Array(OrganisationKind, { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type MaterialCreate = Static<typeof MaterialCreate>;

const PlacementUrl = Text({ minLength: 1, maxLength: 2000, pattern: WEB_URL_PATTERN });

/**
 * The target places the material: its task item becomes published (held for an event) with the
 * URL, or with the photos already attached to the item; one of the two is required.
 */
export const PlacementPlace = Type.Object(
  {
    url: Type.Optional(PlacementUrl),
    publishedAt: Type.Optional(Instant),
  },
  { additionalProperties: false },
);
export type PlacementPlace = Static<typeof PlacementPlace>;

/** The target adapts the material: its task item takes this title and text (notes). */
export const PlacementAdapt = Type.Object(
  {
    title: Type.Optional(Words(500)),
    text: Words(20_000),
  },
  { additionalProperties: false },
);
export type PlacementAdapt = Static<typeof PlacementAdapt>;

/** The target declines, saying why; its task item is cancelled. */
export const PlacementDecline = Type.Object(
  { reason: Words(2000) },
  { additionalProperties: false },
);
export type PlacementDecline = Static<typeof PlacementDecline>;

// Upwards: news worth the outside media.

export const ProposalStatus = literalUnion(PROPOSAL_STATUSES);
export type ProposalStatus = Static<typeof ProposalStatus>;

export const ProposalParams = Type.Object({ orgId: Uuid, proposalId: Uuid }, { additionalProperties: false });
export type ProposalParams = Static<typeof ProposalParams>;

export const Proposal = Type.Object({
  id: Uuid,
  /** The proposing (lower) organisation and the one asked (above it). */
  fromOrgId: Uuid,
  fromOrgName: Text(),
  toOrgId: Uuid,
  toOrgName: Text(),
  /** The proposer's own item the news is about, if any (null once deleted). */
  itemId: Type.Union([Uuid, Type.Null()]),
  title: Text(),
  text: Text(),
  url: Type.Union([Text(), Type.Null()]),
  status: ProposalStatus,
  /** Why it was declined. */
  reason: Type.Union([Text(), Type.Null()]),
  /** The item the higher organisation planned on accepting it. */
  acceptedItemId: Type.Union([Uuid, Type.Null()]),
  createdAt: Instant,
  createdBy: Type.Union([ItemEditor, Type.Null()]),
  answeredAt: Type.Union([Instant, Type.Null()]),
  answeredBy: Type.Union([ItemEditor, Type.Null()]),
  version: Version,
});
export type Proposal = Static<typeof Proposal>;

/** `outgoing`: proposals this organisation made (default); `incoming`: those made to it. */
export const ProposalListQuery = Type.Object(
  {
    direction: Type.Optional(literalUnion(['outgoing', 'incoming'] as const)),
    status: Type.Optional(ProposalStatus),
  },
  { additionalProperties: false },
);
export type ProposalListQuery = Static<typeof ProposalListQuery>;

export const ProposalList = Type.Object({ proposals: Type.Array(Proposal) });
export type ProposalList = Static<typeof ProposalList>;

/**
 * A proposal to an organisation above the proposer (by default its parent). With `itemId` (one of
 * the proposer's items) the title, text (its news hook and notes) and URL default from that item;
 * without it a title is required.
 */
export const ProposalCreate = Type.Object(
  {
    toOrgId: Type.Optional(Uuid),
    itemId: Type.Optional(Uuid),
    title: Type.Optional(Words(500)),
    text: Type.Optional(Text({ maxLength: 20_000 })),
    url: Type.Optional(PlacementUrl),
  },
  { additionalProperties: false },
);
export type ProposalCreate = Static<typeof ProposalCreate>;

/** Accepting puts an item in the higher organisation's plan: when, what kind, on which channels. */
export const ProposalAccept = Type.Object(
  {
    version: Type.Optional(Version),
    at: ItemAt,
    kind: Type.Optional(ItemKind),
    title: Type.Optional(Words(500)),
    channelIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type ProposalAccept = Static<typeof ProposalAccept>;

export const ProposalDecline = Type.Object(
  { version: Type.Optional(Version), reason: Words(2000) },
  { additionalProperties: false },
);
export type ProposalDecline = Static<typeof ProposalDecline>;
