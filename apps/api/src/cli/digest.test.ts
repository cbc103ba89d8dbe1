import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.js';
import { addMember, createOrg, createUser } from '../../test/fixtures.js';
import type { App } from '../app.js';
import { openDatabase, type Database } from '../db/connection.js';
import { readControlFile } from '../db/control-file.js';
import { migrateToLatest } from '../db/migrate.js';
import { runDigestCommand } from './digest.js';
import { UsageError } from './usage.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-digest-'));
const env = { RITM_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };

async function ritmDigest(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runDigestCommand(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: dataDir, env });
  return { code, stdout, stderr };
}

describe('ritm digest on the embedded database', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const database = await openDatabase({ dataDir });
    try {
      await migrateToLatest(database.db);
      ids.region = (await createOrg(database, { kind: 'employment_authority', name: 'Агентство занятости' })).id;
      ids.centre = (await createOrg(database, { parentId: ids.region, name: 'ЦЗН Елизово', timezone: 'Asia/Kamchatka' })).id;
      ids.other = (await createOrg(database, { name: 'Другой регион' })).id;
      await addMember(database, (await createUser(database, 'director@cli-digest.test', { name: 'Директор' })).id, ids.region, 'director');
      await addMember(database, (await createUser(database, 'editor@cli-digest.test', { name: 'Редактор' })).id, ids.centre, 'editor');
      await addMember(database, (await createUser(database, 'viewer@cli-digest.test')).id, ids.centre, 'viewer');
      await addMember(database, (await createUser(database, 'elsewhere@cli-digest.test')).id, ids.other, 'editor');
    } finally {
      await database.close();
    }
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints the digests of the subtree’s editors and directors with --dry-run and writes nothing', async () => {
    const printed = await ritmDigest('--org', ids.region!, '--dry-run');
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^=== director@cli-digest\.test · \d{4}-W\d{2} ===\nРитм, неделя /m);
    expect(printed.stdout).toContain('Здравствуйте, Редактор!');
    expect(printed.stdout).toContain('Агентство занятости и подведомственные — организаций: 2');
    expect(printed.stdout).not.toContain('viewer@');
    expect(printed.stdout).not.toContain('elsewhere@');
    // Nothing was written: a real run still sends both.
    const sent = await ritmDigest('--org', ids.region!, '--lang', 'en');
    expect(sent.stdout.split('\n').filter(Boolean).map((line) => line.replace(/\d{4}-W\d{2}/, 'W')).sort()).toEqual([
      'director@cli-digest.test: digest for W in Ritm only (mail off or not configured)',
      'editor@cli-digest.test: digest for W in Ritm only (mail off or not configured)',
    ].sort());
  });

  it('sends once a week unless --force, and says so in Russian by default', async () => {
    const again = await ritmDigest('--org', ids.centre!);
    expect(again.stdout).toMatch(/^editor@cli-digest\.test: сводка за \d{4}-W\d{2} уже была \(--force — отправить снова\)\n$/);
    const forced = await ritmDigest('--org', ids.centre!, '--force');
    expect(forced.stdout).toMatch(/^editor@cli-digest\.test: сводка за \d{4}-W\d{2} — только в Ритме/);
  });

  it('names a missing organisation and refuses a bad id', async () => {
    expect(await ritmDigest('--org', '00000000-0000-4000-8000-000000000000')).toEqual({ code: 1, stdout: '', stderr: 'ritm: организации 00000000-0000-4000-8000-000000000000 нет\n' });
    await expect(ritmDigest('--org', 'nope')).rejects.toThrow(UsageError);
  });

  describe('while the server holds the data folder', () => {
    let database: Database;
    let app: App;
    beforeAll(async () => {
      database = await openDatabase({ dataDir });
      app = await buildTestApp(database, { dataDir, jobs: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await app?.close();
      await database?.close();
    });

    // `ritm digest` in another process finds the folder held and posts this (cli/control.ts, tested with `ritm jobs`).
    it('answers POST /api/control/digest to the control secret only', async () => {
      const { token } = readControlFile(dataDir)!;
      const payload = { orgId: ids.centre, dryRun: true, force: false };
      expect((await app.inject({ method: 'POST', url: '/api/control/digest', payload })).statusCode).toBe(404);
      const answer = await app.inject({ method: 'POST', url: '/api/control/digest', headers: { authorization: `Bearer ${token}` }, payload });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toEqual({ found: true, digests: [{ email: 'editor@cli-digest.test', week: expect.stringMatching(/^\d{4}-W\d{2}$/), outcome: 'preview', text: expect.stringContaining('Здравствуйте, Редактор!') }] });
      const sent = await app.inject({ method: 'POST', url: '/api/control/digest', headers: { authorization: `Bearer ${token}` }, payload: { ...payload, dryRun: false } });
      expect(sent.json().digests.map((d: { outcome: string }) => d.outcome)).toEqual(['already']);
    });
  });
});
