import type { Kysely } from 'kysely';
import { hasCapability } from '@ritm/domain/access';
import type { Norm } from '@ritm/domain/norm';
import { loosenings, mayAdjust, type LoosenableField, type NormInForce } from '@ritm/domain/norm-governance';
import { rolesIn, type Principal } from '../auth/access.js';
import type { DB } from '../db/schema.js';
import { HttpError } from '../http/errors.js';
import { message } from '../http/messages.js';
import { toDomainNorm, type NormStanding, type NormWithAbove, type ResolvedNorm } from '../repositories/norms.js';
import { isInArchive } from '../repositories/orgs.js';

/*
 * Norm governance at the API (the rules are the domain's, `@ritm/domain/norm-governance`): what a
 * change loosens against the norm from above, and what the caller may do with each norm. The
 * admin shows what this says; it never works out roles itself.
 */

/** A resolved norm as the domain judges it. */
export const inForce = (resolved: ResolvedNorm): NormInForce => ({ norm: toDomainNorm(resolved.row), enabled: resolved.row.enabled });

/** What a proposed norm at an organisation loosens against the norm it inherits (nothing when it inherits none). */
export function loosenedFields(entry: Pick<NormWithAbove, 'above'>, proposed: { norm: Norm; enabled: boolean }): LoosenableField[] {
  return entry.above === undefined ? [] : loosenings(inForce(entry.above), proposed);
}

/** Whether the caller holds `norm.adjust` at the organisation that set the norm an entry inherits (or above it). */
export async function mayAdjustNorm(db: Kysely<DB>, user: Principal, entry: Pick<NormWithAbove, 'above'>): Promise<boolean> {
  return entry.above !== undefined && mayAdjust(await rolesIn(db, user, entry.above.row.orgId));
}

/** Who set the norm an organisation inherits, and what the caller may do with it there. */
export async function standingOf(db: Kysely<DB>, user: Principal, orgId: string, entry: NormWithAbove): Promise<NormStanding> {
  // In an archive every norm is read-only (writes there answer 409), so nothing is offered.
  const inArchive = await isInArchive(db, orgId);
  const edit = !inArchive && hasCapability(await rolesIn(db, user, orgId), 'norm.manage');
  const adjust = !inArchive && (await mayAdjustNorm(db, user, entry));
  const own = entry.current.row.orgId === orgId;
  return {
    setBy: entry.above === undefined ? null : { orgId: entry.above.row.orgId, orgName: entry.above.row.orgName },
    may: { edit, adjust, delete: own && (entry.current.row.adjustment !== null ? adjust : edit) },
  };
}

/**
 * 403 `norm_adjust_required`: a change loosens the norm from above, which only the explicit
 * adjustment (`POST …/adjust`, by `norm.adjust` at the organisation that set it) may do. Each
 * loosened field is named as `body.<field>`.
 */
export function adjustRequired(entry: Pick<NormWithAbove, 'above'>, fields: readonly LoosenableField[]): HttpError {
  const setter = entry.above?.row.orgName ?? '';
  return new HttpError(
    403,
    'norm_adjust_required',
    message('normAdjustRequired', { org: setter, fields: fields.join(', ') }),
    fields.map((field) => ({ path: `body.${field}`, message: message(field === 'enabled' ? 'fieldSwitchesOffInherited' : 'fieldLoosensInherited') })),
  );
}
