import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledBin } from './compiled-bin.js';
import { SERVING_AT } from './ritm-process.js';

const bin = compiledBin();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-serve-'));
const env = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), RITM_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', RITM_ADMIN_DIST: path.join(dataDir, 'no-admin') };

function ritm(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Served {
  url: string;
  stop(): Promise<number | null>;
  /** Everything it printed so far. */
  output(): string;
}

/**
 * Starts `ritm serve` and resolves with the URL it prints once it is listening: through node, or
 * (`asProgram`) as an operator runs the file itself, with the node flags of its first line.
 */
function serve(options: { asProgram?: boolean; env?: Record<string, string>; args?: string[] } = {}): Promise<Served> {
  const childEnv = { ...env, ...options.env };
  const child = options.asProgram
    ? spawn(bin, ['serve', ...(options.args ?? [])], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [bin, 'serve', ...(options.args ?? [])], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = SERVING_AT.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ url, stop: () => (child.kill('SIGTERM'), exited), output: () => output });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => reject(new Error(`ritm serve exited with ${code}: ${output}`)));
  });
}

async function signIn(url: string): Promise<number> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'keeper@example.org', password: 'long enough' }),
  });
  return response.status;
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('ritm serve', () => {
  it('serves, stops cleanly on SIGTERM releasing the data folder, and starts again with the data kept', async () => {
    expect(ritm(['user', 'create', '--email', 'keeper@example.org', '--password', 'long enough']).code).toBe(0);
    const token = ritm(['token', 'create', '--email', 'keeper@example.org', '--name', 'ci', '--expires-days', '7']);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).toMatch(/^ritm_\S+$/);
    // The secret alone on stdout; what it is, on stderr, in the language asked (Russian here: no locale).
    expect(token.stderr).toMatch(/^API-токен «ci» пользователя keeper@example\.org, действует до \S+\. Он показан только сейчас/);
    const ghost = ritm(['token', 'create', '--email', 'ghost@example.org', '--name', 'x', '--lang', 'en']);
    expect(ghost).toMatchObject({ code: 1, stdout: '', stderr: 'ritm: no active user with e-mail ghost@example.org\n' });

    const first = await serve();
    expect(first.output()).toContain(`Ритм работает: ${first.url}/`);
    expect(first.output()).toContain(`База данных: встроенная, в ${dataDir}`);
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
    expect(await signIn(first.url)).toBe(200);
    const me = await fetch(`${first.url}/api/auth/me`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
    expect(((await me.json()) as { email: string }).email).toBe('keeper@example.org');
    expect(fs.existsSync(path.join(dataDir, 'ritm.lock'))).toBe(true);
    expect(await first.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'ritm.lock'))).toBe(false);

    const second = await serve({ env: { LANG: 'en_US.UTF-8' } });
    expect(second.output()).toContain(`Ritm is running at ${second.url}/`);
    expect(second.output()).toContain(`Database: embedded, in ${dataDir}`);
    expect((await fetch(`${second.url}/api/health`)).status).toBe(200);
    expect(await signIn(second.url)).toBe(200);
    expect(await second.stop()).toBe(0);
  }, 300_000);

  it('with --demo on a database that holds organisations already, loads no demo and names no demo login', async () => {
    const { openDatabase } = await import('../src/db/connection.js');
    const { createOrg } = await import('./fixtures.js');
    const database = await openDatabase({ dataDir });
    await createOrg(database, { name: 'Своя организация' });
    await database.close();
    // PGlite finishes writing its folder a moment after close() resolves.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const served = await serve({ args: ['--demo'] });
    const demoLogin = await fetch(`${served.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'demo@ritm.local', password: 'ritm-demo-2026' }),
    });
    expect(demoLogin.status).toBe(401);
    expect(await served.stop()).toBe(0);
    expect(served.output()).toContain('Демо не загружено: в базе данных уже есть организации (ritm demo --force добавит его рядом с ними)');
    expect(served.output()).not.toContain('Демо-вход');
  }, 300_000);

  it('run as a program, warns when RITM_CACHE_MB asks for more heap than its node flags give, and says how to start it', async () => {
    const quiet = await serve({ asProgram: true, env: { LOG_LEVEL: 'warn', RITM_LOG_FORMAT: 'json' } });
    expect((await fetch(`${quiet.url}/api/health`)).status).toBe(200);
    expect(await quiet.stop()).toBe(0);
    expect(quiet.output()).not.toMatch(/wants a heap/);

    const large = await serve({ asProgram: true, env: { LOG_LEVEL: 'warn', RITM_LOG_FORMAT: 'json', RITM_CACHE_MB: '256' } });
    expect((await fetch(`${large.url}/api/health`)).status).toBe(200);
    expect(await large.stop()).toBe(0);
    expect(large.output()).toMatch(/RITM_CACHE_MB=256 wants a heap of 1280 MB.*node --max-old-space-size=1280 bin\/ritm\.mjs/);
  }, 300_000);
});
