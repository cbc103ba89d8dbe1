import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledBin } from '../../test/compiled-bin.js';

const bin = compiledBin();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-cli-'));

function ritm(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), RITM_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('ritm command line', () => {
  it.each([[['bogus']], [[]], [['user']], [['user', 'delete']], [['serve', '--nope']], [['migrate', 'extra']]])(
    'answers %j with the usage and exit code 2',
    (args) => {
      const { code, stderr } = ritm(args);
      expect(code).toBe(2);
      expect(stderr).toContain('Usage: ritm <command>');
    },
  );

  it('stops on a bad environment value, naming the variable', () => {
    const { code, stderr } = ritm(['migrate'], { PORT: 'eighty' });
    expect(code).toBe(2);
    expect(stderr).toContain('PORT: expected a whole number');
  });

  it('refuses to create a user without a valid e-mail or a long enough password', () => {
    expect(ritm(['user', 'create', '--email', 'nobody', '--password', 'long enough']).stderr).toContain('--email');
    const short = ritm(['user', 'create', '--email', 'a@b.ru', '--password', 'short']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--password');
  });

  it('migrates the embedded database, creates a user once, and leaves the folder unlocked', () => {
    const first = ritm(['migrate']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('applied: 20261122T0001_initial');
    expect(ritm(['migrate']).stdout).toContain('up to date');

    const created = ritm(['user', 'create', '--email', 'Chief@Example.org', '--password', 'long enough', '--admin']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('as administrator');
    const again = ritm(['user', 'create', '--email', 'chief@example.org', '--password', 'long enough']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(fs.existsSync(path.join(dataDir, 'ritm.lock'))).toBe(false);
    // Four processes in a row, the first of which runs initdb in WebAssembly.
  }, 240_000);
});
