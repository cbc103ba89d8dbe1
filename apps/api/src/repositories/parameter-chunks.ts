/**
 * The most parameters one statement may carry. PostgreSQL's wire protocol counts them in 16 bits:
 * a multi-row insert past 65,535 has its count wrapped by the driver and fails as a protocol
 * violation (08P01, "bind message has 13392 parameter formats but 0 parameters": 21 columns ×
 * 3,760 rows). Both drivers, `pg` and PGlite, meet the same limit.
 */
export const MAX_PARAMETERS = 65_535;

/**
 * Writes `rows` with `write` in as many statements as keep each within {@link MAX_PARAMETERS}:
 * a statement of `.insertInto(…).values(rows)` takes one parameter per row and column (Kysely
 * gives every row the union of the rows' columns), so its size follows its input. Every
 * repository inserting a list whose length a user decides writes through this, rather than each
 * choosing a number of its own. The results come back concatenated, in the rows' order.
 *
 * @example
 * await inParameterChunks(rows, (chunk) => trx.insertInto('items').values(chunk).returning('id').execute());
 */
export async function inParameterChunks<Row extends object, Result>(rows: readonly Row[], write: (chunk: Row[]) => Promise<readonly Result[]>): Promise<Result[]> {
  if (rows.length === 0) return [];
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  const size = rowsPerStatement(columns.size);
  const results: Result[] = [];
  for (let i = 0; i < rows.length; i += size) results.push(...(await write(rows.slice(i, i + size))));
  return results;
}

/**
 * Rows of `columns` parameters each that one statement can carry.
 *
 * @example
 * rowsPerStatement(21); // 3120
 */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns)));
}
