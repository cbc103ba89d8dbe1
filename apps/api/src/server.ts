import { getHeapStatistics } from 'node:v8';
import type { FastifyServerOptions } from 'fastify';
import { buildApp, type App } from './app.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connection.js';
import { migrateToLatest } from './db/migrate.js';
import { waitForDatabase } from './db/wait.js';

export interface RunningServer {
  app: App;
  database: Database;
  url: string;
  /** Stops accepting requests, lets those in flight finish, then closes the database. */
  close(): Promise<void>;
}

function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false;
  return config.prettyLogs
    ? { level: config.logLevel, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } }
    : { level: config.logLevel };
}

export interface StartOptions {
  /** Runs after migrations and before listening (e.g. loading demo data). */
  beforeListen?: (database: Database) => Promise<void>;
}

/**
 * Opens the database, waits for a server that is not up yet (RITM_DB_WAIT_SECONDS), migrates it,
 * builds the app and listens. The app is built first only to log through its logger; it answers
 * nothing before the database is migrated.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  let app: App | undefined;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onConnectionError: (error) => app?.log.warn({ err: error }, 'a database connection failed'),
    readUrl: config.databaseReadUrl,
    onReplicaFallback: (error) => app?.log.warn({ err: error }, 'the read replica is not reachable: dashboards and reports read the primary for now'),
  });
  try {
    app = await buildApp({ config, database, logger: loggerOptions(config) });
    const log = app.log;
    // The caches hold up to RITM_CACHE_MB, and a summary being judged needs room beside them:
    // bin/ritm.mjs gives V8 a 512 MB old generation, which holds a budget of up to 64 MB.
    const heapLimit = getHeapStatistics().heap_size_limit;
    const heapWanted = config.cacheBytes * 4 + 256 * 1_048_576;
    if (heapWanted > heapLimit) {
      log.warn(
        `RITM_CACHE_MB=${config.cacheBytes / 1_048_576} wants a heap of ${Math.ceil(heapWanted / 1_048_576)} MB, more than this process has (${Math.floor(heapLimit / 1_048_576)} MB): ` +
          `start it as node --max-old-space-size=${Math.ceil(heapWanted / 1_048_576)} bin/ritm.mjs, or lower RITM_CACHE_MB`,
      );
    }
    await waitForDatabase(database, {
      seconds: config.dbWaitSeconds,
      // The driver's message, not its stack: an expected wait, logged once a try, is no fault to trace.
      onRetry: (attempt, error, delayMs) =>
        log.warn({ attempt, delayMs, reason: error instanceof Error ? error.message : String(error) }, `the database at ${database.location} is not reachable yet; trying again in ${delayMs} ms`),
    });
    await migrateToLatest(database.db);
    await options.beforeListen?.(database);
    const address = await app.listen({ port: config.port, host: config.host });
    const url = address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
    let closing: Promise<void> | undefined;
    const started = app;
    return {
      app: started,
      database,
      url,
      close: () =>
        (closing ??= (async () => {
          try {
            await started.close();
          } finally {
            await database.close();
          }
        })()),
    };
  } catch (error) {
    await app?.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}

/** Closes the server once on SIGTERM or SIGINT, then exits. */
export function closeOnSignals(server: RunningServer, log: (message: string) => void): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: closing the server and the database`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`could not close cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
