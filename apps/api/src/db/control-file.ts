import fs from 'node:fs';
import path from 'node:path';

// The embedded database allows one process, so a command run while `ritm serve` holds the data
// folder asks the server instead (issue 14's control channel). The server says where and with
// which secret in this file, readable by its owner only; it is removed when the server closes.

export interface ControlFile {
  /** The server's own address, on loopback. */
  url: string;
  /** A fresh random secret per start: `Authorization: Bearer <token>` on `/api/control/…`. */
  token: string;
}

export function controlFilePath(dataDir: string): string {
  return path.join(dataDir, 'ritm-control.json');
}

/** Writes the file for this start, readable and writable by the server's user only. */
export function writeControlFile(dataDir: string, control: ControlFile): void {
  const file = controlFilePath(dataDir);
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, JSON.stringify(control), { mode: 0o600, flag: 'wx' });
}

/** The file's content, or undefined when there is none (or it is not one this server wrote). */
export function readControlFile(dataDir: string): ControlFile | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(controlFilePath(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
  const { url, token } = (parsed ?? {}) as Partial<ControlFile>;
  return typeof url === 'string' && typeof token === 'string' ? { url, token } : undefined;
}

/** Removes the file if it is still this start's (a newer server may have written its own). */
export function removeControlFile(dataDir: string, token: string): void {
  if (readControlFile(dataDir)?.token === token) fs.rmSync(controlFilePath(dataDir), { force: true });
}
