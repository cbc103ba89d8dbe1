/**
 * `pnpm bench:report`: the reports of issue 12 on a large tree in a real PostgreSQL (not a test).
 *
 * Generates the tree `pnpm bench:api` uses (2,500 organisations: 1 region, 49 districts, 2,450
 * centres, 4 channels each, the preset norms, BENCH_ITEMS items over a year, 1,000,000 unless
 * told), then measures in one run, each with its time and its peak RSS above the RSS before it:
 * - the baseline: the bare compliance summary of the same tree for the quarter (judged in the
 *   same batches, no cache), the floor a report cannot go under;
 * - the same report judged and laid out with no file written (what the file costs on top);
 * - the compliance report of the whole tree for the quarter as XLSX, streamed into a sink that
 *   counts bytes (as the response would take them);
 * - the same report as PDF for one district (51 organisations), and the whole tree's PDF refused
 *   (above PDF_MAX_ORGANISATIONS);
 * - the annual review of the whole tree as XLSX.
 * Aim: the 2,500-organisation quarter report under 30 s, its memory flat (RSS growth not rising with the tree).
 *
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL) names the server; the data goes into a schema of its
 * own, dropped at the end (BENCH_SCHEMA=<name> keeps and reuses it).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { HttpError } from '../src/http/errors.js';
import { inOneSnapshot, judgingInputs } from '../src/repositories/judging-inputs.js';
import { findOrgContext } from '../src/repositories/org-context.js';
import { judgeContributions, summaryOf, todaysOf } from '../src/services/compliance.js';
import { annualReviewFile, complianceReportFile, PDF_MAX_ORGANISATIONS } from '../src/services/report-files.js';
import { writeAnnualReview, writeComplianceReport } from '../src/services/reports.js';
import { generateTree } from './dataset.js';

const TODAY = '2026-11-22';
const QUARTER = { from: '2026-10-01', to: '2026-12-31' };
const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);

const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
if (!url) {
  process.stderr.write('bench:report needs a PostgreSQL server: set BENCH_DATABASE_URL (see bench/api.bench.ts for starting one)\n');
  process.exit(1);
}
const log = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** Counts the bytes a report writes, as a response would take them, keeping none. */
class Sink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    done();
  }
}

/** Runs `work`, sampling RSS every 20 ms: its time and the peak RSS above the RSS before it. */
async function measured<T>(label: string, work: () => Promise<T>): Promise<T> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    log(`  ${label.padEnd(58)} ${((performance.now() - start) / 1000).toFixed(2).padStart(7)} s   peak RSS +${mb(peak - before)}`);
    return result;
  } finally {
    clearInterval(sampler);
  }
}

const kept = process.env.BENCH_SCHEMA;
const schema = kept ?? `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const reuse = kept !== undefined && (await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [kept])).rowCount === 1;
if (!reuse) await admin.query(`CREATE SCHEMA ${schema}`);
const database = await openDatabase({ databaseUrl: url, schema, poolSize: 4 });
const { db } = database;

try {
  await migrateToLatest(db);
  const start = performance.now();
  const rootId = reuse
    ? (await db.selectFrom('organisations').select('id').where('depth', '=', 0).executeTakeFirstOrThrow()).id
    : await generateTree(db, { districts: 49, centresPerDistrict: 50, items: ITEMS, today: TODAY });
  if (reuse) await sql`VACUUM ANALYZE`.execute(db);
  log(`${reuse ? 'Reused' : 'Generated'} 2,500 organisations and ${ITEMS.toLocaleString('en')} items in schema ${schema} (${((performance.now() - start) / 1000).toFixed(1)} s)\n`);
  const root = (await findOrgContext(db, rootId))!;
  const districtId = (await db.selectFrom('organisations').select('id').where('depth', '=', 1).orderBy('path').executeTakeFirstOrThrow()).id;
  const district = (await findOrgContext(db, districtId))!;
  const when = { asOf: TODAY, now: new Date() };
  const target = (out: Writable) => ({ rootName: root.name, lang: 'ru' as const, out });

  log('The whole tree for a quarter:');
  for (let round = 1; round <= 2; round++) {
    await measured(`baseline: the bare compliance summary (round ${round})`, () =>
      inOneSnapshot(db, async (trx) => {
        const inputs = await judgingInputs(trx, { root, subtree: true });
        const orgs = inputs.organisations.map(({ org }) => org);
        const judged = await judgeContributions(trx, await inputs.load(orgs), QUARTER, todaysOf(when));
        return summaryOf(root, orgs, orgs.map((o) => judged.get(o.id)!), TODAY);
      }),
    );
    let lines = 0;
    let items = 0;
    await measured(`the same report judged and laid out, no file (round ${round})`, () =>
      writeComplianceReport(db, root, QUARTER, when, {
        start: () => {},
        organisation: (part) => void (lines += part.lines.length),
        items: (batch) => void (items += batch.length),
        materials: () => {},
        finish: () => {},
      }),
    );
    log(`    ${lines.toLocaleString('en')} norm rows, ${items.toLocaleString('en')} evidence and overdue items`);
    const sink = new Sink();
    await measured(`compliance report, XLSX streamed (round ${round})`, async () => {
      await writeComplianceReport(db, root, QUARTER, when, complianceReportFile('xlsx', target(sink), QUARTER));
      await finished(sink);
    });
    log(`    ${mb(sink.bytes)} of XLSX`);
  }
  const pdfSink = new Sink();
  await measured('compliance report, PDF of one district (51 organisations)', () => writeComplianceReport(db, district, QUARTER, when, complianceReportFile('pdf', target(pdfSink), QUARTER)));
  log(`    ${mb(pdfSink.bytes)} of PDF`);
  const refused = await writeComplianceReport(db, root, QUARTER, when, complianceReportFile('pdf', target(new Sink()), QUARTER)).then(
    () => 'written (unexpected)',
    (error: unknown) => (error instanceof HttpError ? `refused: ${error.messageIn('en')}` : String(error)),
  );
  log(`  compliance report, PDF of the whole tree (bound ${PDF_MAX_ORGANISATIONS}): ${refused}`);
  const reviewSink = new Sink();
  await measured('annual review 2026, XLSX streamed', async () => {
    await writeAnnualReview(db, root, 2026, when, annualReviewFile('xlsx', target(reviewSink), 2026));
    await finished(reviewSink);
  });
  log(`    ${mb(reviewSink.bytes)} of XLSX`);
} finally {
  await database.close();
  if (kept === undefined) await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}
