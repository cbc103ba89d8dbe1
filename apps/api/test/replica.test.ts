import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildReportFile } from '../src/services/report-jobs.js';
import { buildTestApp } from './app.js';
import { createOrg } from './fixtures.js';
import { canRunClusters, createCluster, createReplica, type PgCluster } from './pg-cluster.js';
import { until } from './ritm-process.js';
import { officeInstalled, pdfText } from './office.js';
import { startTcpProxy } from './tcp-proxy.js';
import { addPost, dashboardPaths, readAll, scaleNow, seedTree, type ScaleTree } from './scale-scenario.js';

// DATABASE_READ_URL (issue 17): dashboards and reports read a PostgreSQL streaming replica. This
// file starts its own primary and a hot standby copied from it with `pg_basebackup -R` (the shared
// test server allows no replication), writes through the API on the primary, and reads the same
// dashboards through an app on the primary alone and an app whose reads go to the replica.
describe.runIf(canRunClusters('the read replica test'))('dashboards and reports read from a streaming replica', () => {
  let primary: PgCluster | undefined;
  let replica: PgCluster | undefined;
  let onPrimary: Database;
  let withReplica: Database;
  let writer: App;
  let reader: App;
  let tree: ScaleTree;
  let paths: string[];
  const fallbacks: Error[] = [];

  /** One statement on one server, outside the apps (the replica's replay position, pausing it). */
  const ask = async <T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows[0]!;
    } finally {
      await client.end();
    }
  };
  /** Waits, bounded, until the replica has replayed everything the primary has written so far. */
  const replayed = async () => {
    const { lsn } = await ask<{ lsn: string }>(primary!.url, 'SELECT pg_current_wal_lsn()::text AS lsn');
    await until(async () => (await ask<{ done: boolean }>(replica!.url, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn])).done, 15_000, 'the replica to replay');
  };
  const health = async () => (await reader.inject({ method: 'GET', url: '/api/health' })).json();
  /** A report file's cells, sheet by sheet, as `app` gives it at `url` (the file itself carries the moment it was written). */
  const cellsOf = async (app: App, url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: tree.headers });
    expect(response.statusCode, response.body).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as never);
    return book.worksheets.map((sheet) => [sheet.name, sheet.getSheetValues()]);
  };

  beforeAll(async () => {
    primary = await createCluster();
    await primary.start();
    replica = await createReplica(primary);
    // pg_ctl -w returns once the standby accepts connections (bounded by its own 60 s).
    await replica.start();
    onPrimary = await openDatabase({ databaseUrl: primary.url, poolSize: 4 });
    await migrateToLatest(onPrimary.db);
    withReplica = await openDatabase({ databaseUrl: primary.url, poolSize: 4, readUrl: replica.url, readPoolSize: 2, onReplicaFallback: (error) => fallbacks.push(error) });
    writer = await buildTestApp(onPrimary, { now: scaleNow });
    reader = await buildTestApp(withReplica, { now: scaleNow });
    tree = await seedTree(onPrimary, writer, 'admin@replica.test');
    paths = [
      ...dashboardPaths(tree),
      `/api/orgs/${tree.regionId}/compliance/periods?from=2026-11-01&to=2026-11-30&asOf=2026-11-18&granularity=month`,
      `/api/orgs/${tree.centreIds[1]}/compliance/summary?from=2026-11-01&to=2026-11-30&asOf=2026-11-18`,
    ];
  }, 90_000);
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
    await withReplica?.close();
    await onPrimary?.close();
    await replica?.destroy();
    await primary?.destroy();
  }, 60_000);

  it('answers the summary, periods, compliance, suggestions and the report as the primary does once it has replayed', async () => {
    await replayed();
    const [fromPrimary, fromReplica] = [await readAll(writer, tree, paths), await readAll(reader, tree, paths)];
    for (const path of paths) expect(fromReplica[path], path).toEqual(fromPrimary[path]);
    expect(fallbacks).toEqual([]);
    // The report's cells (the file itself carries the moment it was written).
    const report = `/api/orgs/${tree.regionId}/reports/compliance?from=2026-11-01&to=2026-11-30&asOf=2026-11-18&format=xlsx`;
    const cells = (app: App, url = report) => cellsOf(app, url);
    const primaryCells = await cells(writer);
    expect(JSON.stringify(primaryCells)).toContain('ЦЗН Заречный');
    expect(await cells(reader)).toEqual(primaryCells);
    const review = `/api/orgs/${tree.regionId}/reports/annual-review?year=2026&asOf=2026-11-18&format=xlsx`;
    expect(await cells(reader, review)).toEqual(await cells(writer, review));
    // The report prepared in the background reads the replica too (the handler called as the runner would).
    const asked = await reader.inject({ method: 'POST', url: report.replace('/reports/compliance?', '/reports/compliance/jobs?'), headers: tree.headers });
    expect(asked.statusCode, asked.body).toBe(202);
    const deps = { db: withReplica.db, readDb: reader.readDb, config: reader.ritmConfig, log: { info: () => {}, warn: () => {}, error: () => {} } };
    await buildReportFile(deps, { reportId: asked.json().id }, { attempt: 1, signal: new AbortController().signal });
    expect(await cells(reader, `/api/orgs/${tree.regionId}/report-jobs/${asked.json().id}/file`)).toEqual(primaryCells);
    expect(await health()).toMatchObject({ status: 'ok', replica: { reachable: true, lagSeconds: expect.any(Number) } });
  });

  it('lags by its replay: paused, it answers what it has replayed; an organisation it does not know yet is read from the primary', async () => {
    const summary = paths[0]!;
    const before = (await readAll(reader, tree, [summary]))[summary]!;
    await ask(replica!.url, 'SELECT pg_wal_replay_pause()');
    try {
      for (const day of ['2026-11-16', '2026-11-17']) await addPost(writer, tree, tree.centreIds[0]!, day);
      const fresh = (await readAll(writer, tree, [summary]))[summary]!;
      expect(fresh.body).not.toBe(before.body);
      expect((await readAll(reader, tree, [summary]))[summary]).toEqual(before);
      const { replica: status } = await health();
      expect(status).toEqual({ reachable: true, lagSeconds: expect.any(Number) });
      // Created on the primary and not replayed: its dashboard still answers, from the primary.
      const late = (await createOrg(onPrimary, { kind: 'employment_center', parentId: tree.regionId, name: 'ЦЗН Новый' })).id;
      const lateSummary = `/api/orgs/${late}/compliance/summary?from=2026-11-01&to=2026-11-30&asOf=2026-11-18`;
      expect((await readAll(reader, tree, [lateSummary]))[lateSummary]).toEqual((await readAll(writer, tree, [lateSummary]))[lateSummary]);
    } finally {
      await ask(replica!.url, 'SELECT pg_wal_replay_resume()');
    }
    await replayed();
    expect((await readAll(reader, tree, [summary]))[summary]).toEqual((await readAll(writer, tree, [summary]))[summary]);
  });

  it('when the replica’s connection is lost in the middle of a read, the read is made again on the primary: the answer, not a 503', async () => {
    await replayed();
    // An app whose replica connections go through a proxy that cuts one when it is told to. One
    // replica connection, so that a read's statements (some sent side by side) come in one order.
    const proxy = await startTcpProxy(replica!.url);
    const fellBack: Error[] = [];
    const cutting = await openDatabase({ databaseUrl: primary!.url, poolSize: 2, readUrl: proxy.url, readPoolSize: 1, onReplicaFallback: (error) => fellBack.push(error) });
    const app = await buildTestApp(cutting, { now: scaleNow });
    try {
      const fromPrimary = await readAll(writer, tree, paths);
      expect(await readAll(app, tree, paths)).toEqual(fromPrimary);
      // Each read cut at its first statement (the organisation looked up), then at its second, and
      // so on through the judging snapshot (the subtree's stamp, its inputs, its counts) until it
      // sends fewer statements than that: every statement of it cut once, in its one order.
      const report = `/api/orgs/${tree.regionId}/reports/compliance?from=2026-11-01&to=2026-11-30&asOf=2026-11-18&format=pdf`;
      const xlsx = report.replace('format=pdf', 'format=xlsx');
      // The PDF is read with pdftotext, which CI installs; the XLSX streams, and only its look-up is cut.
      const judged = [...paths.filter((path) => path.includes('/compliance') || path.includes('/suggestions')), ...(officeInstalled ? [report] : [])];
      const expected: Record<string, string> = Object.fromEntries(Object.entries(fromPrimary).map(([path, { body }]) => [path, body]));
      // A PDF carries the moment it was made: compared by its text (pdftotext).
      const read = async (response: { body: string; rawPayload: Buffer }, path: string) => (path === report ? pdfText(response.rawPayload) : response.body);
      if (officeInstalled) {
        expected[report] = await read(await writer.inject({ method: 'GET', url: report, headers: tree.headers }), report);
        expect(expected[report]).toContain('ЦЗН Заречный');
      }
      for (const path of judged) {
        let nth = 1;
        for (; nth <= 100; nth++) {
          for (const memo of [app.complianceCache.summaries, app.complianceCache.contributions, app.complianceCache.periodBodies, app.complianceCache.periodContributions]) memo.clear();
          const cutsBefore = proxy.cuts;
          proxy.cutAt(nth);
          const answer = await app.inject({ method: 'GET', url: path, headers: tree.headers });
          expect(answer.statusCode, `${path}, cut at statement ${nth}: ${answer.body}`).toBe(200);
          expect(await read(answer, path), `${path}, cut at statement ${nth}`).toBe(expected[path]);
          if (proxy.cuts === cutsBefore) break;
        }
        proxy.cutAt(0);
        // The summary and period table read their subtree in two snapshots of several statements.
        expect(nth, path).toBeGreaterThan(path.includes('/summary') || path.includes('/periods') ? 10 : 2);
        expect(nth, path).toBeLessThanOrEqual(100);
      }
      // A report prepared in the background, its read cut in the middle: made all the same, and
      // the same file's cells as the one read from the primary; the retry logged as a warning.
      // The XLSX report, cut at its first statement (the organisation looked up, before a byte is sent).
      proxy.cutAt(1);
      expect(await cellsOf(app, xlsx)).toEqual(await cellsOf(writer, xlsx));
      expect(proxy.cuts).toBeGreaterThan(0);
      proxy.cutAt(0);
      const cells = (url: string) => cellsOf(writer, url);
      const asked = await app.inject({ method: 'POST', url: xlsx.replace('/reports/compliance?', '/reports/compliance/jobs?'), headers: tree.headers });
      expect(asked.statusCode, asked.body).toBe(202);
      const warned: object[] = [];
      const deps = { db: cutting.db, readDb: app.readDb, config: app.ritmConfig, log: { info: () => {}, warn: (payload: object) => warned.push(payload), error: () => {} } };
      const cutsBefore = proxy.cuts;
      proxy.cutAt(4);
      await buildReportFile(deps, { reportId: asked.json().id }, { attempt: 1, signal: new AbortController().signal });
      expect(proxy.cuts).toBe(cutsBefore + 1);
      expect(warned).toEqual([expect.objectContaining({ reportId: asked.json().id })]);
      expect(await cells(`/api/orgs/${tree.regionId}/report-jobs/${asked.json().id}/file`)).toEqual(await cells(xlsx));
      // Lost connections are no unreachable replica: reads were never sent to the primary wholesale.
      expect(fellBack).toEqual([]);
      expect(await readAll(app, tree, paths)).toEqual(fromPrimary);
    } finally {
      await app.close();
      await cutting.close();
      await proxy.close();
    }
  }, 60_000);

  it('when the replica stops, reads go to the primary (never a 500) and health says degraded', async () => {
    await replica!.stop('fast');
    const [fromPrimary, fromReader] = [await readAll(writer, tree, paths), await readAll(reader, tree, paths)];
    for (const path of paths) expect(fromReader[path], path).toEqual(fromPrimary[path]);
    expect(fallbacks.length).toBeGreaterThan(0);
    const answer = await reader.inject({ method: 'GET', url: '/api/health' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ status: 'degraded', database: { reachable: true }, replica: { reachable: false, lagSeconds: null } });
  });
});
