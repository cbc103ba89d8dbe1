import fs from 'node:fs';
import path from 'node:path';
import { makeDataDir, unusableDataDir } from './data-dir.js';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`the data folder ${dataDir} is in use by process ${pid}; stop it first (the embedded database allows one process)`);
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the embedded database's data folder for this process. PGlite is a single-process
 * database: two processes writing one folder would corrupt it. A lock left by a process
 * that died is taken over.
 * @returns a function that releases the lock.
 * @throws DataDirError when the folder cannot be made or written, or its lock file read or removed
 * (a file in the way, /proc, no permission, a folder named ritm.lock).
 */
export function acquireDataDirLock(dataDir: string): () => void {
  makeDataDir(dataDir);
  const file = path.join(dataDir, 'ritm.lock');
  // What the system refuses about the lock file itself (a folder named ritm.lock, no permission)
  // names it in the catalogue's words: Node's EISDIR from a read names no path at all.
  const named = <T>(use: () => T): T => {
    try {
      return use();
    } catch (error) {
      throw unusableDataDir(dataDir, error, file);
    }
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unusableDataDir(dataDir, error, file);
      const owner = Number(named(() => fs.readFileSync(file, 'utf8')));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new DataDirLockedError(dataDir, owner);
      }
      named(() => fs.rmSync(file, { force: true }));
    }
  }
  throw new DataDirLockedError(dataDir, -1);
}
