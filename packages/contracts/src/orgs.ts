import { FIGURE_NAME_PATTERN, ORGANISATION_KINDS } from '@ritm/domain/organisation';
import { Type, type Static } from 'typebox';
import { Capability, Role } from './auth.js';
import { literalUnion, Text, Uuid, Version } from './common.js';

export const OrgKind = literalUnion(ORGANISATION_KINDS, {
  description: 'Employment authority or centre, or a trade union body (central, territorial, primary)',
});
export type OrgKind = Static<typeof OrgKind>;

const OrgName = Text({ minLength: 1, maxLength: 300 });
/** An IANA time zone name; the server checks that it knows it. */
export const TimeZoneName = Text({ minLength: 1, maxLength: 64, examples: ['Europe/Moscow', 'Asia/Vladivostok'] });
const MemberCount = Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()], {
  description: 'Union members or staff; null when unknown',
});
/** Reported figures by name, e.g. `{"solidarnost_copies": 5, "info_budget_percent": 4.5}`. */
export const Figures = Type.Record(Type.String({ pattern: FIGURE_NAME_PATTERN }), Type.Number({ minimum: 0 }), {
  maxProperties: 50,
  additionalProperties: false,
});

export const Organisation = Type.Object({
  id: Uuid,
  parentId: Type.Union([Uuid, Type.Null()]),
  name: Text(),
  kind: OrgKind,
  timezone: Text(),
  members: Type.Union([Type.Integer(), Type.Null()]),
  figures: Type.Record(Type.String(), Type.Number()),
  depth: Type.Integer({ minimum: 0 }),
  version: Version,
  /** The caller's strongest role here (inherited from above; admin for a system administrator). */
  role: Role,
  /** Every role the caller holds here, when memberships on several levels combine. */
  roles: Type.Array(Role),
  /** What the caller may do here, from every role they hold here (inherited ones included). */
  capabilities: Type.Array(Capability),
});
export type Organisation = Static<typeof Organisation>;

export const OrganisationList = Type.Object({ organisations: Type.Array(Organisation) });

export const CreateOrgBody = Type.Object(
  {
    name: OrgName,
    kind: OrgKind,
    parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    timezone: Type.Optional(TimeZoneName),
    members: Type.Optional(MemberCount),
    figures: Type.Optional(Figures),
  },
  { additionalProperties: false },
);
export type CreateOrgBody = Static<typeof CreateOrgBody>;

export const UpdateOrgBody = Type.Object(
  {
    /** Moves the organisation, with everything below it, under another one the caller administers. */
    parentId: Type.Optional(Uuid),
    name: Type.Optional(OrgName),
    kind: Type.Optional(OrgKind),
    timezone: Type.Optional(TimeZoneName),
    members: Type.Optional(MemberCount),
    figures: Type.Optional(Figures),
    version: Type.Optional(Version),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOrgBody = Static<typeof UpdateOrgBody>;

export const Member = Type.Object({
  userId: Uuid,
  email: Text(),
  name: Text(),
  role: Role,
  /** Where the role was given: this organisation, or one above it whose role reaches down here. */
  orgId: Uuid,
  orgName: Text(),
  /** Given above: changed or taken away there, not here. */
  inherited: Type.Boolean(),
  version: Version,
});
export type Member = Static<typeof Member>;

export const MemberList = Type.Object({ members: Type.Array(Member) });

export const AddMemberBody = Type.Object(
  { email: Text({ minLength: 3, maxLength: 320 }), role: Role },
  { additionalProperties: false },
);
export type AddMemberBody = Static<typeof AddMemberBody>;

export const UpdateMemberBody = Type.Object({ role: Role, version: Type.Optional(Version) }, { additionalProperties: false });
export type UpdateMemberBody = Static<typeof UpdateMemberBody>;

export const MemberParams = Type.Object({ orgId: Uuid, userId: Uuid }, { additionalProperties: false });
