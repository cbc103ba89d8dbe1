import { parseArgs } from 'node:util';
import { ConfigError, invocationDir, loadConfig } from '../config.js';
import { UsageError, usage } from './usage.js';

// Each command loads what it needs when it runs: `ritm check` must not pay for the server,
// the database drivers and the embedded PostgreSQL.

/** `ritm <command> …`: returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // `ritm counts --help`, `ritm import -h`: the usage, which names every command's options.
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(usage());
    return 0;
  }
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'migrate':
      return migrate(rest);
    case 'user':
      return user(rest);
    case 'token':
      return token(rest);
    case 'demo': {
      const { runDemoCommand } = await import('./demo.js');
      return runDemoCommand(rest);
    }
    case 'check': {
      const { runCheck } = await import('./check.js');
      return runCheck(rest, {
        stdin: process.stdin,
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        cwd: invocationDir(),
      });
    }
    case 'import': {
      const { runImportCommand } = await import('./import.js');
      return runImportCommand(rest, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        cwd: invocationDir(),
        env: process.env,
      });
    }
    case 'report': {
      const { runReportCommand } = await import('./report.js');
      return runReportCommand(rest, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        cwd: invocationDir(),
        env: process.env,
      });
    }
    case 'evidence': {
      const { runEvidenceCommand } = await import('./evidence.js');
      return runEvidenceCommand(rest, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        cwd: invocationDir(),
        env: process.env,
      });
    }
    case 'jobs': {
      const { runJobsCommand } = await import('./jobs.js');
      return runJobsCommand(rest, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        cwd: invocationDir(),
        env: process.env,
      });
    }
    case 'digest': {
      const { runDigestCommand } = await import('./digest.js');
      return runDigestCommand(rest, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        cwd: invocationDir(),
        env: process.env,
      });
    }
    case 'counts': {
      const { runCountsCommand } = await import('./counts.js');
      return runCountsCommand(rest, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        cwd: invocationDir(),
        env: process.env,
      });
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(usage());
      return 0;
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { demo: { type: 'boolean', default: false } }, strict: true });
  const config = loadConfig(process.env, invocationDir());
  const { closeOnSignals, startServer } = await import('../server.js');
  const server = await startServer(config, {
    beforeListen: async (database) => {
      if (values.demo) {
        const { loadDemoIfEmpty } = await import('../demo/load-demo.js');
        await loadDemoIfEmpty(database.db);
      }
    },
  });
  closeOnSignals(server, (message) => server.app.log.info(message));
  const lines = [
    '',
    `  Ritm is running at ${server.url}/`,
    `  API: ${server.url}/api  ·  docs: ${server.url}/api/docs`,
    `  Database: ${server.database.kind === 'pglite' ? `embedded, in ${server.database.location}` : server.database.location}`,
  ];
  if (values.demo) {
    const { DEMO_LOGIN } = await import('../demo/load-demo.js');
    lines.push(`  Demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  return new Promise<number>(() => {});
}

async function migrate(argv: string[]): Promise<number> {
  parseArgs({ args: argv, options: {}, strict: true });
  const config = loadConfig(process.env, invocationDir());
  const { openDatabase } = await import('../db/connection.js');
  const { migrateToLatest } = await import('../db/migrate.js');
  const { waitForDatabase } = await import('../db/wait.js');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    // A deployment runs migrations as the database comes up: wait for it as `ritm serve` does.
    await waitForDatabase(database, {
      seconds: config.dbWaitSeconds,
      onRetry: (attempt, error, delayMs) =>
        process.stderr.write(`ritm: the database at ${database.location} is not reachable yet (${error instanceof Error ? error.message : String(error)}); trying again in ${delayMs} ms\n`),
    });
    const { applied } = await migrateToLatest(database.db);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'the database is up to date\n');
    return 0;
  } finally {
    await database.close();
  }
}

async function user(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') throw new UsageError(sub ? `unknown user command "${sub}"` : 'user needs a command: create');
  const { createUserCommand } = await import('./user.js');
  return createUserCommand(rest);
}

async function token(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') throw new UsageError(sub ? `unknown token command "${sub}"` : 'token needs a command: create');
  const { createTokenCommand } = await import('./token.js');
  return createTokenCommand(rest);
}

// Whether the command was asked to speak Russian (`--lang ru`, or a Russian locale); the
// messages of the command line itself are English otherwise, as its usage is.
function askedInRussian(argv: readonly string[]): boolean {
  const at = argv.indexOf('--lang');
  const flag = at >= 0 ? argv[at + 1] : argv.find((arg) => arg.startsWith('--lang='))?.slice('--lang='.length);
  if (flag === 'ru' || flag === 'en') return flag === 'ru';
  return /^ru/i.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '');
}

async function databaseUnavailable(error: unknown): Promise<boolean> {
  const { isDatabaseUnavailable } = await import('../db/unavailable.js');
  return isDatabaseUnavailable(error);
}

// The database a command used, as the configuration names it (its password hidden).
async function databaseNamed(): Promise<string> {
  const { redact } = await import('../db/connection.js');
  const { databaseUrl, dataDir } = loadConfig(process.env, invocationDir());
  return databaseUrl === undefined ? `in ${dataDir}` : `at ${redact(databaseUrl)}`;
}

async function run(): Promise<void> {
  // A reader that stops early (`ritm check x.json | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    const code = await main(process.argv.slice(2));
    process.exitCode = code;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`ritm: ${(error as Error).message}\n\n${usage()}`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      process.stderr.write(`ritm: configuration: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof Error && error.name === 'DataDirLockedError') {
      // Asked in Russian (`--lang ru`, or the locale), told in Russian, as the command's own output is.
      const { dataDir, pid } = error as Error & { dataDir: string; pid: number };
      process.stderr.write(
        askedInRussian(process.argv.slice(2))
          ? `ritm: папка данных ${dataDir} занята процессом ${pid}; сначала остановите его (встроенная база данных допускает один процесс)\n`
          : `ritm: ${error.message}\n`,
      );
      process.exitCode = 1;
    } else if (await databaseUnavailable(error)) {
      // The driver's own words («connect ECONNREFUSED 127.0.0.1:5432») name neither the database nor what to check.
      process.stderr.write(`ritm: the database ${await databaseNamed()} is not reachable (${error instanceof Error ? error.message : String(error)}); is it running, and is DATABASE_URL right?\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`ritm: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  }
}

await run();
