import pg from 'pg';
import { openDatabase } from '../src/db/connection.js';
import { addMember, createOrg, createUser, TEST_PASSWORD } from './fixtures.js';
import type { PgCluster } from './pg-cluster.js';
import { signIn, type RitmProcess } from './ritm-process.js';

export interface OutageOptions {
  cluster: PgCluster;
  server: RitmProcess;
  url: string;
  /** Writers creating items one after another. */
  writers: number;
  /** How long they write before PostgreSQL stops, how long it stays down, and after its return. */
  beforeMs: number;
  downMs: number;
  afterMs: number;
}

export interface OutageFigures {
  requests: number;
  acknowledged: number;
  /** Answers by status (and error code for errors), e.g. `201`, `503 unavailable`, `fetch failed`. */
  answers: Record<string, number>;
  /** Server errors other than 503 unavailable/busy, and 503s without Retry-After. */
  failures: string[];
  /** `/api/health` statuses while PostgreSQL was down. */
  healthWhileDown: number[];
  /** From PostgreSQL accepting connections again to the API answering health 200 and a write 201 (Infinity: never). */
  recoveryMs: number;
  /** Acknowledged items missing afterwards. */
  lost: number;
  serverAlive: boolean;
}

/** A fresh editor of a fresh organisation on the cluster (which must be up and migrated). */
export async function seedEditor(databaseUrl: string, tag: string): Promise<{ orgId: string; email: string }> {
  const database = await openDatabase({ databaseUrl, poolSize: 2 });
  try {
    const org = await createOrg(database, { name: `Outage ${tag}` });
    const email = `writer-${tag}@outage.test`;
    const user = await createUser(database, email);
    await addMember(database, user.id, org.id, 'editor');
    return { orgId: org.id, email };
  } finally {
    await database.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writers create items through `ritm serve` while PostgreSQL is stopped with `-m immediate` and
 * started again: counts every answer, measures the recovery and checks that every acknowledged
 * item is stored.
 */
export async function outageUnderLoad(options: OutageOptions, databaseUrl: string): Promise<OutageFigures> {
  const { cluster, server, url } = options;
  const { orgId, email } = await seedEditor(databaseUrl, String(Date.now()));
  const headers = { ...(await signIn(url, email, TEST_PASSWORD)), 'content-type': 'application/json' };
  const figures: OutageFigures = { requests: 0, acknowledged: 0, answers: {}, failures: [], healthWhileDown: [], recoveryMs: -1, lost: 0, serverAlive: true };
  const acknowledged: string[] = [];
  const count = (key: string) => (figures.answers[key] = (figures.answers[key] ?? 0) + 1);
  // The first few say what went wrong; the counts say how often.
  const fail = (what: string) => figures.failures.length < 10 && figures.failures.push(what);

  const write = async (title: string): Promise<number> => {
    figures.requests++;
    let response: Response;
    try {
      response = await fetch(`${url}/api/orgs/${orgId}/items`, { method: 'POST', headers, body: JSON.stringify({ kind: 'post', title, at: '2026-11-20' }) });
    } catch {
      count('fetch failed');
      fail(`${title}: no answer (the server is gone?)`);
      return 0;
    }
    const body = (await response.json().catch(() => ({}))) as { id?: string; error?: { code?: string } };
    count(response.status < 400 ? String(response.status) : `${response.status} ${body.error?.code ?? '?'}`);
    if (response.status === 201 && body.id) acknowledged.push(body.id);
    else if (response.status >= 500) {
      const expected = response.status === 503 && ['unavailable', 'busy'].includes(body.error?.code ?? '') && response.headers.has('retry-after');
      if (!expected) fail(`${title}: ${response.status} ${JSON.stringify(body)} retry-after=${response.headers.get('retry-after')}`);
    }
    return response.status;
  };

  let stop = false;
  const writers = Array.from({ length: options.writers }, async (_, w) => {
    for (let n = 0; !stop; n++) {
      const status = await write(`w${w}-${n}`);
      // While the database is down, answers come at once: do not spin.
      if (status !== 201) await sleep(25);
    }
  });

  await sleep(options.beforeMs);
  await cluster.stop('immediate');
  const downUntil = Date.now() + options.downMs;
  while (Date.now() < downUntil) {
    const health = await fetch(`${url}/api/health`).then((r) => r.status, () => 0);
    figures.healthWhileDown.push(health);
    await sleep(100);
  }
  await cluster.start();
  const back = Date.now();
  figures.recoveryMs = Number.POSITIVE_INFINITY;
  while (Date.now() - back < 30_000 && server.alive()) {
    const healthy = (await fetch(`${url}/api/health`).then((r) => r.status, () => 0)) === 200;
    if (healthy && (await write(`probe-${Date.now()}`)) === 201) {
      figures.recoveryMs = Date.now() - back;
      break;
    }
    await sleep(50);
  }
  await sleep(options.afterMs);
  stop = true;
  await Promise.all(writers);
  figures.serverAlive = server.alive();
  figures.acknowledged = acknowledged.length;

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('select id from items where id = any($1::uuid[])', [acknowledged]);
    figures.lost = acknowledged.length - rows.length;
  } finally {
    await client.end();
  }
  return figures;
}
