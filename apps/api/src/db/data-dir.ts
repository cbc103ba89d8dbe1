import fs from 'node:fs';
import path from 'node:path';
import { fileFaultReason, message, render, type Message } from '../http/messages.js';

/**
 * The data folder (RITM_DATA_DIR) cannot be used, or the embedded database in it cannot be
 * opened or created, in the catalogue's words (`cli.dataDirUnusable`, `cli.embedded*`); what the
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
 * The PostgreSQL major version PGlite embeds, as a cluster it makes writes it in `PG_VERSION`.
 * PGlite does not expose it before a cluster is open; data-dir.test.ts pins it against a freshly
 * made cluster, so an upgrade of PGlite to another major version fails that test rather than
 * telling users a wrong version.
 */
export const EMBEDDED_PG_MAJOR = '18';

/**
 * Makes `folder` (the data folder or one inside it) and its missing parents, one level at a time.
 * Node's `mkdirSync(…, { recursive: true })` tries again for ever a level whose parent exists but
 * answers ENOENT (anywhere under /proc): here each level of the path is made once, so the work is
 * bounded by the path's depth.
 * @throws DataDirError naming `dataDir` and the level the system refused.
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
    // A link to nothing, or round in a loop: no folder to use.
    return false;
  }
}

/**
 * A file system fault met making, reading or writing `at` in the data folder, as a DataDirError
 * that names RITM_DATA_DIR and the path the system refused; any other error as it was.
 */
export function unusableDataDir(dataDir: string, error: unknown, at: string): unknown {
  const reason = refusal(error, at);
  return reason === undefined ? error : new DataDirError(dataDir, message('cli.dataDirUnusable', { folder: dataDir, reason }), { cause: error });
}

function refusal(error: unknown, at: string): Message | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EEXIST') return inTheWay(at);
  if (code === 'ENOENT') {
    // Making `at` answers ENOENT although its parent is a folder: a system folder (/proc,
    // /proc/self) that takes no new entries. A parent gone (removed meanwhile) is just missing.
    const parent = path.dirname(at);
    return isFolder(parent) ? message('cli.dataDir.system', { path: parent }) : message('cli.dataDir.fault', { path: parent, reason: message('cli.fs.ENOENT') });
  }
  const reason = fileFaultReason(error);
  return reason === undefined ? undefined : message('cli.dataDir.fault', { path: at, reason });
}

/** What stands at `at` where a folder should be: a file, or a link that leads nowhere or round in a loop. */
function inTheWay(at: string): Message {
  let link: string | undefined;
  try {
    if (fs.lstatSync(at).isSymbolicLink()) link = fs.readlinkSync(at);
  } catch {
    // Gone meanwhile: what was there is all there is to say.
  }
  if (link !== undefined) {
    try {
      fs.statSync(at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') return message('cli.dataDir.linkLoop', { path: at });
      if (code === 'ENOENT') return message('cli.dataDir.danglingLink', { path: at, target: link });
    }
  }
  return message('cli.dataDir.notFolder', { path: at });
}

/**
 * What the cluster's `PG_VERSION` says before PGlite opens the folder `pg`: undefined when there
 * is none (no cluster yet: PGlite will make one), null when it is there but cannot be read.
 */
export function clusterVersion(pg: string): string | null | undefined {
  try {
    return fs.readFileSync(path.join(pg, 'PG_VERSION'), 'utf8').trim();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
  }
}

/**
 * PGlite could not open or make the cluster in the folder: whatever it says (`Aborted()`, an
 * `ErrnoError` with no words at all) names neither the folder nor a remedy. Which remedy depends
 * on what was there before the open (`before`, from {@link clusterVersion}): no cluster, so making
 * one failed (nothing to restore); a cluster of another PostgreSQL major version (whole, but not
 * for this PostgreSQL); or a cluster of ours that PGlite cannot start, damaged or unreadable.
 */
export function unopenedEmbedded(dataDir: string, error: unknown, before: string | null | undefined): DataDirError {
  const said =
    before === undefined
      ? message('cli.embeddedNotCreated', { folder: dataDir, cause: causeOf(error) })
      : before !== null && /^\d+(\.\d+)?$/.test(before) && before !== EMBEDDED_PG_MAJOR
        ? message('cli.embeddedOtherVersion', { folder: dataDir, found: before, embedded: EMBEDDED_PG_MAJOR })
        : message('cli.embeddedDamaged', { folder: dataDir });
  return new DataDirError(dataDir, said, { cause: error });
}

// The WebAssembly file system's errors carry WASI's errno and no message: the ones a user can
// put right, as Node's codes (WASI errno numbers, wasi-libc's __errno_values.h).
const WASI_ERRNO: Record<number, string> = { 2: 'EACCES', 20: 'EEXIST', 31: 'EISDIR', 37: 'ENAMETOOLONG', 44: 'ENOENT', 51: 'ENOSPC', 54: 'ENOTDIR', 63: 'EPERM', 68: 'EROFS' };

/** The words of what made creating the cluster fail: the catalogue's for a file system fault, the error's own otherwise. */
function causeOf(error: unknown): Message | string {
  const errno = (error as { errno?: unknown } | null)?.errno;
  const code = (error as { code?: unknown } | null)?.code ?? (typeof errno === 'number' ? WASI_ERRNO[errno] : undefined);
  const words = fileFaultReason({ code });
  if (words !== undefined) return words;
  if (error instanceof Error && error.message !== '') return error.message;
  return typeof errno === 'number' ? `${(error as { name?: unknown }).name ?? 'error'} ${errno}` : String(error);
}
