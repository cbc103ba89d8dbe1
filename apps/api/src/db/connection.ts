import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { preparedPool } from './prepared-pool.js';
import { serializeDialect } from './serialized-driver.js';
import { acquireDataDirLock } from './data-dir-lock.js';

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
}

/** How long a new server connection may take before the request answers 503 `unavailable`. */
const CONNECT_TIMEOUT_MS = 5_000;
/** How long the health check waits for the database before calling it unreachable. */
const PING_TIMEOUT_MS = 3_000;

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openServer(options.databaseUrl, options);
  return openEmbedded(options.dataDir ?? 'memory://', options.template);
}

async function openEmbedded(dataDir: string, template?: Blob): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const unlock = inMemory ? () => {} : acquireDataDirLock(dataDir);
  try {
    if (!inMemory) fs.mkdirSync(path.join(dataDir, 'pg'), { recursive: true });
    // Loaded here, not at the top: the embedded engine and its Kysely glue take over a second
    // to load, which commands that do not open the embedded database should not pay.
    const [{ PGlite }, { KyselyPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('kysely-pglite')]);
    const client = await PGlite.create(inMemory ? 'memory://' : path.join(dataDir, 'pg'), {
      parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value) },
      ...(template ? { loadDataDir: template } : {}),
    });
    const db = new Kysely<DB>({ dialect: serializeDialect(new KyselyPGlite(client).dialect) });
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
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === DATE_OID) return (value: string) => value;
      if (oid === INT8_OID) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
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
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparedPool(pool) }) });
  return {
    db,
    kind: 'postgres',
    location: redact(url),
    ...(options.schema ? { schema: options.schema } : {}),
    ping: () => withTimeout(sql`SELECT 1`.execute(db), PING_TIMEOUT_MS),
    close: () => db.destroy(),
  };
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

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
