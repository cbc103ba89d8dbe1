import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the test's own, to stop and start at will (the shared test server must
 * not go down under other test files). Made with initdb and pg_ctl, as `.ci/run` makes its own:
 * as the `postgres` user when the tests run as root, since PostgreSQL refuses to run as root.
 */
export interface PgCluster {
  url: string;
  start(): Promise<void>;
  /** `immediate` is the crash-like stop: backends are killed, connections cut, no checkpoint. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

/** The newest installed PostgreSQL's bin folder, or undefined. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  return newest === undefined ? undefined : path.join(root, newest, 'bin');
}

/**
 * Whether tests may start private clusters here. CI installs PostgreSQL (`.ci/run`), so there a
 * missing binary is an error, not a reason to skip.
 */
export function canRunClusters(what: string): boolean {
  if (postgresBin() !== undefined) return true;
  if (process.env.CI === 'true') throw new Error(`${what} needs PostgreSQL's initdb and pg_ctl (/usr/lib/postgresql/*/bin), which CI installs`);
  console.warn(`skipped: ${what} needs PostgreSQL's initdb and pg_ctl in /usr/lib/postgresql/*/bin`);
  return false;
}

/** A port nothing listens on (just now). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Runs initdb in a fresh folder; the cluster is not started. */
export async function createCluster(): Promise<PgCluster> {
  const { dir, user, as } = await clusterFolder();
  const data = path.join(dir, 'data');
  await as('initdb', ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync']);
  return clusterIn(dir, user, as);
}

/**
 * A streaming replica of a running cluster of {@link createCluster} (whose defaults allow it:
 * `wal_level=replica`, and initdb's pg_hba trusts replication from 127.0.0.1): `pg_basebackup -R`
 * copies it and writes how to follow it; the replica is not started. Started, it is a hot standby
 * on a port of its own, answering reads and refusing writes.
 */
export async function createReplica(primary: PgCluster): Promise<PgCluster> {
  const { dir, user, as } = await clusterFolder();
  const source = new URL(primary.url);
  await as('pg_basebackup', ['-D', path.join(dir, 'data'), '-R', '-X', 'stream', '--no-sync', '-h', source.hostname, '-p', source.port, '-U', decodeURIComponent(source.username)]);
  return clusterIn(dir, user, as);
}

type RunAs = (command: string, args: string[]) => Promise<unknown>;

/** A fresh folder for a cluster, owned by the user PostgreSQL runs as (`postgres` when the tests run as root). */
async function clusterFolder(): Promise<{ dir: string; user: string; as: RunAs }> {
  const bin = postgresBin();
  if (bin === undefined) throw new Error('PostgreSQL binaries not found');
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? 'postgres' : os.userInfo().username;
  const as: RunAs = (command, args) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]) : run(path.join(bin, command), args);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-pg-'));
  if (asRoot) fs.chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), Number((await run('id', ['-g', 'postgres'])).stdout.trim()));
  return { dir, user, as };
}

/** The cluster whose files are in `dir`/data, on a free port of 127.0.0.1, its socket in `dir`. */
async function clusterIn(dir: string, user: string, as: RunAs): Promise<PgCluster> {
  const data = path.join(dir, 'data');
  const port = await freePort();
  const pgCtl = (args: string[]) => as('pg_ctl', ['-D', data, ...args]);
  let running = false;
  return {
    url: `postgres://${user}@127.0.0.1:${port}/postgres`,
    start: async () => {
      await pgCtl(['-l', path.join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`, 'start']);
      running = true;
    },
    stop: async (mode = 'immediate') => {
      await pgCtl(['-m', mode, '-w', 'stop']);
      running = false;
    },
    destroy: async () => {
      if (running) await pgCtl(['-m', 'immediate', '-w', 'stop']).catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
