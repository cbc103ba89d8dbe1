import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobsStatus } from '@ritm/contracts/health';
import { ControlError, openOrAskServer } from '../src/cli/control.js';
import { loadConfig } from '../src/config.js';
import { render } from '../src/http/messages.js';
import { controlFilePath, readControlFile } from '../src/db/control-file.js';
import { compiledBin } from './compiled-bin.js';
import { startRitm, type RitmProcess } from './ritm-process.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-control-'));
const env = { HOME: os.tmpdir(), RITM_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', RITM_ADMIN_DIST: path.join(dataDir, 'no-admin') };

function ritm(args: string[]) {
  const result = spawnSync(process.execPath, [compiledBin(), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the control channel of the embedded database', () => {
  let server: RitmProcess;
  let url: string;
  beforeAll(async () => {
    server = startRitm(['serve'], env);
    url = await server.listening;
  }, 120_000);
  afterAll(async () => {
    if (server?.alive()) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is written once the server listens: its address and a secret, readable by its owner only', () => {
    const control = readControlFile(dataDir);
    expect(control).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), token: expect.stringMatching(/^[\w-]{43}$/) });
    expect(new URL(control!.url).port).toBe(new URL(url).port);
    expect(fs.statSync(controlFilePath(dataDir)).mode & 0o777).toBe(0o600);
  });

  it('answers the secret only; anything else is a route that does not exist', async () => {
    const { token } = readControlFile(dataDir)!;
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${token}x`, token]) {
      const response = await fetch(`${url}/api/control/jobs`, { headers: authorization ? { authorization } : {} });
      expect(response.status, String(authorization)).toBe(404);
    }
    const response = await fetch(`${url}/api/control/jobs`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const status = (await response.json()) as JobsStatus;
    expect(status).toMatchObject({ runner: 'table', working: true });
    expect(status.schedules.map((s) => s.name)).toContain('evidence.read-due');
  });

  it('lets a command run beside the server ask it, and `ritm jobs` print what it says', async () => {
    const config = loadConfig(env, dataDir);
    const asked = await openOrAskServer(
      config,
      'en',
      async () => 'opened the database itself',
      async (client) => (await client.request<JobsStatus>('GET', '/jobs')).runner,
    );
    expect(asked).toBe('table');
    // The server's refusal in the command's language: it is asked in it.
    // A path the control channel does not serve: refused before routing, as any request without a valid token.
    for (const [lang, said] of [['ru', /^сервер ответил 401: API-токен/], ['en', /^the server answered 401: [^А-яЁё]+$/]] as const) {
      const refused = openOrAskServer(config, lang, async () => 'opened', (client) => client.request('GET', '/nothing-here'));
      await expect(refused).rejects.toThrow(ControlError);
      const error = (await refused.catch((e: unknown) => e)) as ControlError;
      expect(render(error.said, lang)).toMatch(said);
    }
    const printed = ritm(['jobs', '--lang', 'en']);
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain("Jobs: the embedded database's table\n");
    expect(printed.stdout).toMatch(/ {2}evidence\.read-due {2}\* \* \* \* \* {2}/);
    expect(printed.stdout).toContain('Every queue moves');
  });

  it('is removed when the server closes; commands then open the database themselves', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(controlFilePath(dataDir))).toBe(false);
    const printed = ritm(['jobs']);
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('Задания: таблица встроенной базы (этот процесс их не выполняет)');
    expect(printed.stdout).toContain('evidence.read-due');
  });
});
