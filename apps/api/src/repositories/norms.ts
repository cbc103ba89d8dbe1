import { sql, type Kysely, type Transaction } from 'kysely';
import type { EffectiveNorm, NormAdjustment, NormDefinition } from '@ritm/contracts/norms';
import type { Norm } from '@ritm/domain/norm';
import { inheritNorms } from '@ritm/domain/norm-inheritance';
import type { DB } from '../db/schema.js';
import type { OrganisationContext } from './org-context.js';

/** A norm row with what resolving overrides needs. */
export interface NormRow {
  id: string;
  orgId: string;
  orgName: string;
  depth: number;
  key: string;
  preset: string | null;
  /** The `ritm check` norm without its `id` (the key is the id). */
  definition: Record<string, unknown>;
  enabled: boolean;
  version: number;
  /** The waiver or adjustment this row makes of the norm from above, or null. */
  adjustment: StoredAdjustment | null;
}

/** Who waived or adjusted a norm, when and why, as stored on the override row. */
export interface StoredAdjustment {
  /** The user's name; null once the account is deleted. */
  by: string | null;
  at: Date;
  reason: string;
}

function selectNormRows(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('norms as n')
    .innerJoin('organisations as o', 'o.id', 'n.org_id')
    .leftJoin('users as u', 'u.id', 'n.adjusted_by')
    .select(['n.id', 'n.org_id', 'o.name', 'o.depth', 'n.key', 'n.preset', 'n.definition', 'n.enabled', 'n.version', 'n.adjusted_at', 'n.adjust_reason', 'u.name as adjusted_by_name'])
    .orderBy('o.depth')
    .orderBy('n.created_at')
    .orderBy('n.id');
}

/** A row as `selectNormRows` selects it. */
type SelectedNorm = Awaited<ReturnType<ReturnType<typeof selectNormRows>['executeTakeFirstOrThrow']>>;

function toRow(row: SelectedNorm): NormRow {
  return {
    id: row.id,
    orgId: row.org_id,
    orgName: row.name,
    depth: row.depth,
    key: row.key,
    preset: row.preset,
    definition: row.definition,
    enabled: row.enabled,
    version: row.version,
    adjustment: row.adjusted_at === null || row.adjust_reason === null ? null : { by: row.adjusted_by_name, at: row.adjusted_at, reason: row.adjust_reason },
  };
}

/** Norm rows of the organisation and those above it, top first. */
export async function normRowsOfLineage(db: Kysely<DB> | Transaction<DB>, org: OrganisationContext): Promise<NormRow[]> {
  const rows = await selectNormRows(db).where('n.org_id', 'in', org.lineage).execute();
  return rows.map(toRow);
}

/** Norm rows of a whole subtree and of the organisations above it, in one query. */
export async function normRowsOfSubtree(db: Kysely<DB>, root: OrganisationContext): Promise<NormRow[]> {
  const rows = await selectNormRows(db)
    .where((eb) => eb.or([eb('n.org_id', 'in', root.lineage), eb('o.path', 'like', sql<string>`${root.path} || '%'`)]))
    .execute();
  return rows.map(toRow);
}

/**
 * For a summary's marks: the rows, along the subtree and above it, of every key that some row
 * there waives or adjusts (an adjustment can itself be overridden lower down, so all rows of the
 * key are needed to tell where it binds). Usually none, after one small statement.
 */
export async function adjustedNormRows(db: Kysely<DB> | Transaction<DB>, root: OrganisationContext): Promise<NormRow[]> {
  const inScope = (alias: 'n' | 'a', org: 'o' | 'ao') =>
    sql<boolean>`(${sql.ref(`${alias}.org_id`)} = any(${root.lineage}::uuid[]) or ${sql.ref(`${org}.path`)} like ${root.path} || '%')`;
  const rows = await selectNormRows(db)
    .where(inScope('n', 'o'))
    .where('n.key', 'in', (eb) =>
      eb
        .selectFrom('norms as a')
        .innerJoin('organisations as ao', 'ao.id', 'a.org_id')
        .select('a.key')
        .where('a.adjusted_at', 'is not', null)
        .where(inScope('a', 'ao')),
    )
    .execute();
  return rows.map(toRow);
}

export interface ResolvedNorm {
  row: NormRow;
  /** A row with the same key further up exists. */
  overrides: boolean;
}

/**
 * The norms in force along a lineage (root first), by the domain's inheritance rule
 * (`inheritNorms`): for each key the row of the nearest organisation wins; a disabled winner
 * switches the norm off below it.
 */
export function resolveNorms(lineage: readonly string[], rowsByOrg: ReadonlyMap<string, readonly NormRow[]>): Map<string, ResolvedNorm> {
  const resolved = new Map<string, ResolvedNorm>();
  for (const [key, { setting, overrides }] of inheritNorms(lineage, rowsByOrg)) resolved.set(key, { row: setting, overrides });
  return resolved;
}

