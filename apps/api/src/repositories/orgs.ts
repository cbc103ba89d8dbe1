import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { KnownOrganisationKind } from '@ritm/domain/organisation';
import type { Role } from '../auth/access.js';
import type { DB, OrganisationRow } from '../db/schema.js';
import { reachesSubtree } from './roles.js';
import { mapWritten, updateVersioned, type VersionedChanges, type VersionedWrite } from './versioned.js';

/** An organisation as the API shows it (without the caller's role). */
export interface OrganisationRecord {
  id: string;
  parentId: string | null;
  name: string;
  kind: KnownOrganisationKind;
  /** The `timezone` column. */
  timeZone: string;
  members: number | null;
  figures: Record<string, number>;
  /** Only confirmed items count toward its norms. */
  countOnlyConfirmed: boolean;
  depth: number;
  path: string;
  version: number;
  /** When it was archived itself (not through one above it), and by whom (null once that user is gone). */
  archivedAt: Date | null;
  archivedBy: string | null;
  /** It or an organisation above it is archived: read-only, and left out of the summaries above it. */
  inArchive: boolean;
}

const columns = [
  'o.id',
  'o.parent_id',
  'o.name',
  'o.kind',
  'o.timezone',
  'o.members',
  'o.figures',
  'o.count_only_confirmed',
  'o.depth',
  'o.path',
  'o.version',
  'o.archived_at',
  'o.archived_by',
] as const;

type SelectedRow = Pick<
  OrganisationRow,
  'id' | 'parent_id' | 'name' | 'kind' | 'timezone' | 'members' | 'figures' | 'count_only_confirmed' | 'depth' | 'path' | 'version' | 'archived_at' | 'archived_by'
> & { in_archive: boolean };

/**
 * Whether the organisation at `path` (a column reference) is archived itself or lies below an
 * archived one. The one place this rule is written in SQL.
 */
export function inArchive(path: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from organisations archived where archived.archived_at is not null and ${sql.ref(path)} like archived.path || '%')`;
}

/**
 * Whether the organisation at `path` (a column reference) lies in an archive that begins below
 * `rootPath`: an archived organisation is not judged in the summaries of those above it, but
 * whoever opens the archived one itself sees it judged.
 */
export function archivedBelow(path: string, rootPath: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from organisations archived where archived.archived_at is not null and ${sql.ref(path)} like archived.path || '%' and archived.path like ${rootPath} || '_%')`;
}

function toOrganisation(row: SelectedRow): OrganisationRecord {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    kind: row.kind,
    timeZone: row.timezone,
    members: row.members,
    figures: row.figures,
    countOnlyConfirmed: row.count_only_confirmed,
    depth: row.depth,
    path: row.path,
    version: row.version,
    archivedAt: row.archived_at,
    archivedBy: row.archived_by,
    inArchive: row.in_archive,
  };
}

export async function findOrg(db: Kysely<DB>, id: string): Promise<OrganisationRecord | undefined> {
  const row = await db.selectFrom('organisations as o').select(columns).select(inArchive('o.path').as('in_archive')).where('o.id', '=', id).executeTakeFirst();
  return row && toOrganisation(row);
}

/**
 * Every organisation in the subtrees of the user's memberships, tree order, each with the roles
 * the user holds there; `null` user scope (a system administrator) sees all, as admin. Archived
 * organisations, and those below them, only with `includeArchived`.
 */
export async function listVisibleOrgs(
  db: Kysely<DB>,
  user: { id: string; isAdmin: boolean },
  options: { includeArchived?: boolean } = {},
): Promise<Array<OrganisationRecord & { roles: Role[] }>> {
  const archived = inArchive('o.path');
  if (user.isAdmin) {
    let query = db.selectFrom('organisations as o').select(columns).select(archived.as('in_archive'));
    if (!options.includeArchived) query = query.where(sql<boolean>`not ${archived}`);
    const rows = await query.orderBy('o.path').execute();
    return rows.map((row) => ({ ...toOrganisation(row), roles: ['admin'] }));
  }
  let query = db
    .selectFrom('organisations as o')
    .innerJoin('organisations as member_org', (join) => join.on(reachesSubtree('member_org.path', 'o.path')))
    .innerJoin('memberships as m', 'm.org_id', 'member_org.id')
    .where('m.user_id', '=', user.id)
    .select(columns)
    .select(archived.as('in_archive'))
    .select(sql<Role[]>`json_agg(DISTINCT m.role)`.as('roles'));
  if (!options.includeArchived) query = query.where(sql<boolean>`not ${archived}`);
  const rows = await query.groupBy(columns).orderBy('o.path').execute();
  return rows.map((row) => ({ ...toOrganisation(row), roles: row.roles }));
}

