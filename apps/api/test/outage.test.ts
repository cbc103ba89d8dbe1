import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outageUnderLoad } from './outage-scenario.js';
import { canRunClusters, createCluster, type PgCluster } from './pg-cluster.js';
import { startRitm, until, type RitmProcess } from './ritm-process.js';

// PostgreSQL going away is an outage, not a crash (issue 10, items 1 and 2): `ritm serve` on a
// cluster of this file's own, stopped with `pg_ctl stop -m immediate` under writers.
describe.runIf(canRunClusters('the outage test'))('ritm serve on a PostgreSQL server that goes away', () => {
  let cluster: PgCluster;
  let server: RitmProcess | undefined;
  let url: string;
  let up = false;
  const serve = () =>
    startRitm(['serve'], { DATABASE_URL: cluster.url, PORT: '0', LOG_LEVEL: 'warn', RITM_LOG_FORMAT: 'json', RITM_DB_WAIT_SECONDS: '60', RITM_ADMIN_DIST: '/nonexistent' });

  beforeAll(async () => {
    cluster = await createCluster();
  }, 120_000);
  afterAll(async () => {
    if (server?.alive()) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await cluster.destroy();
  }, 60_000);

  it('started before PostgreSQL, waits for it with backoff (logged), then migrates and serves', async () => {
    server = serve();
    const retries = () => server!.output().match(/not reachable yet/g)?.length ?? 0;
    await until(() => retries() >= 3 || !server!.alive(), 60_000, 'three logged attempts');
    expect(server.alive(), server.output()).toBe(true);
    await cluster.start();
    up = true;
    url = await server.listening;
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    // Backoff: the waits logged grow.
    const delays = [...server.output().matchAll(/"delayMs":(\d+)/g)].map((m) => Number(m[1]));
    expect(delays.slice(0, 3)).toEqual([250, 500, 1000]);
  }, 120_000);

  it('answers 503 unavailable while PostgreSQL is down, stays up, and recovers within 5 s with every acknowledged write kept', async () => {
    // Independent of the test above: the server may have failed to wait.
    if (!up) await cluster.start();
    up = true;
    if (!server?.alive()) {
      server = serve();
      url = await server.listening;
    }
    const figures = await outageUnderLoad({ cluster, server: server!, url, writers: 4, beforeMs: 1_500, downMs: 3_000, afterMs: 1_000 }, cluster.url);
    console.info('outage under load:', JSON.stringify({ ...figures, healthWhileDown: undefined }));
    expect(figures.serverAlive, server!.output().slice(-3000)).toBe(true);
    expect(figures.failures).toEqual([]);
    expect(figures.answers['503 unavailable']).toBeGreaterThan(0);
    expect(figures.healthWhileDown.length).toBeGreaterThan(0);
    expect(new Set(figures.healthWhileDown)).toEqual(new Set([503]));
    expect(figures.recoveryMs).toBeLessThan(5_000);
    expect(figures.acknowledged).toBeGreaterThan(0);
    expect(figures.lost).toBe(0);
  }, 120_000);
});

describe.runIf(canRunClusters('the late-database migrate test'))('ritm migrate on a PostgreSQL server that comes up late', () => {
  let cluster: PgCluster;

  beforeAll(async () => {
    cluster = await createCluster();
  }, 120_000);
  afterAll(async () => {
    await cluster.destroy();
  }, 60_000);

  it('waits for it with backoff (said on stderr, in the language of the command line), then migrates and exits 0', async () => {
    // No locale: Russian, as an operator's command line without one speaks.
    const migrate = startRitm(['migrate'], { DATABASE_URL: cluster.url, RITM_DB_WAIT_SECONDS: '60' });
    await until(() => /пока недоступна/.test(migrate.output()) || !migrate.alive(), 60_000, 'a logged attempt');
    expect(migrate.alive(), migrate.output()).toBe(true);
    expect(migrate.output()).toMatch(/^ritm: база данных по адресу postgres:\/\/\S+ пока недоступна \(.+\); новая попытка через \d+ мс$/m);
    await cluster.start();
    expect(await migrate.exited, migrate.output()).toBe(0);
    expect(migrate.output()).toMatch(/^применены: /m);
  }, 120_000);
});