export function groupByOrg<T extends { orgId: string }>(rows: readonly T[]): Map<string, T[]> {
  const byOrg = new Map<string, T[]>();
  for (const row of rows) {
    const list = byOrg.get(row.orgId);
    if (list) list.push(row);
    else byOrg.set(row.orgId, [row]);
  }
  return byOrg;
}

/** The domain's norm of a row: its definition with the key as id. */
export function toDomainNorm(row: NormRow): Norm {
  return { ...row.definition, id: row.key } as unknown as Norm;
}

/** A row's waiver or adjustment as the API answers it, or null. */
export function adjustmentOf(row: NormRow): NormAdjustment | null {
  return row.adjustment === null ? null : { by: row.adjustment.by, at: row.adjustment.at.toISOString(), reason: row.adjustment.reason, waived: !row.enabled };
}

/** What an effective norm says beyond its row: who set it above, and what the caller may do with it. */
export interface NormStanding {
  setBy: EffectiveNorm['setBy'];
  may: EffectiveNorm['may'];
}

export function toEffectiveNorm(resolved: ResolvedNorm, orgId: string, standing: NormStanding): EffectiveNorm {
  const { row, overrides } = resolved;
  return {
    key: row.key,
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    inherited: row.orgId !== orgId,
    overrides,
    preset: row.preset,
    enabled: row.enabled,
    norm: toDomainNorm(row) as unknown as NormDefinition,
    version: row.version,
    setBy: standing.setBy,
    adjustment: adjustmentOf(row),
    may: standing.may,
  };
}

/** The effective norms of one organisation (enabled or not), in order. */
export async function effectiveNorms(db: Kysely<DB> | Transaction<DB>, org: OrganisationContext): Promise<ResolvedNorm[]> {
  const rows = await normRowsOfLineage(db, org);
  return [...resolveNorms(org.lineage, groupByOrg(rows)).values()];
}

/** A norm in force at an organisation beside the one in force just above it (what it inherits), if any. */
export interface NormWithAbove {
  current: ResolvedNorm;
  above: ResolvedNorm | undefined;
}

/**
 * The effective norms of one organisation (as {@link effectiveNorms}), each with the norm in
 * force at its parent under the same key: the norm it inherits, which a change here must not
 * loosen without an adjustment.
 */
export async function normsWithAbove(db: Kysely<DB> | Transaction<DB>, org: OrganisationContext): Promise<NormWithAbove[]> {
  const byOrg = groupByOrg(await normRowsOfLineage(db, org));
  const above = resolveNorms(org.lineage.slice(0, -1), byOrg);
  return [...resolveNorms(org.lineage, byOrg).values()].map((current) => ({ current, above: above.get(current.row.key) }));
}

export interface NewNorm {
  key: string;
  preset: string | null;
  /** The definition without its id, as stored. */
  definition: Record<string, unknown>;
  enabled?: boolean;
  /** A waiver or adjustment of the norm from above (see migration 20261126T0100). */
  adjustment?: NormAdjustmentWrite;
}

/** An adjustment as written: by whom (a user id), when and why. */
export interface NormAdjustmentWrite {
  by: string;
  at: Date;
  reason: string;
}

/** The adjustment columns of a norm row, or the columns that clear them (`null`). */
export function adjustmentColumns(adjustment: NormAdjustmentWrite | null) {
  return { adjusted_by: adjustment?.by ?? null, adjusted_at: adjustment?.at ?? null, adjust_reason: adjustment?.reason ?? null };
}

/**
 * Adds norms to an organisation. `skipExisting`: a key the organisation has already is left as
 * it is (applying a preset again); otherwise it breaks the unique index (23505).
 * @returns the rows added.
 */
export async function insertNorms(
  trx: Transaction<DB>,
  orgId: string,
  norms: readonly NewNorm[],
  options: { skipExisting?: boolean } = {},
): Promise<Array<{ id: string; key: string; version: number; definition: Record<string, unknown> }>> {
  if (norms.length === 0) return [];
  let query = trx.insertInto('norms').values(
    norms.map((norm) => ({
      org_id: orgId,
      key: norm.key,
      preset: norm.preset,
      definition: JSON.stringify(norm.definition),
      ...(norm.enabled !== undefined && { enabled: norm.enabled }),
      ...(norm.adjustment !== undefined && adjustmentColumns(norm.adjustment)),
    })),
  );
  if (options.skipExisting) query = query.onConflict((oc) => oc.columns(['org_id', 'key']).doNothing());
  return query.returning(['id', 'key', 'version', 'definition']).execute();
}

/** The organisation's own row of a norm (not one inherited from above). */
export async function findOwnNorm(db: Kysely<DB> | Transaction<DB>, orgId: string, key: string) {
  return db
    .selectFrom('norms')
    .select(['id', 'key', 'preset', 'definition', 'enabled', 'adjusted_at', 'adjust_reason'])
    .where('org_id', '=', orgId)
    .where('key', '=', key)
    .executeTakeFirst();
}
