import fs from 'node:fs';
import path from 'node:path';
import { fileFaultReason, message, render, type Message } from '../http/messages.js';

/**
 * The data folder (RITM_DATA_DIR) cannot be used, or the embedded database in it cannot be
 * opened, in the catalogue's words (`cli.dataDirUnusable`, `cli.embeddedDamaged`); what the
 * system or PGlite said is its `cause`, for whoever debugs.
 */
export class DataDirError extends Error {
  override name = 'DataDirError';
  constructor(
    readonly dataDir: string,
    readonly said: Message,
    options?: ErrorOptions,
  ) {
    super(render(said, 'en'), options);
  }
}

/**
 * Makes `folder` (the data folder or one inside it) and its missing parents, one level at a time.
 * Node's `mkdirSync(…, { recursive: true })` tries again for ever a level whose parent exists but
 * answers ENOENT (anywhere under /proc): here each level of the path is made once, so the work is
 * bounded by the path's depth.
 * @throws DataDirError naming `dataDir` when a level is a file, or the system refuses the folder.
 */
export function makeDataDir(dataDir: string, folder: string = dataDir): void {
  const absolute = path.resolve(folder);
  const { root } = path.parse(absolute);
  let at = root;
  for (const level of absolute.slice(root.length).split(path.sep)) {
    if (level === '') continue;
    at = path.join(at, level);
    try {
      fs.mkdirSync(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(at)) continue;
      throw unusableDataDir(dataDir, error, at);
    }
  }
}

function isFolder(at: string): boolean {
  try {
    return fs.statSync(at).isDirectory();
  } catch {
    // A link to nothing: no folder to use.
    return false;
  }
}

/**
 * A file system fault met making or writing `at` in the data folder, as a DataDirError that names
 * the folder and RITM_DATA_DIR; any other error as it was.
 */
export function unusableDataDir(dataDir: string, error: unknown, at: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  // ENOENT although every level above exists: a system folder (/proc, /proc/self) that takes
  // no new entries. EEXIST: a file where a folder should be (a dangling link reads so too).
  const reason = code === 'ENOENT' ? message('cli.dataDir.system') : code === 'EEXIST' ? message('cli.dataDir.notFolder', { path: at }) : fileFaultReason(error);
  return reason === undefined ? error : new DataDirError(dataDir, message('cli.dataDirUnusable', { folder: dataDir, reason }), { cause: error });
}

/** PGlite could not open the cluster in the folder: whatever it says (`Aborted()`) names neither the folder nor a remedy. */
export function damagedDataDir(dataDir: string, error: unknown): DataDirError {
  return new DataDirError(dataDir, message('cli.embeddedDamaged', { folder: dataDir }), { cause: error });
}
