import { FIGURE_NAME_PATTERN, ORGANISATION_KINDS } from '@ritm/domain/organisation';
import { Type, type Static } from 'typebox';
import { Capability, Role } from './auth.js';
import { Instant, literalUnion, Text, Uuid, Version, Words } from './common.js';
import { Email } from './users.js';

/**
 * An organisation kind the API stores: its static type is the domain's `KnownOrganisationKind`
 * (the domain's `OrganisationKind` also admits a `ritm check` scenario's own kinds), so the
 * contract names no type of its own.
 */
export const OrganisationKind = literalUnion(ORGANISATION_KINDS, {
  description: 'Employment authority or centre, or a trade union body (central, territorial, primary)',
});

const OrganisationName = Words(300);
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
  kind: OrganisationKind,
  /**
   * The organisation's IANA time zone. The wire field (and the database column) is spelled
   * `timezone` and stays so: renaming it would break API clients and stored audit entries. In
   * TypeScript, everything that is not this field says `timeZone`, as the domain does.
   */
  timezone: Text(),
  members: Type.Union([Type.Integer(), Type.Null()]),
  figures: Type.Record(Type.String(), Type.Number()),
  /** Only confirmed items (a URL or an attachment) count toward this organisation's norms; not inherited. */
  countOnlyConfirmed: Type.Boolean(),
  depth: Type.Integer({ minimum: 0 }),
  version: Version,
  /** The caller's strongest role here (inherited from above; admin for a system administrator). */
  role: Role,
  /** Every role the caller holds here, when memberships on several levels combine. */
  roles: Type.Array(Role),
  /** What the caller may do here, from every role they hold here (inherited ones included); an archive withholds every change to its content. */
  capabilities: Type.Array(Capability),
  /** When it was archived itself; null when it is not (it may still be archived with one above it: `inArchive`). */
  archivedAt: Type.Union([Instant, Type.Null()]),
  /** Who archived it (null when not archived, or that user is gone). */
  archivedBy: Type.Union([Uuid, Type.Null()]),
  /** It or an organisation above it is archived: read-only, hidden by default, not judged in the summaries above it. */
  inArchive: Type.Boolean(),
});
export type Organisation = Static<typeof Organisation>;

export const OrganisationList = Type.Object({ organisations: Type.Array(Organisation) });

export const OrganisationListQuery = Type.Object(
  {
    /** List archived organisations (and those below them) too; hidden by default. */
    includeArchived: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type OrganisationListQuery = Static<typeof OrganisationListQuery>;

/** Archiving or unarchiving names the version it changes (or `If-Match`). */
export const ArchiveOrganisationBody = Type.Object({ version: Type.Optional(Version) }, { additionalProperties: false });
export type ArchiveOrganisationBody = Static<typeof ArchiveOrganisationBody>;

export const CreateOrganisationBody = Type.Object(
  {
    name: OrganisationName,
    kind: OrganisationKind,
    parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    timezone: Type.Optional(TimeZoneName),
    members: Type.Optional(MemberCount),
    figures: Type.Optional(Figures),
  },
  { additionalProperties: false },
);
export type CreateOrganisationBody = Static<typeof CreateOrganisationBody>;

export const UpdateOrganisationBody = Type.Object(
  {
    /** Moves the organisation, with everything below it, under another one the caller administers. */
    parentId: Type.Optional(Uuid),
    name: Type.Optional(OrganisationName),
    kind: Type.Optional(OrganisationKind),
    timezone: Type.Optional(TimeZoneName),
    members: Type.Optional(MemberCount),
    figures: Type.Optional(Figures),
    countOnlyConfirmed: Type.Optional(Type.Boolean()),
    version: Type.Optional(Version),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOrganisationBody = Static<typeof UpdateOrganisationBody>;

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
  /** Who gave the role; null when unknown (roles given before this was recorded) or that user is gone. */
  grantedBy: Type.Union([Type.Object({ id: Uuid, name: Text(), email: Text() }), Type.Null()]),
  grantedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** The account may sign in (not deactivated). */
  active: Type.Boolean(),
  /** Has not yet replaced the temporary password an administrator was shown. */
  mustChangePassword: Type.Boolean(),
  /** What the caller may do with this row: change or take the role (where it was given), reset the password or (de)activate the account. */
  may: Type.Object({ changeRole: Type.Boolean(), manageUser: Type.Boolean() }),
  /** The user's version, for deactivation and password resets. */
  userVersion: Version,
});
export type Member = Static<typeof Member>;

export const MemberList = Type.Object({ members: Type.Array(Member) });

export const AddMemberBody = Type.Object(
  // Refused as no address when it is none (`not an email`, ` name@example.org` with a space), rather than looked up and not found.
  { email: Email, role: Role },
  { additionalProperties: false },
);
export type AddMemberBody = Static<typeof AddMemberBody>;

export const UpdateMemberBody = Type.Object({ role: Role, version: Type.Optional(Version) }, { additionalProperties: false });
export type UpdateMemberBody = Static<typeof UpdateMemberBody>;

export const MemberParams = Type.Object({ orgId: Uuid, userId: Uuid }, { additionalProperties: false });
