import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedFixture } from '../../test/evidence-feeds.js';
import { createOrg } from '../../test/fixtures.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { runEvidenceCommand } from './evidence.js';
import { UsageError } from './usage.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-evidence-cli-'));
let server: Server;
let env: NodeJS.ProcessEnv;
let parent: string;
let child: string;

async function ritmEvidence(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runEvidenceCommand(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir, env });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/feed/') return response.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(feedFixture('wordpress-rss2.xml'));
    return response.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  env = { RITM_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent', RITM_FETCH_ALLOW_PRIVATE: 'true' };
  const database = await openDatabase({ dataDir: env.RITM_DATA_DIR! });
  await migrateToLatest(database.db);
  parent = (await createOrg(database, { name: 'Областной центр' })).id;
  child = (await createOrg(database, { name: 'Центр в Соколе', parentId: parent })).id;
  for (const [org, url, name] of [
    [parent, `${base}/down/`, 'Сайт области'],
    [child, `${base}/feed/`, 'Сайт Сокола'],
  ] as const) {
    const channel = await database.db.insertInto('channels').values({ org_id: org, type: 'website', name: 'Сайт' }).returning('id').executeTakeFirstOrThrow();
    await database.db
      .insertInto('evidence_sources')
      .values({ org_id: org, channel_id: channel.id, type: 'feed', name, url, target: null, token_sealed: null, interval_minutes: 30, state: '{}', next_fetch_at: null, created_by: null })
      .execute();
  }
  await database.close();
}, 120_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  // PGlite finishes writing its folder a moment after close() resolves: remove it after that.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ritm evidence fetch', () => {
  it("reads the organisation's sources now and says what each read did", async () => {
    const result = await ritmEvidence(['fetch', '--org', child, '--lang', 'ru']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Сайт Сокола \(feed, [0-9a-f-]{36}\): прочитано 3: сопоставлено 0, внеплановых 3, обновлён охват 0\n$/);
  });

  it('reads the subtree with --subtree, and exits 1 naming the error of a source that failed', async () => {
    const result = await ritmEvidence(['fetch', '--org', parent, '--subtree', '--lang', 'en']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Сайт области \(feed, .*\): error: The server answered with HTTP error 503$/);
    // Read again: only reach is updated.
    expect(lines[1]).toMatch(/^Сайт Сокола \(feed, .*\): read 3: matched 0, unplanned 0, reach updated 3$/);
  });

  it('needs an organisation', async () => {
    await expect(ritmEvidence(['fetch'])).rejects.toThrow(UsageError);
    await expect(ritmEvidence(['pull', '--org', parent])).rejects.toThrow(UsageError);
    const missing = await ritmEvidence(['fetch', '--org', '00000000-0000-4000-8000-000000000000', '--lang', 'en']);
    expect(missing).toMatchObject({ code: 1, stderr: 'ritm: no organisation 00000000-0000-4000-8000-000000000000\n' });
  });
});