/** Whether the organisation, or one above it, is archived (false when there is none). */
export async function isInArchive(db: Kysely<DB>, id: string): Promise<boolean> {
  const row = await db.selectFrom('organisations as o').select(inArchive('o.path').as('in_archive')).where('o.id', '=', id).executeTakeFirst();
  return row?.in_archive ?? false;
}

/**
 * Archives an organisation (`by` the user who does it, now) or unarchives it (`by` null) if it
 * still has `expected` version; `written` with its new version.
 */
export async function setArchived(trx: Transaction<DB>, id: string, expected: number, by: string | null): Promise<VersionedWrite<number>> {
  const set: VersionedChanges<'organisations'> = by === null ? { archived_at: null, archived_by: null } : { archived_at: new Date(), archived_by: by };
  return mapWritten(await updateVersioned(trx, 'organisations', id, expected, set), (row) => row.version);
}

export interface NewOrganisation {
  parent: { id: string; path: string; depth: number } | null;
  name: string;
  kind: KnownOrganisationKind;
  timeZone: string;
  members: number | null;
  figures: Record<string, number>;
}

export async function insertOrg(trx: Transaction<DB>, org: NewOrganisation): Promise<OrganisationRecord> {
  // The id is made here because the materialised path ends with it.
  const id = crypto.randomUUID();
  await trx
    .insertInto('organisations')
    .values({
      id,
      parent_id: org.parent?.id ?? null,
      path: `${org.parent?.path ?? '/'}${id}/`,
      depth: org.parent ? org.parent.depth + 1 : 0,
      name: org.name,
      kind: org.kind,
      timezone: org.timeZone,
      members: org.members,
      figures: JSON.stringify(org.figures),
    })
    .execute();
  return (await findOrg(trx, id))!;
}

export type OrganisationChanges = Partial<Pick<OrganisationRecord, 'name' | 'kind' | 'timeZone' | 'members' | 'figures' | 'countOnlyConfirmed'>>;

/** Updates an organisation if it still has `expected` version; `written` with its new version. */
export async function updateOrg(trx: Transaction<DB>, id: string, expected: number, changes: OrganisationChanges): Promise<VersionedWrite<number>> {
  const set: VersionedChanges<'organisations'> = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.kind !== undefined && { kind: changes.kind }),
    ...(changes.timeZone !== undefined && { timezone: changes.timeZone }),
    ...(changes.members !== undefined && { members: changes.members }),
    ...(changes.figures !== undefined && { figures: JSON.stringify(changes.figures) }),
    ...(changes.countOnlyConfirmed !== undefined && { count_only_confirmed: changes.countOnlyConfirmed }),
  };
  return mapWritten(await updateVersioned(trx, 'organisations', id, expected, set), (row) => row.version);
}

/**
 * Moves an organisation under another one, with its whole subtree: materialised paths and depths
 * below it are rewritten in one statement, and every organisation below it whose depth changed
 * gets a new version (the organisation's own is the caller's versioned update). Both rows are locked first, in a fixed order, and the new parent is read after the
 * locks, so two moves at once cannot make a cycle.
 * @returns `moved`; `missing` when either organisation is gone; `cycle` (nothing moved) when the
 * new parent is the organisation or lies below it.
 */
