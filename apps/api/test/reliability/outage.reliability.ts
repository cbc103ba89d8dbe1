import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outageUnderLoad, type OutageFigures } from '../outage-scenario.js';
import { canRunClusters, createCluster, type PgCluster } from '../pg-cluster.js';
import { startRitm, type RitmProcess } from '../ritm-process.js';
import { report, scale } from './scale.js';

// Part 5: PostgreSQL stopped (`pg_ctl stop -m immediate`) and started again under writers, several
// times over one `ritm serve`: 503 unavailable meanwhile, never a 5xx of another kind, the
// process alive, back within 5 s, nothing acknowledged lost.
const TRIALS = scale(3, 1);
const WRITERS = scale(8, 4);
const DOWN_MS = scale(5_000, 2_000);

describe.runIf(canRunClusters('the outage part of the reliability suite'))('PostgreSQL stopped and restarted under load', () => {
  let cluster: PgCluster;
  let server: RitmProcess;
  let url: string;

  beforeAll(async () => {
    cluster = await createCluster();
    await cluster.start();
    server = startRitm(['serve'], { DATABASE_URL: cluster.url, PORT: '0', LOG_LEVEL: 'error', RITM_LOG_FORMAT: 'json', RITM_ADMIN_DIST: '/nonexistent' });
    url = await server.listening;
  });
  afterAll(async () => {
    if (server?.alive()) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await cluster?.destroy();
  });

  it(`survives ${TRIALS} outages of ${DOWN_MS} ms with ${WRITERS} writers`, async () => {
    const trials: OutageFigures[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const figures = await outageUnderLoad({ cluster, server, url, writers: WRITERS, beforeMs: 1_500, downMs: DOWN_MS, afterMs: 1_000 }, cluster.url);
      trials.push(figures);
      report(`PostgreSQL outage ${trial + 1}/${TRIALS}`, { ...figures, healthWhileDown: [...new Set(figures.healthWhileDown)] });
      if (!figures.serverAlive) break;
    }
    for (const figures of trials) {
      expect(figures.serverAlive).toBe(true);
      expect(figures.failures).toEqual([]);
      expect(new Set(figures.healthWhileDown)).toEqual(new Set([503]));
      expect(figures.recoveryMs).toBeLessThan(5_000);
      expect(figures.lost).toBe(0);
    }
  });
});
