import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledBin } from '../../test/compiled-bin.js';
import { EMBEDDED_PG_MAJOR } from '../db/data-dir.js';

const bin = compiledBin();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-cli-'));

function ritm(args: string[], env: Record<string, string> = {}, timeout = 60_000) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), RITM_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    timeout,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

// RegExp.escape is Node 24's; this suite runs on 20 too.
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('ritm command line', () => {
  it.each([
    [['bogus'], 'unknown command "bogus"', 'неизвестная команда «bogus»'],
    [[], 'no command given', 'не указана команда'],
    [['user'], 'user needs a command: create', 'после user укажите команду: create'],
    [['user', 'delete'], 'unknown user command "delete"', 'неизвестная команда «user delete»'],
    [['serve', '--nope'], 'unknown option --nope', 'неизвестный параметр --nope'],
    [['migrate', 'extra'], 'unexpected argument "extra"', 'лишний аргумент «extra»'],
    [['counts', 'check', '--lang'], 'option --lang needs a value', 'у параметра --lang нет значения'],
    [['report', 'compliance', '--org', '-x'], 'the value of --org starts with "-": write it as --org=…', 'значение параметра --org начинается с «-»: запишите его как --org=…'],
    [['report'], 'report needs a command: compliance or annual-review', 'после report укажите команду: compliance или annual-review'],
    [['user', 'create', '--email', 'a@b.ru', '--password', 'short'], '--password: 8 to 200 characters are required', '--password: от 8 до 200 символов'],
    [['user', 'create', '--email', `${'a'.repeat(320)}@b.ru`, '--password', 'long enough'], '--email: an e-mail address is required (at most 320 characters)', '--email: укажите адрес электронной почты (до 320 символов)'],
    [['user', 'create', '--email', 'a@b.ru', '--password', 'long enough', '--name', 'x'.repeat(201)], '--name: at most 200 characters, without NUL', '--name: не длиннее 200 символов, без символа NUL'],
    [['token', 'create', '--email', 'a@b.ru', '--name', ' '], '--name: a name of up to 100 characters to recognise the token by is required', '--name: укажите название до 100 символов, по которому токен можно узнать'],
    [['token', 'create', '--email', 'a@b.ru', '--name', 'ci', '--expires-days', '4000'], '--expires-days: a whole number of days, 1…3650', '--expires-days: целое число дней, 1…3650'],
    // An option where the subcommand should stand is no subcommand.
    [['token', '--name', 'ci'], 'token needs a command: create', 'после token укажите команду: create'],
  ])('answers %j with what is wrong, the usage and exit code 2, in Russian unless asked in English', (args, english, russian) => {
    const inRussian = ritm(args);
    expect(inRussian.code).toBe(2);
    expect(inRussian.stderr).toMatch(new RegExp(`^ritm: ${escape(russian)}\\n\\nИспользование: ritm <команда>`));
    const inEnglish = ritm(args, { LANG: 'en_US.UTF-8' });
    expect(inEnglish.code).toBe(2);
    expect(inEnglish.stderr).toMatch(new RegExp(`^ritm: ${escape(english)}\\n\\nUsage: ritm <command>`));
    // --lang on the line wins over the locale, where the command takes it.
    expect(ritm([...args, '--lang=en'], { LANG: 'ru_RU.UTF-8' }).stderr).toContain('Usage: ritm <command>');
  });

  it.each([[['counts', '--help']], [['import', '-h']], [['--help']]])('answers %j with the usage and exit code 0', (args) => {
    const { code, stdout } = ritm(args);
    expect(code).toBe(0);
    expect(stdout).toContain('Использование: ritm <команда>');
    expect(ritm([...args, '--lang', 'en']).stdout).toContain('Usage: ritm <command>');
    expect(ritm(args, { LC_ALL: 'en_GB.UTF-8', LANG: 'ru_RU.UTF-8' }).stdout).toContain('Usage: ritm <command>');
  });

  it('stops on a bad environment value, naming the variable, in the language asked', () => {
    const { code, stderr } = ritm(['migrate'], { PORT: 'eighty' });
    expect(code).toBe(2);
    expect(stderr).toBe('ritm: настройка PORT: ожидается целое число, получено «eighty»\n');
    expect(ritm(['migrate', '--lang', 'en'], { PORT: 'eighty' }).stderr).toBe('ritm: configuration: PORT: expected a whole number, got "eighty"\n');
    expect(ritm(['migrate'], { RITM_SECRET_KEY: 'c2hvcnQ=' }).stderr).toBe(
      'ritm: настройка RITM_SECRET_KEY: должен быть 32 байта, а раскодируется в 5: задайте 32 случайных байта в base64 (openssl rand -base64 32) или 64 шестнадцатеричные цифры\n',
    );
  });

  it('names the database it cannot reach and what to check, its password hidden, rather than the driver alone', () => {
    // Nothing listens on port 1 of the loopback; counts check asks the database at once, without waiting for it.
    const { code, stderr } = ritm(['counts', 'check', '--lang', 'en'], { DATABASE_URL: 'postgres://ritm:secret@127.0.0.1:1/ritm' });
    expect(code).toBe(1);
    expect(stderr).toBe('ritm: the database at postgres://ritm:***@127.0.0.1:1/ritm is not reachable (connect ECONNREFUSED 127.0.0.1:1); is it running, and is DATABASE_URL right?\n');
    expect(ritm(['counts', 'check'], { DATABASE_URL: 'postgres://ritm:secret@127.0.0.1:1/ritm' }).stderr).toBe(
      'ritm: база данных по адресу postgres://ritm:***@127.0.0.1:1/ritm недоступна (connect ECONNREFUSED 127.0.0.1:1); запущена ли она и верно ли задан DATABASE_URL?\n',
    );
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

  it('says which file or folder it cannot use and why, in the language asked, not the system’s words', () => {
    const missing = ritm(['import', '--org', '00000000-0000-4000-8000-000000000000', 'nowhere.csv']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^ritm: не удаётся открыть \/\S+\/nowhere\.csv: нет такого файла или папки\n$/);
    const folder = ritm(['import', '--org', '00000000-0000-4000-8000-000000000000', os.tmpdir(), '--lang', 'en']);
    expect(folder.stderr).toBe(`ritm: cannot open ${os.tmpdir()}: it is a folder, not a file\n`);
  });

  it('names RITM_DATA_DIR and the file standing where the data folder should be', () => {
    const file = path.join(dataDir, 'not-a-folder');
    fs.writeFileSync(file, '');
    const below = ritm(['counts', 'check'], { RITM_DATA_DIR: path.join(file, 'data') });
    expect(below.code).toBe(1);
    expect(below.stderr).toBe(
      `ritm: папку данных ${path.join(file, 'data')} (RITM_DATA_DIR) нельзя использовать: ${file} — файл, а не папка; укажите в RITM_DATA_DIR папку, в которую Ритм может записывать\n`,
    );
    const itself = ritm(['migrate', '--lang', 'en'], { RITM_DATA_DIR: file });
    expect(itself.code).toBe(1);
    expect(itself.stderr).toBe(`ritm: the data folder ${file} (RITM_DATA_DIR) cannot be used: ${file} is a file, not a folder; set RITM_DATA_DIR to a folder Ritm can write to\n`);
  });

  it('names the lock file, a dangling link and a name too long in words, not the system’s', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-cli-lock-'));
    const tail = '; set RITM_DATA_DIR to a folder Ritm can write to\n';
    try {
      // Node's read of a folder says «EISDIR: illegal operation on a directory, read», naming no path.
      fs.mkdirSync(path.join(folder, 'ritm.lock'));
      const locked = ritm(['migrate', '--lang', 'en'], { RITM_DATA_DIR: folder });
      expect(locked.code).toBe(1);
      expect(locked.stderr).toBe(`ritm: the data folder ${folder} (RITM_DATA_DIR) cannot be used: ${path.join(folder, 'ritm.lock')}: it is a folder, not a file${tail}`);
      const dangling = path.join(folder, 'dangling');
      fs.symlinkSync(path.join(folder, 'gone'), dangling);
      const linked = ritm(['counts', 'check'], { RITM_DATA_DIR: dangling });
      expect(linked.code).toBe(1);
      expect(linked.stderr).toBe(
        `ritm: папку данных ${dangling} (RITM_DATA_DIR) нельзя использовать: ${dangling} — символическая ссылка на несуществующий путь ${path.join(folder, 'gone')}; укажите в RITM_DATA_DIR папку, в которую Ритм может записывать\n`,
      );
      const long = path.join(folder, 'x'.repeat(300));
      const named = ritm(['migrate', '--lang', 'en'], { RITM_DATA_DIR: long });
      expect(named.code).toBe(1);
      expect(named.stderr).toBe(`ritm: the data folder ${long} (RITM_DATA_DIR) cannot be used: ${long}: the name or the path is too long${tail}`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  // Node's recursive mkdir looped there for ever (mkdir answers ENOENT below /proc/self, which exists).
  it.skipIf(!fs.existsSync('/proc/self'))('refuses a data folder under /proc at once, for serve too, rather than hanging', () => {
    const started = Date.now();
    const counted = ritm(['counts', 'check', '--lang', 'en'], { RITM_DATA_DIR: '/proc/self/ritm-data' }, 20_000);
    expect(counted.code, counted.stderr).toBe(1);
    expect(counted.stderr).toBe(
      'ritm: the data folder /proc/self/ritm-data (RITM_DATA_DIR) cannot be used: the system folder /proc/self takes no new files or folders; set RITM_DATA_DIR to a folder Ritm can write to\n',
    );
    const served = ritm(['serve'], { RITM_DATA_DIR: '/proc/self/ritm-data/deeper', PORT: '0', RITM_ADMIN_DIST: '/nonexistent' }, 20_000);
    expect(served.code).toBe(1);
    expect(served.stderr).toBe(
      'ritm: папку данных /proc/self/ritm-data/deeper (RITM_DATA_DIR) нельзя использовать: в системной папке /proc/self нельзя создавать файлы и папки; укажите в RITM_DATA_DIR папку, в которую Ритм может записывать\n',
    );
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it('says the embedded database in the folder cannot be opened and what to do, not PGlite’s words, for serve and the other commands', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-cli-damaged-'));
    const russian = (where: string) =>
      `ritm: встроенную базу данных в папке ${where} не удаётся открыть: её файлы повреждены или недоступны для чтения. Восстановите папку из резервной копии или укажите в RITM_DATA_DIR другую папку (в новой папке будет создана пустая база данных)\n`;
    const english = (where: string) =>
      `ritm: the embedded database in ${where} cannot be opened: its files are damaged or unreadable. Restore the folder from a backup, or set RITM_DATA_DIR to another folder (a new one starts with an empty database)\n`;
    try {
      // A real cluster whose control file is then garbage («Aborted()» from the WebAssembly)…
      const made = path.join(folder, 'made');
      expect(ritm(['migrate'], { RITM_DATA_DIR: made }).code).toBe(0);
      fs.writeFileSync(path.join(made, 'pg', 'global', 'pg_control'), 'garbage');
      for (const args of [['migrate'], ['counts', 'check'], ['serve', '--demo']]) {
        const { code, stderr } = ritm(args, { RITM_DATA_DIR: made, PORT: '0', RITM_ADMIN_DIST: '/nonexistent' });
        expect(code, args.join(' ')).toBe(1);
        expect(stderr).toBe(russian(made));
      }
      // …and one whose PG_VERSION is junk («PGlite failed to initialize properly»).
      const junk = path.join(folder, 'junk');
      fs.mkdirSync(path.join(junk, 'pg'), { recursive: true });
      fs.writeFileSync(path.join(junk, 'pg', 'PG_VERSION'), 'junk\n');
      const report = ritm(['report', 'compliance', '--org', '00000000-0000-4000-8000-000000000000', '--from', '2026-01-01', '--to', '2026-01-31', '--format', 'xlsx', path.join(folder, 'r.xlsx')], {
        RITM_DATA_DIR: junk,
        LANG: 'en_US.UTF-8',
      });
      expect(report.code).toBe(1);
      expect(report.stderr).toBe(english(junk));
      // Nothing was held: the lock went with the failed open.
      expect(fs.existsSync(path.join(made, 'ritm.lock'))).toBe(false);
      expect(fs.existsSync(path.join(junk, 'ritm.lock'))).toBe(false);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }, 240_000);

  it('says standard input is a folder when it is one, rather than that it is not JSON', () => {
    const folder = fs.openSync(os.tmpdir(), 'r');
    try {
      const run = (env: Record<string, string>) =>
        spawnSync(process.execPath, [bin, 'check', '-'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, stdio: [folder, 'pipe', 'pipe'], timeout: 60_000 });
      const english = run({});
      expect(english.status).toBe(2);
      expect(english.stderr).toBe('ritm check: cannot read standard input: it is a folder, not a file\n');
      expect(run({ LANG: 'ru_RU.UTF-8' }).stderr).toBe('ritm check: не удаётся прочитать стандартный ввод: это папка, а не файл\n');
    } finally {
      fs.closeSync(folder);
    }
  });

  it('tells a cluster of another PostgreSQL version, and a database that could not be created, from a damaged one', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-cli-cluster-'));
    try {
      const older = path.join(folder, 'older');
      fs.mkdirSync(path.join(older, 'pg'), { recursive: true });
      fs.writeFileSync(path.join(older, 'pg', 'PG_VERSION'), '16\n');
      const opened = ritm(['migrate'], { RITM_DATA_DIR: older });
      expect(opened.code).toBe(1);
      expect(opened.stderr).toBe(
        `ritm: встроенную базу данных в папке ${older} создал PostgreSQL 16, а встроенный PostgreSQL Ритма — версии ${EMBEDDED_PG_MAJOR}: открыть её может только PostgreSQL 16 (например, та версия Ритма, которая её создала). Чтобы начать с пустой базы данных, переместите папку в другое место или укажите в RITM_DATA_DIR другую папку\n`,
      );
      // A first initialisation that fails (a file where PostgreSQL makes a folder; a full disk alike) has nothing to restore.
      const fresh = path.join(folder, 'fresh');
      fs.mkdirSync(path.join(fresh, 'pg'), { recursive: true });
      fs.writeFileSync(path.join(fresh, 'pg', 'global'), '');
      const created = ritm(['serve', '--demo', '--lang', 'en'], { RITM_DATA_DIR: fresh, PORT: '0', RITM_ADMIN_DIST: '/nonexistent' });
      expect(created.code).toBe(1);
      expect(created.stderr).toBe(`ritm: the embedded database could not be created in ${fresh}: part of the path is a file, not a folder. Put that right, or set RITM_DATA_DIR to another folder\n`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it('says the address it cannot listen on and why, rather than blaming the database', async () => {
    const net = await import('node:net');
    const taken = net.createServer().listen(0, '127.0.0.1');
    // A folder of its own: serve migrates before it listens, and the last test migrates the suite's first.
    const served = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-cli-listen-'));
    await new Promise((resolve) => taken.once('listening', resolve));
    const port = String((taken.address() as { port: number }).port);
    try {
      const busy = ritm(['serve'], { PORT: port, RITM_ADMIN_DIST: '/nonexistent', RITM_DATA_DIR: served });
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain(`ritm: не удаётся слушать 127.0.0.1:${port}: адрес занят другим процессом; остановите его или задайте другой PORT\n`);
      const unknownHost = ritm(['serve', '--lang', 'en'], { HOST: 'nosuchhost.invalid', PORT: port, RITM_ADMIN_DIST: '/nonexistent', RITM_DATA_DIR: served });
      expect(unknownHost.stderr).toContain(`ritm: cannot listen on nosuchhost.invalid:${port}: no such host name; check HOST\n`);
      expect(unknownHost.stderr).not.toContain('DATABASE_URL');
    } finally {
      taken.close();
      fs.rmSync(served, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses to create a user without a valid e-mail or a long enough password', () => {
    expect(ritm(['user', 'create', '--email', 'nobody', '--password', 'long enough']).stderr).toContain('--email: укажите адрес электронной почты');
    expect(ritm(['user', 'create', '--email', 'a@b.ru', '--password', 'x'.repeat(201)]).code).toBe(2);
    const short = ritm(['user', 'create', '--email', 'a@b.ru', '--password', 'short']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--password');
  });

  it('migrates the embedded database, creates a user once, and leaves the folder unlocked', () => {
    const first = ritm(['migrate']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^применены: 20261122T0001_initial, /);
    expect(ritm(['migrate', '--lang', 'en']).stdout).toBe('the database is up to date\n');

    const created = ritm(['user', 'create', '--email', 'Chief@Example.org', '--password', 'long enough', '--admin']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^создан пользователь Chief@Example\.org \([0-9a-f-]{36}\) — администратор\n$/);
    const again = ritm(['user', 'create', '--email', 'chief@example.org', '--password', 'long enough'], { LANG: 'en_US.UTF-8' });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('ritm: a user with e-mail chief@example.org already exists\n');
    expect(fs.existsSync(path.join(dataDir, 'ritm.lock'))).toBe(false);
    // Four processes in a row, the first of which runs initdb in WebAssembly.
  }, 240_000);
});