export async function moveOrg(trx: Transaction<DB>, id: string, parentId: string): Promise<'moved' | 'missing' | 'cycle'> {
  const locked = await trx
    .selectFrom('organisations')
    .select(['id', 'path', 'depth'])
    .where('id', 'in', [id, parentId])
    .orderBy('id')
    .forUpdate()
    .execute();
  const org = locked.find((row) => row.id === id);
  const parent = locked.find((row) => row.id === parentId);
  if (!org || !parent) return 'missing';
  if (parent.path.startsWith(org.path)) return 'cycle';
  const path = `${parent.path}${id}/`;
  const shift = parent.depth + 1 - org.depth;
  await trx
    .updateTable('organisations')
    .set({
      path: sql<string>`${path} || substr(path, ${org.path.length + 1})`,
      depth: sql<number>`depth + ${shift}`,
      parent_id: sql<string | null>`case when id = ${id}::uuid then ${parentId}::uuid else parent_id end`,
      version: sql<number>`version + case when id <> ${id}::uuid and ${shift}::int <> 0 then 1 else 0 end`,
      updated_at: sql<Date>`now()`,
    })
    .where('path', 'like', `${org.path}%`)
    .execute();
  return 'moved';
}

/** The roots of every tree (organisations without a parent). */
export async function rootOrgIds(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('organisations').select('id').where('parent_id', 'is', null).orderBy('path').execute()).map((row) => row.id);
}

/** Whether the database holds any organisation at all. */
export async function hasAnyOrg(db: Kysely<DB>): Promise<boolean> {
  const any = await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
  return any !== undefined;
}

export async function hasChildOrgs(db: Kysely<DB>, id: string): Promise<boolean> {
  const child = await db.selectFrom('organisations').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst();
  return child !== undefined;
}

// ---- Memberships ----------------------------------------------------------------------------

export interface MemberRecord {
  userId: string;
  email: string;
  name: string;
  role: Role;
  orgId: string;
  orgName: string;
  inherited: boolean;
  version: number;
  /** Who gave the role and when; null before that was recorded (issue 16) or when that user is gone. */
  grantedBy: { id: string; name: string; email: string } | null;
  grantedAt: Date | null;
  active: boolean;
  mustChangePassword: boolean;
  userVersion: number;
}

/**
 * Everyone with a role in the organisation: memberships given here and those given above it
 * (a role reaches the whole subtree), the nearest first, then by e-mail. A person with roles on
 * several levels appears once for each.
 */
export async function listMembers(db: Kysely<DB>, orgId: string, lineage: readonly string[]): Promise<MemberRecord[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .leftJoin('users as g', 'g.id', 'm.granted_by')
    .select([
      'm.user_id',
      'u.email',
      'u.name',
      'm.role',
      'm.org_id',
      'o.name as org_name',
      'm.version',
      'm.granted_at',
      'g.id as granted_by',
      'g.name as granted_by_name',
      'g.email as granted_by_email',
      'u.disabled_at',
      'u.must_change_password',
      'u.version as user_version',
    ])
    .where('m.org_id', 'in', lineage)
    .orderBy('o.depth', 'desc')
    .orderBy('u.email')
    .execute();
  return rows.map((row) => ({
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    orgId: row.org_id,
    orgName: row.org_name,
    inherited: row.org_id !== orgId,
    version: row.version,
    grantedBy: row.granted_by === null ? null : { id: row.granted_by, name: row.granted_by_name ?? '', email: row.granted_by_email ?? '' },
    grantedAt: row.granted_at,
    active: row.disabled_at === null,
    mustChangePassword: row.must_change_password,
    userVersion: row.user_version,
  }));
}

/** Adds a membership, recording who gave it (none for the demo and the command line); undefined when the user is a member already. */
export async function insertMember(
  trx: Transaction<DB>,
  orgId: string,
  userId: string,
  role: Role,
  grantedBy: string | null = null,
): Promise<{ version: number } | undefined> {
  return trx
    .insertInto('memberships')
    .values({ org_id: orgId, user_id: userId, role, granted_by: grantedBy, granted_at: grantedBy === null ? null : sql<Date>`now()` })
    .onConflict((oc) => oc.columns(['user_id', 'org_id']).doNothing())
    .returning('version')
    .executeTakeFirst();
}

/** The role a user is given on this very organisation (not one inherited from above). */
export async function findMembership(db: Kysely<DB> | Transaction<DB>, orgId: string, userId: string): Promise<{ role: Role } | undefined> {
  return db.selectFrom('memberships').select('role').where('user_id', '=', userId).where('org_id', '=', orgId).executeTakeFirst();
}

