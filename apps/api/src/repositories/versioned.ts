import { sql, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../db/schema.js';

/** Tables whose rows carry `version` and `updated_at` (every mutable resource). */
export type VersionedTable = {
  [T in keyof DB]: DB[T] extends { version: unknown; updated_at: unknown } ? T : never;
}[keyof DB];

/** A row's identity: its `id`, or the columns of a composite key (`{ user_id, org_id }` for memberships). */
export type RowKey = string | Readonly<Record<string, string>>;

/** What the caller may change: anything but the bookkeeping the helper keeps itself. */
export type VersionedChanges<T extends VersionedTable> = Omit<Updateable<DB[T]>, 'version' | 'updated_at' | 'created_at'>;

/** The `returning` columns of a versioned write, as selected, plus the row's `version`. */
export type Returned<T extends VersionedTable, C extends keyof DB[T]> = {
  [K in C]: DB[T][K] extends { __select__: infer S } ? S : DB[T][K];
} & { version: number };

/**
 * What a conditional write did: wrote the row (`written`, with its `returning` columns), found no
 * such row (`missing`), or found it at another version (`stale`, with the version it has now).
 * The caller decides the answer (404, 409 with `currentVersion`).
 */
export type VersionedWrite<R> = { kind: 'written'; row: R } | { kind: 'missing' } | { kind: 'stale'; currentVersion: number };

/** A written row passed through `map`; a miss stays what it is. */
export function mapWritten<R, S>(write: VersionedWrite<R>, map: (row: R) => S): VersionedWrite<S> {
  return write.kind === 'written' ? { kind: 'written', row: map(write.row) } : write;
}

// Kysely cannot type a query over a table chosen at run time; the public signatures above are
// typed, and inside, every versioned table has the columns used here.
type AnyRow = Record<string, unknown>;
type LooseDb = Record<string, AnyRow>;

function whereKey<Q extends { where: (column: string, op: '=', value: unknown) => Q }>(query: Q, key: RowKey): Q {
  const columns: Record<string, string> = typeof key === 'string' ? { id: key } : key;
  return Object.entries(columns).reduce((q, [column, value]) => q.where(column, '=', value), query);
}

/** Why a conditional write touched nothing: the row is gone or someone wrote first. */
async function explainMiss(trx: Transaction<LooseDb>, table: string, key: RowKey): Promise<VersionedWrite<never>> {
  const current = (await whereKey(trx.selectFrom(table).select('version'), key).executeTakeFirst()) as
    | { version: number }
    | undefined;
  return current ? { kind: 'stale', currentVersion: current.version } : { kind: 'missing' };
}

/**
 * Updates one row only if it still has the version the client edited, in one statement:
 * `UPDATE t SET …, version = version + 1, updated_at = now() WHERE <key> AND version = $expected
 * RETURNING …`. The database decides between concurrent writers (the row lock makes the second
 * writer re-check `version` after the first commits), so no acknowledged write is lost and no
 * update silently overwrites another. Run it inside the transaction that also records the audit row.
 *
 * @param key the row's `id`, or a composite key as an object of columns.
 * @param returning columns to read back from the updated row (`version` is always included).
 * @returns `written` with the updated row's `returning` columns and its new `version`; `missing`
 * when the row does not exist; `stale` with `currentVersion` when it has another version.
 *
 * @example
 * const write = await updateVersioned(trx, 'organisations', orgId, expectedVersion(request), { name: 'ППО «Ритм»' });
 * @example
 * await updateVersioned(trx, 'memberships', { user_id: userId, org_id: orgId }, 3, { role: 'editor' }, ['role']);
 */
export async function updateVersioned<T extends VersionedTable, C extends keyof DB[T] & string = never>(
  trx: Transaction<DB>,
  table: T,
  key: RowKey,
  expected: number,
  changes: VersionedChanges<T>,
  returning: readonly C[] = [],
): Promise<VersionedWrite<Returned<T, C>>> {
  const loose = trx as unknown as Transaction<LooseDb>;
  const query = loose
    .updateTable(table as string)
    .set({ ...(changes as AnyRow), version: sql`version + 1`, updated_at: sql`now()` })
    .where('version', '=', expected)
    .returning([...new Set(['version', ...returning])]);
  const row = await whereKey(query, key).executeTakeFirst();
  if (!row) return explainMiss(loose, table, key);
  return { kind: 'written', row: row as Returned<T, C> };
}

/**
 * Deletes one row only if it still has the version the client saw (same rules as
 * {@link updateVersioned}). Children that must stop a delete are the caller's to check first.
 *
 * @returns `written` with the deleted row's `returning` columns (for the audit row's `before`),
 * or `missing` / `stale` as {@link updateVersioned}.
 *
 * @example
 * const before = await deleteVersioned(trx, 'channels', channelId, 4, ['name', 'type']);
 */
export async function deleteVersioned<T extends VersionedTable, C extends keyof DB[T] & string = never>(
  trx: Transaction<DB>,
  table: T,
  key: RowKey,
  expected: number,
  returning: readonly C[] = [],
): Promise<VersionedWrite<Returned<T, C>>> {
  const loose = trx as unknown as Transaction<LooseDb>;
  const query = loose
    .deleteFrom(table as string)
    .where('version', '=', expected)
    .returning([...new Set(['version', ...returning])]);
  const row = await whereKey(query, key).executeTakeFirst();
  if (!row) return explainMiss(loose, table, key);
  return { kind: 'written', row: row as Returned<T, C> };
}
