import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { addMember, createOrg, createUser, TEST_PASSWORD } from '../fixtures.js';
import { signIn, startRitm, type RitmProcess } from '../ritm-process.js';
import { report, scale } from './scale.js';

// Part 4: `kill -9` of `ritm serve` on the embedded database while writers write; started again
// on the same folder, it must hold every item it acknowledged.
const KILLS = scale(5, 1);
const WRITERS = 4;
const WRITE_MS = scale(5_000, 3_000);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-kill-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const serve = () => startRitm(['serve'], { RITM_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', RITM_ADMIN_DIST: '/nonexistent', HOME: os.tmpdir() });

describe('kill -9 of the embedded server mid-write', () => {
  it(`keeps every acknowledged write over ${KILLS} kills`, async () => {
    const database = await openDatabase({ dataDir });
    let orgId: string;
    try {
      await migrateToLatest(database.db);
      orgId = (await createOrg(database, { name: 'Kill -9' })).id;
      const user = await createUser(database, 'writer@kill.test');
      await addMember(database, user.id, orgId, 'editor');
    } finally {
      await database.close();
    }
    const acknowledged: string[] = [];
    const restartMs: number[] = [];
    const lost = new Set<string>();
    let requests = 0;
    let server: RitmProcess | undefined;
    try {
      for (let kill = 0; kill <= KILLS; kill++) {
        const begun = Date.now();
        server = serve();
        const url = await server.listening;
        restartMs.push(Date.now() - begun);
        const headers = { ...(await signIn(url, 'writer@kill.test', TEST_PASSWORD)), 'content-type': 'application/json' };
        // Everything acknowledged before is still there.
        for (const id of acknowledged) {
          const response = await fetch(`${url}/api/orgs/${orgId}/items/${id}`, { headers });
          if (response.status !== 200) lost.add(id);
        }
        if (kill === KILLS) break;
        let stop = false;
        const writers = Array.from({ length: WRITERS }, async (_, w) => {
          for (let n = 0; !stop; n++) {
            requests++;
            const response = await fetch(`${url}/api/orgs/${orgId}/items`, { method: 'POST', headers, body: JSON.stringify({ kind: 'post', title: `k${kill}-w${w}-${n}`, at: '2026-11-20' }) }).catch(
              () => undefined,
            );
            if (response === undefined) return;
            if (response.status === 201) acknowledged.push(((await response.json()) as { id: string }).id);
          }
        });
        await sleep(WRITE_MS);
        server.child.kill('SIGKILL');
        await server.exited;
        stop = true;
        await Promise.all(writers);
      }
    } finally {
      if (server?.alive()) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }
    report('kill -9 of the embedded server', { kills: KILLS, requests, acknowledged: acknowledged.length, lost: lost.size, restartMs });
    expect(acknowledged.length).toBeGreaterThan(0);
    expect([...lost]).toEqual([]);
  });
});
