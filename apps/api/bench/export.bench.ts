/**
 * `pnpm bench:export`: a year of one organisation (50,000 items) exported as XLSX and CSV on the
 * embedded database (PGlite, in memory), not a test. One run reports, beside a baseline measured
 * in the same run (the bare SELECT of the same rows, and the import's own query of them, which
 * the export reads a week at a time), each export's time, size and peak RSS growth over the
 * memory in use before it (the exports run first, before any step has held every row at once). Aim: under 5 s each, memory flat.
 */
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { addDays } from '@ritm/domain/local-date';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { itemsOnDays } from '../src/repositories/imports.js';
import { loadExportContext, writeItemsCsv, writeItemsXlsx } from '../src/services/item-export.js';
import { loadOrgContext } from '../src/services/org-context.js';
import { createOrg } from '../test/fixtures.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 50_000);
const FROM = '2026-01-01';
const TO = '2026-12-31';
const log = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** Runs `work`, sampling RSS; answers its time and the peak RSS above the RSS at its start. */
async function measured<T>(what: string, work: () => Promise<T>): Promise<T> {
  global.gc?.();
  const base = process.memoryUsage();
  let peak = base.rss;
  let peakHeap = base.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const sampler = setInterval(sample, 10);
  const start = performance.now();
  try {
    return await work();
  } finally {
    const ms = performance.now() - start;
    clearInterval(sampler);
    sample();
    log(`  ${what.padEnd(56)} ${(ms / 1000).toFixed(2)} s   peak RSS +${mb(peak - base.rss)}, heap +${mb(peakHeap - base.heapUsed)}`);
  }
}

/** A sink that counts the bytes (the file is not kept: memory must stay that of the export). */
function counter(): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      sink.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

const database = await openDatabase({ dataDir: 'memory://' });
try {
  await migrateToLatest(database.db);
  const { id: orgId } = await createOrg(database, { timezone: 'Europe/Moscow' });
  const channelIds: string[] = [];
  for (const [type, name] of [['vk', 'ВКонтакте'], ['telegram', 'Telegram'], ['website', 'Сайт']] as const) {
    channelIds.push((await database.db.insertInto('channels').values({ org_id: orgId, type, name }).returning('id').executeTakeFirstOrThrow()).id);
  }
  const rows = Array.from({ length: ITEMS }, (_, i) => {
    const day = addDays(FROM, i % 365);
    const timed = i % 3 === 0;
    return {
      org_id: orgId,
      kind: i % 5 === 0 ? 'press_release' : 'post',
      title: `Публикация № ${i + 1}: ярмарка вакансий, «ёлка»; итоги`,
      news_hook: i % 2 === 0 ? 'Ярмарка вакансий' : '',
      status: 'planned' as const,
      at_date: timed ? null : day,
      at_instant: timed ? new Date(`${day}T07:30:00Z`) : null,
      local_day: day,
      channel_ids: [channelIds[i % 3]!, ...(i % 4 === 0 ? [channelIds[(i + 1) % 3]!] : [])].sort(),
      views: i % 7 === 0 ? i : null,
      notes: i % 10 === 0 ? 'Примечание с запятой, точкой с запятой; и «кавычками»' : '',
    };
  });
  for (let i = 0; i < rows.length; i += 2000) await database.db.insertInto('items').values(rows.slice(i, i + 2000)).execute();
  const org = await loadOrgContext(database.db, orgId);
  const context = await loadExportContext(database.db, org);
  const request = { orgId, from: FROM, to: TO, context, sheetName: `${FROM} – ${TO}` };
  log(`Export of a year of one organisation (${ITEMS.toLocaleString('en')} items) on PGlite in memory`);
  log('Export:');
  const xlsx = counter();
  await measured('XLSX (exceljs streaming writer)', () => writeItemsXlsx(database.db, request, xlsx));
  const csv = counter();
  await measured('CSV (csv-stringify, UTF-8 with BOM, «;»)', () => writeItemsCsv(database.db, request, csv));
  log('Baseline (same run):');
  await measured('bare SELECT of the same rows (named columns)', () =>
    sql`select id, kind, title, news_hook, format, status, at_date, at_instant, channel_ids, views, notes from items where org_id = ${orgId} and local_day between ${FROM}::date and ${TO}::date`.execute(database.db),
  );
  await measured('the import’s query of the same rows, a week at a time', async () => {
    for (let start = FROM; start <= TO; start = addDays(start, 7)) await itemsOnDays(database.db, orgId, start, addDays(start, 6));
  });
  log(`Files: XLSX ${mb(xlsx.bytes)}, CSV ${mb(csv.bytes)}`);
  if (xlsx.bytes === 0 || csv.bytes === 0) process.exitCode = 1;
} finally {
  await database.close();
}
