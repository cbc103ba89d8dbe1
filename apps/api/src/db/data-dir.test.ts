import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../http/messages.js';
import { DataDirError, makeDataDir } from './data-dir.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { openDatabase } from './connection.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-data-dir-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

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

  // Node's recursive mkdir never returns there (mkdir answers ENOENT below /proc/self, which exists).
  it.skipIf(!fs.existsSync('/proc/self'))('refuses a place under /proc at once rather than looping', () => {
    const started = Date.now();
    expect(saidBy(() => makeDataDir('/proc/self/ritm-data/pg'))).toBe(
      'the data folder /proc/self/ritm-data/pg (RITM_DATA_DIR) cannot be used: this system folder takes no new files or folders; set RITM_DATA_DIR to a folder Ritm can write to',
    );
    // /proc itself exists: the lock file is what it refuses.
    expect(saidBy(() => acquireDataDirLock('/proc'))).toContain('the data folder /proc (RITM_DATA_DIR) cannot be used: this system folder takes no new files or folders');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('says the embedded database cannot be opened when its files are garbage, and leaves the folder unlocked', async () => {
    const folder = path.join(scratch, 'damaged');
    fs.mkdirSync(path.join(folder, 'pg', 'global'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'pg', 'PG_VERSION'), '17\n');
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
});
