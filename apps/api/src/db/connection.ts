import path from 'node:path';
import { Kysely, PostgresDialect, sql, type PostgresPool } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { preparedPool } from './prepared-pool.js';
import { serializeDialect } from './serialized-driver.js';
import { withShapedCompiler } from './shaped-compiler.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { clusterVersion, makeDataDir, unopenedEmbedded } from './data-dir.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Where the embedded database lives, or a redacted server URL. */
  location: string;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The server schema the database was opened on (tests get one each); the job runner keeps its tables there too. */
  schema?: string;
  /** The embedded database's files as an archive (tests use it as a template); absent on a server. */
  dump?: () => Promise<Blob>;
  /** The streaming replica dashboards and reports read from (DATABASE_READ_URL), when there is one. */
  replica?: ReadReplica;
}

/**
 * A PostgreSQL streaming replica beside the primary, with its own small pool. Its `db` borrows
 * replica connections while the replica answers and primary ones while it does not: a dashboard
 * read then costs the primary a little more instead of failing. Only read-only work belongs on it
 * (a hot standby refuses writes).
 */
export interface ReadReplica {
  db: Kysely<DB>;
  /** The replica's server URL, redacted. */
  location: string;
  /**
   * Whether the replica itself answers (never the primary in its place) and how far its replay is
   * behind, in seconds: 0 when it has replayed all it received, null when it is no replica
   * (not in recovery) or has replayed nothing yet.
   */
  status(): Promise<ReplicaStatus>;
}

export interface ReplicaStatus {
  reachable: boolean;
  lagSeconds: number | null;
}

// Dates ('date', OID 1082) stay 'YYYY-MM-DD' text: they are local calendar dates, and turning
// them into a JavaScript Date would place them at a UTC midnight that means nothing.
// Counts ('int8', OID 20) become numbers; they never approach 2^53 here.
const DATE_OID = 1082;
const INT8_OID = 20;

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** PostgreSQL schema to use on a server (tests get one each). */
  schema?: string;
  /** Largest number of pooled server connections. */
  poolSize?: number;
  /** An embedded database's files to start from (a `dumpDataDir` archive), instead of an empty cluster. */
  template?: Blob;
  /** Told of every server connection that fails (the server stopped, the network dropped); for the log. */
  onConnectionError?: (error: Error) => void;
  /** A streaming replica of `databaseUrl` to read dashboards and reports from (DATABASE_READ_URL). */
  readUrl?: string | undefined;
  /** Largest number of pooled replica connections. */
  readPoolSize?: number;
  /** Told when a read goes to the primary because the replica could not be reached; for the log. */
  onReplicaFallback?: (error: Error) => void;
}

/** How long a new server connection may take before the request answers 503 `unavailable`. */
const CONNECT_TIMEOUT_MS = 5_000;
/** How long the health check waits for the database before calling it unreachable. */
const PING_TIMEOUT_MS = 3_000;
/** How long reads stay on the primary after the replica could not be reached, before it is tried again. */
const REPLICA_RETRY_MS = 10_000;

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openServer(options.databaseUrl, options);
  return openEmbedded(options.dataDir ?? 'memory://', options.template);
}

