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

  it.each([[['counts', '--help']], [['import', '-h']], [['--help']]])('answers %j with the usage and exit code 0', (args) => {
    const { code, stdout } = ritm(args);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: ritm <command>');
  });

  it('stops on a bad environment value, naming the variable', () => {
    const { code, stderr } = ritm(['migrate'], { PORT: 'eighty' });
    expect(code).toBe(2);
    expect(stderr).toContain('PORT: expected a whole number');
  });

  it('names the database it cannot reach and what to check, its password hidden, rather than the driver alone', () => {
    // Nothing listens on port 1 of the loopback; counts check asks the database at once, without waiting for it.
    const { code, stderr } = ritm(['counts', 'check'], { DATABASE_URL: 'postgres://ritm:secret@127.0.0.1:1/ritm' });
    expect(code).toBe(1);
    expect(stderr).toBe('ritm: the database at postgres://ritm:***@127.0.0.1:1/ritm is not reachable (connect ECONNREFUSED 127.0.0.1:1); is it running, and is DATABASE_URL right?\n');
  });

  it('says the data folder is in use in the language the command was asked in', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-cli-locked-'));
    try {
      // This test's own process holds it, as a running server would.
      fs.writeFileSync(path.join(folder, 'ritm.lock'), String(process.pid));
      const russian = ritm(['counts', 'check', '--lang', 'ru'], { RITM_DATA_DIR: folder });
      expect(russian.code).toBe(1);
      expect(russian.stderr).toBe(`ritm: папка данных ${folder} занята процессом ${process.pid}; сначала остановите его (встроенная база данных допускает один процесс)\n`);
      const english = ritm(['counts', 'check', '--lang=en'], { RITM_DATA_DIR: folder });
      expect(english.stderr).toBe(`ritm: the data folder ${folder} is in use by process ${process.pid}; stop it first (the embedded database allows one process)\n`);
      expect(ritm(['migrate'], { RITM_DATA_DIR: folder, LANG: 'ru_RU.UTF-8' }).stderr).toContain('занята процессом');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
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
