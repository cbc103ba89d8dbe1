import { parseArgs } from 'node:util';
import { ConfigError, invocationDir, loadConfig } from '../config.js';
import { fileFaultReason, message, render, type Language, type Message } from '../http/messages.js';
import { cliLanguage, languageOfArgs, parseArgsMessage, subcommandError, UsageError, usage } from './usage.js';

// Each command loads what it needs when it runs: `ritm check` must not pay for the server,
// the database drivers and the embedded PostgreSQL.

/** `ritm <command> …`: returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // `ritm counts --help`, `ritm import -h`: the usage, which names every command's options.
  if (command !== undefined && command !== 'check' && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(usage(languageOfArgs(rest, process.env)));
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
      process.stdout.write(usage(languageOfArgs(rest, process.env)));
      return 0;
    default:
      throw new UsageError(command ? message('cli.unknownCommand', { command }) : message('cli.noCommand'));
  }
}

async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { demo: { type: 'boolean', default: false }, lang: { type: 'string' } }, strict: true });
  const lang = cliLanguage(values.lang, process.env);
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
  const database = server.database.kind === 'pglite' ? message('cli.serve.embedded', { folder: server.database.location }) : server.database.location;
  const lines = [
    '',
    `  ${render(message('cli.serve.running', { url: server.url }), lang)}`,
    `  ${render(message('cli.serve.api', { url: server.url }), lang)}`,
    `  ${render(message('cli.serve.database', { database }), lang)}`,
  ];
  if (values.demo) {
    // Named only where it signs in: a database that held organisations before got no demo.
    const { DEMO_LOGIN } = await import('../demo/load-demo.js');
    const { findUserByEmail } = await import('../repositories/users.js');
    const demoUser = await findUserByEmail(server.database.db, DEMO_LOGIN.email);
    lines.push(`  ${render(demoUser ? message('cli.serve.demoLogin', DEMO_LOGIN) : message('cli.serve.demoSkipped'), lang)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  return new Promise<number>(() => {});
}

async function migrate(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { lang: { type: 'string' } }, strict: true });
  const lang = cliLanguage(values.lang, process.env);
  const config = loadConfig(process.env, invocationDir());
  const { openDatabase } = await import('../db/connection.js');
  const { migrateToLatest } = await import('../db/migrate.js');
  const { waitForDatabase } = await import('../db/wait.js');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    // A deployment runs migrations as the database comes up: wait for it as `ritm serve` does.
    await waitForDatabase(database, {
      seconds: config.dbWaitSeconds,
      onRetry: (attempt, error, delayMs) => {
        const cause = error instanceof Error ? error.message : String(error);
        process.stderr.write(`ritm: ${render(message('cli.databaseNotYet', { where: message('cli.databaseAt', { url: database.location }), cause, ms: delayMs }), lang)}\n`);
      },
    });
    const { applied } = await migrateToLatest(database.db);
    process.stdout.write(`${render(applied.length ? message('cli.migrate.applied', { migrations: applied.join(', ') }) : message('cli.migrate.upToDate'), lang)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

async function user(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') throw subcommandError('user', sub, 'create');
  const { createUserCommand } = await import('./user.js');
  return createUserCommand(rest);
}

async function token(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') throw subcommandError('token', sub, 'create');
  const { createTokenCommand } = await import('./token.js');
  return createTokenCommand(rest);
}

const LISTEN_FAULTS = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL', 'ENOTFOUND']);

/**
 * What the system said, in the user's words, where it is something the user can put right: a
 * file or folder (the import's, the report's), the data folder or the embedded database in it,
 * the address `serve` listens on, the running server not answering or refusing (the control
 * channel).
 */
function explained(error: unknown): Message | undefined {
  if (error instanceof Error && (error.name === 'ControlError' || error.name === 'DataDirError')) return (error as Error & { said: Message }).said;
  const fault = error as NodeJS.ErrnoException & { hostname?: string };
  if (typeof fault?.code !== 'string') return undefined;
  // `serve`'s own address (HOST, PORT), not the database's: a host name that does not resolve there is HOST's.
  const host = process.env.HOST || '127.0.0.1';
  if (LISTEN_FAULTS.has(fault.code) && (fault.syscall === 'listen' || (fault.code === 'ENOTFOUND' && fault.hostname === host))) {
    const key = `cli.listen.${fault.code}` as 'cli.listen.EADDRINUSE';
    return message('cli.cannotListen', { address: `${host}:${process.env.PORT || '3000'}`, reason: message(key) });
  }
  const reason = fileFaultReason(fault);
  if (reason !== undefined && typeof fault.path === 'string') return message('cli.cannotOpen', { path: fault.path, reason });
  return undefined;
}

/** A PostgreSQL server that answered but has no such database (3D000) or refused the login (28000, 28P01). */
function refusedByServer(error: unknown): 'cli.databaseMissing' | 'cli.databaseLogin' | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '3D000' ? 'cli.databaseMissing' : code === '28000' || code === '28P01' ? 'cli.databaseLogin' : undefined;
}

async function databaseUnavailable(error: unknown): Promise<boolean> {
  const { isDatabaseUnavailable } = await import('../db/unavailable.js');
  return isDatabaseUnavailable(error);
}

// The database a command used, as the configuration names it (its password hidden).
async function databaseNamed() {
  const { redact } = await import('../db/connection.js');
  const { databaseUrl, dataDir } = loadConfig(process.env, invocationDir());
  return databaseUrl === undefined ? message('cli.databaseIn', { folder: dataDir }) : message('cli.databaseAt', { url: redact(databaseUrl) });
}

async function run(): Promise<void> {
  // A reader that stops early (`ritm check x.json | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const args = process.argv.slice(2);
  // What is said before a command reads its own options (or instead of it) in the language the whole line asks for.
  const lang: Language = languageOfArgs(args, process.env);
  try {
    const code = await main(args);
    process.exitCode = code;
  } catch (error) {
    const refused = error instanceof UsageError ? error.said : parseArgsMessage(error);
    const said = explained(error);
    const turnedAway = refusedByServer(error);
    if (refused !== undefined || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`ritm: ${refused === undefined ? (error as Error).message : render(refused, lang)}\n\n${usage(lang)}`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      process.stderr.write(`ritm: ${render(message('cli.configuration', { variable: error.variable, reason: error.reason }), lang)}\n`);
      process.exitCode = 2;
    } else if (error instanceof Error && error.name === 'DataDirLockedError') {
      const { dataDir, pid } = error as Error & { dataDir: string; pid: number };
      process.stderr.write(`ritm: ${render(message('cli.dataDirLocked', { folder: dataDir, pid }), lang)}\n`);
      process.exitCode = 1;
    } else if (said !== undefined) {
      process.stderr.write(`ritm: ${render(said, lang)}\n`);
      process.exitCode = 1;
    } else if (turnedAway !== undefined) {
      const cause = error instanceof Error ? error.message : String(error);
      process.stderr.write(`ritm: ${render(message(turnedAway, { where: await databaseNamed(), cause }), lang)}\n`);
      process.exitCode = 1;
    } else if (await databaseUnavailable(error)) {
      // The driver's own words («connect ECONNREFUSED 127.0.0.1:5432») name neither the database nor what to check.
      const cause = error instanceof Error ? error.message : String(error);
      process.stderr.write(`ritm: ${render(message('cli.databaseUnreachable', { where: await databaseNamed(), cause }), lang)}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`ritm: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  }
}

await run();