async function openEmbedded(dataDir: string, template?: Blob): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const unlock = inMemory ? () => {} : acquireDataDirLock(dataDir);
  try {
    const pg = path.join(dataDir, 'pg');
    if (!inMemory) makeDataDir(dataDir, pg);
    // Read before PGlite runs: a first initialisation that fails half-way may leave a PG_VERSION.
    const before = inMemory ? undefined : clusterVersion(pg);
    // Loaded here, not at the top: the embedded engine and its Kysely glue take over a second
    // to load, which commands that do not open the embedded database should not pay.
    const [{ PGlite }, { KyselyPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('kysely-pglite')]);
    let client: InstanceType<typeof PGlite>;
    try {
      client = await PGlite.create(inMemory ? 'memory://' : pg, {
        parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value) },
        ...(template ? { loadDataDir: template } : {}),
      });
    } catch (error) {
      if (inMemory) throw error;
      // Classified here, where `serve` and every command open the folder. PGlite failing to start
      // on the files it found (a garbled pg_control aborts the WebAssembly) says only «Aborted()»
      // or «PGlite failed to initialize properly», as it does for a cluster of another major
      // version. Its file faults do not reach us as Node's (the WebAssembly file system turns
      // them into its own errors), so an unreadable file reads the same.
      throw unopenedEmbedded(dataDir, error, before);
    }
    const db = new Kysely<DB>({ dialect: withShapedCompiler(serializeDialect(new KyselyPGlite(client).dialect)) });
    return {
      db,
      kind: 'pglite',
      location: inMemory ? 'memory' : dataDir,
      dump: () => client.dumpDataDir('none') as Promise<Blob>,
      ping: async () => {
        await sql`SELECT 1`.execute(db);
      },
      close: async () => {
        try {
          await db.destroy();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openServer(url: string, options: OpenOptions): Promise<Database> {
  const primary = serverPool(url, options, options.poolSize ?? 10);
  const db = new Kysely<DB>({ dialect: withShapedCompiler(new PostgresDialect({ pool: primary.prepared })) });
  const replica = options.readUrl ? openReplica(options.readUrl, options, primary.prepared) : undefined;
  return {
    db,
    kind: 'postgres',
    location: redact(url),
    ...(options.schema ? { schema: options.schema } : {}),
    ...(replica ? { replica } : {}),
    ping: () => withTimeout(sql`SELECT 1`.execute(db), PING_TIMEOUT_MS),
    close: async () => {
      try {
        await replica?.db.destroy();
      } finally {
        await db.destroy();
      }
    },
  };
}

function openReplica(url: string, options: OpenOptions, primary: PostgresPool): ReadReplica {
  const replica = serverPool(url, options, options.readPoolSize ?? 4);
  const db = new Kysely<DB>({ dialect: withShapedCompiler(new PostgresDialect({ pool: fallbackPool(replica, primary, options.onReplicaFallback) })) });
  return {
    db,
    location: redact(url),
    status: async () => {
      try {
        // Asked of the replica's own pool: the fallback would answer for the primary.
        const lag = replica.pool.query<{ lag: number | null }>(REPLICA_LAG);
        await withTimeout(lag, PING_TIMEOUT_MS);
        const { rows } = await lag;
        return { reachable: true, lagSeconds: rows[0]?.lag ?? null };
      } catch {
        return { reachable: false, lagSeconds: null };
      }
    },
  };
}

/**
 * Seconds the replica's replay is behind. `now() - pg_last_xact_replay_timestamp()` alone grows
 * while the primary is idle (the last replayed transaction just gets older), so a replica that has
 * replayed everything it received is 0 behind. Null on a server not in recovery.
 */
const REPLICA_LAG = `SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN NULL
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE GREATEST(0, EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()))::float8
END AS lag`;

/**
 * Replica connections while the replica can be reached; when borrowing one fails (refused, timed
 * out, the server starting up or gone), a primary connection instead, and only primary ones for
 * {@link REPLICA_RETRY_MS} so that every read does not wait on a dead server first. A replica
 * whose connections were all lent out for the whole wait is busy, not down: that read alone goes
 * to the primary. Each connection goes back to the pool it came from (Kysely releases the client
 * it was given). Ending it ends the replica's pool only: the primary's belongs to the primary's
 * Kysely.
 */
function fallbackPool(replica: { pool: pg.Pool; prepared: PostgresPool }, primary: PostgresPool, onFallback: (error: Error) => void = () => {}): PostgresPool {
  let primaryUntil = 0;
  return {
    async connect() {
      if (Date.now() >= primaryUntil) {
        try {
          return await replica.prepared.connect();
        } catch (error) {
          // Every replica connection lent out the whole wait: the replica is busy, not down. This
          // read goes to the primary; the next ones try the replica again, and nothing is reported.
          const busy = replica.pool.totalCount >= (replica.pool.options.max ?? 10) && replica.pool.idleCount === 0;
          if (!busy) {
            primaryUntil = Date.now() + REPLICA_RETRY_MS;
            onFallback(error instanceof Error ? error : new Error(String(error)));
          }
        }
      }
      return primary.connect();
    },
    end: () => replica.prepared.end(),
  };
}

/** A `pg` pool on `url` and the prepared-statement pool Kysely is given over it. */
function serverPool(url: string, options: OpenOptions, max: number): { pool: pg.Pool; prepared: PostgresPool } {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === DATE_OID) return (value: string) => value;
      if (oid === INT8_OID) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: types as pg.CustomTypesConfig,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // A client whose server goes away emits `error`, and an `error` event nobody listens to ends the
  // process. pg-pool listens only while a client is idle; a client lent to a request (in a
  // transaction, between two statements) had no listener, and `ritm serve` died with PostgreSQL.
  // So every client gets one for its whole life; its query in flight fails on its own, the
  // request answers 503 (plugins/errors.ts), and the pool drops the client (prepared-pool.ts).
  const report = options.onConnectionError ?? (() => {});
  pool.on('connect', (client) => client.on('error', report));
  pool.on('error', report);
  return { pool, prepared: preparedPool(pool) };
}

/** The promise, or a rejection once `ms` pass: a server that stopped answering is not reachable. */
async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`the database did not answer in ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A server's URL as logs may show it: its password hidden. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
