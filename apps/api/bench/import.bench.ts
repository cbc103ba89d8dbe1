/**
 * `pnpm bench:import`: importing a media plan of 10,000 rows on the embedded database (PGlite, in
 * memory), not a test. One run reports, for the same file:
 * - the floor: parsing the CSV alone (decoding, csv-parse), and one bare multi-row INSERT of the
 *   same 10,000 rows into `items` (no checks, no links, no read-back); and, for reference, parsing
 *   the same rows as XLSX;
 * - the preview (dry run: parse, match names, read the organisation's items on those days, plan);
 * - the import itself (one transaction: check, insert, links, audit);
 * - the same file again (finds every item unchanged, writes nothing).
 * Aim: preview and import each under 10 s.
 */
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { runImport } from '../src/services/imports.js';
import { readSpreadsheet } from '../src/services/spreadsheet.js';
import { createOrg } from '../test/fixtures.js';
import { largePlanCsv } from '../test/media-plan-files.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(what: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  log(`  ${what.padEnd(58)} ${seconds(performance.now() - start)}`);
  return result;
}

const database = await openDatabase({ dataDir: 'memory://' });
try {
  await migrateToLatest(database.db);
  const org = await createOrg(database, { timezone: 'Europe/Moscow' });
  const floorOrg = await createOrg(database, { timezone: 'Europe/Moscow' });
  const channels = ['ВКонтакте', 'Telegram', 'Сайт'];
  for (const [i, name] of channels.entries()) {
    await database.db.insertInto('channels').values({ org_id: org.id, type: ['vk', 'telegram', 'website'][i]!, name }).execute();
  }
  const file = Buffer.from(largePlanCsv(ROWS, channels), 'utf8');
  log(`Import of ${ROWS.toLocaleString('en')} rows (${(file.length / 1_048_576).toFixed(2)} MB of CSV) on PGlite in memory`);
  log('Baseline (same run):');
  const sheets = await timed('parse the CSV only (decode, csv-parse)', () => readSpreadsheet(file));
  await timed('one bare INSERT of the same rows into items', () =>
    database.db.transaction().execute(async (trx) => {
      const rows = sheets[0]!.rows.slice(1).map((r, i) => ({
        org_id: floorOrg.id,
        kind: 'post',
        title: String(r[1]),
        status: 'planned' as const,
        at_date: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`,
        local_day: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`,
      }));
      for (let i = 0; i < rows.length; i += 2000) await trx.insertInto('items').values(rows.slice(i, i + 2000)).execute();
    }),
  );
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('План').addRows(sheets[0]!.rows.map((r) => [...r]));
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
  await timed(`parse the same rows as XLSX (exceljs, ${(xlsx.length / 1_048_576).toFixed(2)} MB)`, () => readSpreadsheet(xlsx));
  log('Import:');
  const run = (dryRun: boolean) => runImport(database.db, { orgId: org.id, userId: null, sheets, dryRun, lang: 'ru', now: Date.parse('2026-11-26T12:00:00Z') });
  const preview = await timed('preview (dry run) from parsed sheets', () => run(true));
  const written = await timed('import: write all rows in one transaction', () => run(false));
  const again = await timed('the same file again (all unchanged)', () => run(false));
  const end = await timed('parse + import, from the file’s bytes (again, unchanged)', async () => run(false).then(async () => readSpreadsheet(file)));
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from items where org_id = ${org.id}`.execute(database.db);
  log(`Results: preview ${preview.preview.created} to create; written ${written.preview.created}; again ${again.preview.unchanged} unchanged; items stored ${rows[0]!.n}; ${end.length} sheet`);
  if (!preview.ok || !written.ok || written.preview.created !== ROWS || again.preview.unchanged !== ROWS || rows[0]!.n !== ROWS) {
    log('UNEXPECTED: the import did not write every row exactly once');
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
