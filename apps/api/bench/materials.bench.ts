/**
 * `pnpm bench:materials`: a material sent down the tree to 2,500 organisations, on PostgreSQL
 * (`BENCH_DATABASE_URL`, else `TEST_DATABASE_URL`, else the local server), in a schema of its own
 * dropped afterwards. Not a test. One run reports:
 * 1. The baseline, measured in the same run: one bare multi-row INSERT of 2,500 planned items (the
 *    items repository's `insertItems`, in a transaction rolled back).
 * 2. Sending the material over HTTP (`POST …/materials`, the whole subtree of primaries): every
 *    check, 2,500 task items with their channel links and placements, the plans' `changed` check,
 *    2,500 notifications to the targets' editors, the audit entry — one transaction. Aim: < 5 s.
 * 3. The placement-rate screen (`GET …/materials/:id`, 2,500 placements with status computed in SQL
 *    with each target's today, a third placed, some declined), median and p95. Aim: < 200 ms.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { insertItems } from '../src/repositories/items.js';
import { addMember, createUser, login } from '../test/fixtures.js';

const TERRITORIALS = Number(process.env.BENCH_TERRITORIALS ?? 50);
const PRIMARIES_PER_TERRITORIAL = Number(process.env.BENCH_PRIMARIES ?? 50);
const SCREEN_READS = Number(process.env.BENCH_READS ?? 30);
const URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NOW = new Date('2026-12-02T09:00:00Z');

const log = (line: string) => process.stdout.write(`${line}\n`);
const ms = (value: number) => `${value.toFixed(0)} ms`;
const percentile = (xs: readonly number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function main(): Promise<void> {
  const schema = `bench_materials_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const database = await openDatabase({ databaseUrl: URL, schema, poolSize: 5 });
  try {
    await migrateToLatest(database.db);
    const { db } = database;
    // The tree: a central committee, territorials below it, primaries below each (some in other
    // zones), each primary with a VK page and an editor of its own (who is told of the material).
    const central = randomUUID();
    const orgs = [{ id: central, parent_id: null as string | null, path: `/${central}/`, depth: 0, kind: 'union_central' as const, name: 'ЦК', timezone: 'Europe/Moscow' }];
    for (let t = 0; t < TERRITORIALS; t++) {
      const id = randomUUID();
      const path = `/${central}/${id}/`;
      const timezone = ['Europe/Moscow', 'Asia/Yekaterinburg', 'Asia/Vladivostok'][t % 3]!;
      orgs.push({ id, parent_id: central, path, depth: 1, kind: 'union_territorial' as never, name: `Территориальная ${t + 1}`, timezone });
      for (let p = 0; p < PRIMARIES_PER_TERRITORIAL; p++) {
        const child = randomUUID();
        orgs.push({ id: child, parent_id: id, path: `${path}${child}/`, depth: 2, kind: 'union_primary' as never, name: `Первичка ${t + 1}.${p + 1}`, timezone });
      }
    }
    for (let i = 0; i < orgs.length; i += 1000) await db.insertInto('organisations').values(orgs.slice(i, i + 1000).map((o) => ({ ...o, figures: '{}' }))).execute();
    await sql`INSERT INTO channels (org_id, type, name) SELECT id, 'vk', 'ВКонтакте' FROM organisations WHERE kind = 'union_primary'`.execute(db);
    const editor = await createUser(database, 'central@bench.test');
    await addMember(database, editor.id, central, 'editor');
    await sql`
      WITH u AS (
        INSERT INTO users (email, password_hash) SELECT 'editor-' || id || '@bench.test', ${editor.passwordHash} FROM organisations WHERE kind = 'union_primary'
        RETURNING id, email)
      INSERT INTO memberships (user_id, org_id, role) SELECT u.id, substr(u.email, 8, 36)::uuid, 'editor' FROM u`.execute(db);
    const primaries = orgs.filter((o) => o.kind === ('union_primary' as never));
    log(`materials bench on PostgreSQL: ${primaries.length} primaries under ${TERRITORIALS} territorials`);

    // 1. Baseline: a bare multi-row INSERT of as many items, rolled back.
    const rollback = new Error('rollback');
    let bare = NaN;
    await db
      .transaction()
      .execute(async (trx) => {
        const start = performance.now();
        await insertItems(
          trx,
          primaries.map((o) => ({ org_id: o.id, kind: 'post', title: 'Материал', status: 'planned', at_date: '2026-12-05', local_day: '2026-12-05', created_by: editor.id })),
        );
        bare = performance.now() - start;
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    log(`  baseline: bare INSERT of ${primaries.length} items                 ${ms(bare)}`);

    const app = await buildApp({ config: { ...loadConfig({ LOG_LEVEL: 'silent' }, process.cwd()), adminDist: undefined, jobs: false, now: () => NOW }, database });
    await app.ready();
    try {
      const headers = await login(app, 'central@bench.test');
      // 2. Sending, three times (each a new material to every primary).
      const sends: number[] = [];
      let materialId = '';
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        const response = await app.inject({
          method: 'POST',
          url: `/api/orgs/${central}/materials`,
          headers,
          payload: { title: `Колдоговор ${i + 1}`, text: 'Текст материала', deadline: '2026-12-10', placeOn: '2026-12-05', channelTypes: ['vk'], targetSubtree: true, targetKinds: ['union_primary'] },
        });
        sends.push(performance.now() - start);
        if (response.statusCode !== 201) throw new Error(`send answered ${response.statusCode}: ${response.body}`);
        materialId = response.json().id;
        if (response.json().tally.total !== primaries.length) throw new Error('not every primary got the material');
      }
      log(`  send to ${primaries.length} (tasks, links, placements, notifications), median of 3 ${ms(percentile(sends, 50))} (max ${ms(Math.max(...sends))}; aim < 5000 ms)`);
      // A third placed, a tenth declined, the rest pending (overdue for none: today is before the deadline).
      await sql`UPDATE items SET status = 'published', url = 'https://vk.com/wall' WHERE material_id = ${materialId}::uuid AND random() < 0.33`.execute(db);
      await sql`UPDATE material_placements SET decline_reason = 'Нет возможности' WHERE material_id = ${materialId}::uuid AND random() < 0.1`.execute(db);
      await sql`ANALYZE`.execute(db);

      // 3. The rate screen.
      const reads: number[] = [];
      let body = '';
      for (let i = 0; i < SCREEN_READS; i++) {
        const start = performance.now();
        const response = await app.inject({ method: 'GET', url: `/api/orgs/${central}/materials/${materialId}`, headers });
        reads.push(performance.now() - start);
        body = response.body;
      }
      const detail = JSON.parse(body) as { tally: Record<string, number>; placements: unknown[] };
      log(`  rate screen, ${detail.placements.length} placements (${JSON.stringify(detail.tally)})`);
      log(`    median ${ms(percentile(reads, 50))}, p95 ${ms(percentile(reads, 95))} (aim < 200 ms)`);
      const lists: number[] = [];
      for (let i = 0; i < 10; i++) {
        const start = performance.now();
        await app.inject({ method: 'GET', url: `/api/orgs/${central}/materials`, headers });
        lists.push(performance.now() - start);
      }
      log(`  sent list with tallies (3 materials × ${primaries.length}), median ${ms(percentile(lists, 50))}`);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

await main();
