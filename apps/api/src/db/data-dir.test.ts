import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { render } from '../http/messages.js';
import { DataDirError, EMBEDDED_PG_MAJOR, makeDataDir, unopenedEmbedded } from './data-dir.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { openDatabase } from './connection.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-data-dir-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

/** What `fn` threw, rendered in English, or a failure when it threw nothing or something else. */
function saidBy(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataDirError);
    return render((error as DataDirError).said, 'en');
  }
  throw new Error('nothing was thrown');
}

describe('the data folder', () => {
  it('is made with every missing parent, and made again without complaint', () => {
    const folder = path.join(scratch, 'a', 'b', 'c');
    makeDataDir(folder, path.join(folder, 'pg'));
    makeDataDir(folder, path.join(folder, 'pg'));
    expect(fs.statSync(path.join(folder, 'pg')).isDirectory()).toBe(true);
  });

  it('names the file that stands where a folder should, itself or above it', () => {
    const file = path.join(scratch, 'a-file');
    fs.writeFileSync(file, '');
    expect(saidBy(() => makeDataDir(file))).toBe(
      `the data folder ${file} (RITM_DATA_DIR) cannot be used: ${file} is a file, not a folder; set RITM_DATA_DIR to a folder Ritm can write to`,
    );
    const below = path.join(file, 'x', 'y');
    expect(saidBy(() => acquireDataDirLock(below))).toContain(`the data folder ${below} (RITM_DATA_DIR) cannot be used: ${file} is a file, not a folder`);
  });

  it('names a link that leads nowhere or round in a loop as a link, not as a file', () => {
    const dangling = path.join(scratch, 'dangling');
    fs.symlinkSync(path.join(scratch, 'nowhere'), dangling);
    expect(saidBy(() => makeDataDir(path.join(dangling, 'data')))).toBe(
      `the data folder ${path.join(dangling, 'data')} (RITM_DATA_DIR) cannot be used: ${dangling} is a symbolic link to ${path.join(scratch, 'nowhere')}, which does not exist; set RITM_DATA_DIR to a folder Ritm can write to`,
    );
    const loop = path.join(scratch, 'loop');
    fs.symlinkSync(loop, loop);
    expect(saidBy(() => acquireDataDirLock(loop))).toBe(
      `the data folder ${loop} (RITM_DATA_DIR) cannot be used: ${loop} is a symbolic link that leads round in a loop; set RITM_DATA_DIR to a folder Ritm can write to`,
    );
  });

  // Node's recursive mkdir never returns there (mkdir answers ENOENT below /proc/self, which exists).
  it.skipIf(!fs.existsSync('/proc/self'))('refuses a place under /proc at once, naming the system folder, rather than looping', () => {
    const started = Date.now();
    expect(saidBy(() => makeDataDir('/proc/self/ritm-data/pg'))).toBe(
      'the data folder /proc/self/ritm-data/pg (RITM_DATA_DIR) cannot be used: the system folder /proc/self takes no new files or folders; set RITM_DATA_DIR to a folder Ritm can write to',
    );
    // /proc itself exists: the lock file is what it refuses.
    expect(saidBy(() => acquireDataDirLock('/proc'))).toContain('the data folder /proc (RITM_DATA_DIR) cannot be used: the system folder /proc takes no new files or folders');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('calls a parent removed while the folder is made missing, not a system folder', () => {
    const parent = path.join(scratch, 'raced');
    const folder = path.join(parent, 'data', 'pg');
    const mkdir = fs.mkdirSync.bind(fs);
    vi.spyOn(fs, 'mkdirSync').mockImplementation((at, options) => {
      // Another process removes the level just made before the next one is made in it.
      if (at === path.join(parent, 'data')) fs.rmSync(parent, { recursive: true });
      return mkdir(at, options);
    });
    expect(saidBy(() => makeDataDir(folder))).toBe(
      `the data folder ${folder} (RITM_DATA_DIR) cannot be used: ${parent}: no such file or folder; set RITM_DATA_DIR to a folder Ritm can write to`,
    );
  });

  it('names the level the system refuses: no permission, a read-only file system, a full disk', () => {
    // Faked: the tests may run as root, whom no permission is refused.
    const folder = path.join(scratch, 'refused', 'data');
    const mkdir = fs.mkdirSync.bind(fs);
    for (const [code, reason] of [
      ['EACCES', 'permission denied'],
      ['EPERM', 'permission denied'],
      ['EROFS', 'the file system is read-only'],
      ['ENOSPC', 'no space left on the disk'],
    ]) {
      vi.spyOn(fs, 'mkdirSync').mockImplementation((at, options) => {
        if (at === folder) throw Object.assign(new Error(`${code}: mkdir '${at}'`), { code, path: at });
        return mkdir(at, options);
      });
      expect(saidBy(() => makeDataDir(folder)), code).toBe(`the data folder ${folder} (RITM_DATA_DIR) cannot be used: ${folder}: ${reason}; set RITM_DATA_DIR to a folder Ritm can write to`);
      vi.restoreAllMocks();
    }
  });

  it('says a name too long for the file system in words', () => {
    const folder = path.join(scratch, 'x'.repeat(300), 'data');
    expect(saidBy(() => makeDataDir(folder))).toBe(
      `the data folder ${folder} (RITM_DATA_DIR) cannot be used: ${path.dirname(folder)}: the name or the path is too long; set RITM_DATA_DIR to a folder Ritm can write to`,
    );
  });

  it('names the lock file when a folder stands in its place', () => {
    const folder = path.join(scratch, 'locked-by-a-folder');
    fs.mkdirSync(path.join(folder, 'ritm.lock'), { recursive: true });
    expect(saidBy(() => acquireDataDirLock(folder))).toBe(
      `the data folder ${folder} (RITM_DATA_DIR) cannot be used: ${path.join(folder, 'ritm.lock')}: it is a folder, not a file; set RITM_DATA_DIR to a folder Ritm can write to`,
    );
  });

  it('says the embedded database cannot be opened when its files are garbage, and leaves the folder unlocked', async () => {
    const folder = path.join(scratch, 'damaged');
    fs.mkdirSync(path.join(folder, 'pg', 'global'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'pg', 'PG_VERSION'), `${EMBEDDED_PG_MAJOR}\n`);
    fs.writeFileSync(path.join(folder, 'pg', 'global', 'pg_control'), 'not a control file');
    const error = await openDatabase({ dataDir: folder }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataDirError);
    expect(render((error as DataDirError).said, 'en')).toBe(
      `the embedded database in ${folder} cannot be opened: its files are damaged or unreadable. Restore the folder from a backup, or set RITM_DATA_DIR to another folder (a new one starts with an empty database)`,
    );
    // PGlite's own words stay with the error, for whoever debugs.
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(fs.existsSync(path.join(folder, 'ritm.lock'))).toBe(false);
  });

  it('knows the PostgreSQL major version PGlite makes its clusters with', async () => {
    const folder = path.join(scratch, 'fresh');
    const database = await openDatabase({ dataDir: folder });
    await database.close();
    expect(fs.readFileSync(path.join(folder, 'pg', 'PG_VERSION'), 'utf8').trim()).toBe(EMBEDDED_PG_MAJOR);
  });

  it('says a cluster of another PostgreSQL major version is one, naming both versions, rather than calling it damaged', async () => {
    for (const found of ['16', '15']) {
      const folder = path.join(scratch, `postgres-${found}`);
      fs.mkdirSync(path.join(folder, 'pg', 'global'), { recursive: true });
      fs.writeFileSync(path.join(folder, 'pg', 'PG_VERSION'), `${found}\n`);
      expect(await openedSaid(folder)).toBe(
        `the embedded database in ${folder} was made by PostgreSQL ${found}, and Ritm's embedded PostgreSQL is version ${EMBEDDED_PG_MAJOR}: only PostgreSQL ${found} can open it (for example the Ritm release that made it). To start with an empty database, move the folder aside or set RITM_DATA_DIR to another folder`,
      );
      expect(fs.readFileSync(path.join(folder, 'pg', 'PG_VERSION'), 'utf8')).toBe(`${found}\n`);
    }
  });

  it('says the embedded database could not be created, and why, when a new folder cannot take a cluster', async () => {
    // No cluster before the open, and initialisation fails half-way (here a file where PostgreSQL makes its `global` folder).
    const folder = path.join(scratch, 'not-created');
    fs.mkdirSync(path.join(folder, 'pg'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'pg', 'global'), '');
    expect(await openedSaid(folder)).toBe(
      `the embedded database could not be created in ${folder}: part of the path is a file, not a folder. Put that right, or set RITM_DATA_DIR to another folder`,
    );
    expect(fs.existsSync(path.join(folder, 'ritm.lock'))).toBe(false);
  });

  it("words why creating the cluster failed: the file system's errno in the catalogue's words, any other error by its own", () => {
    // What the WebAssembly file system throws: WASI's errno, no message (51 is ENOSPC).
    const full = Object.assign(new Error(), { name: 'ErrnoError', errno: 51 });
    expect(render(unopenedEmbedded('/srv/ritm', full, undefined).said, 'ru')).toBe(
      'не удалось создать встроенную базу данных в папке /srv/ritm: на диске нет места. Устраните причину или укажите в RITM_DATA_DIR другую папку',
    );
    expect(render(unopenedEmbedded('/srv/ritm', new Error('PGlite failed to initialize properly'), undefined).said, 'en')).toBe(
      'the embedded database could not be created in /srv/ritm: PGlite failed to initialize properly. Put that right, or set RITM_DATA_DIR to another folder',
    );
    expect(render(unopenedEmbedded('/srv/ritm', Object.assign(new Error(), { name: 'ErrnoError', errno: 29 }), undefined).said, 'en')).toContain(': ErrnoError 29.');
    // A PG_VERSION there but unreadable, or junk: a cluster of ours that cannot be opened.
    expect(unopenedEmbedded('/srv/ritm', full, null).said.key).toBe('cli.embeddedDamaged');
    expect(unopenedEmbedded('/srv/ritm', full, 'junk').said.key).toBe('cli.embeddedDamaged');
  });
});

/** What opening the embedded database in `folder` said, in English. */
async function openedSaid(folder: string): Promise<string> {
  const error = await openDatabase({ dataDir: folder }).then(
    async (database) => {
      await database.close();
      return new Error('it opened');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataDirError);
  return render((error as DataDirError).said, 'en');
}
