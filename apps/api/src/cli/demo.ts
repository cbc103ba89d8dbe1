import { parseArgs } from 'node:util';
import { invocationDir, loadConfig } from '../config.js';
import { message, render } from '../http/messages.js';
import { cliLanguage } from './usage.js';

/**
 * `ritm demo [--force]`: migrates the configured database and loads the demo into it. A database
 * that already holds organisations is left alone unless `--force` (the demo is then added beside
 * them, once: a second load is refused because the demo users exist).
 */
export async function runDemoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { force: { type: 'boolean', default: false }, lang: { type: 'string' } }, strict: true });
  const lang = cliLanguage(values.lang, process.env);
  const config = loadConfig(process.env, invocationDir());
  const { openDatabase } = await import('../db/connection.js');
  const { migrateToLatest } = await import('../db/migrate.js');
  const { DEMO_LOGIN, loadDemo, loadDemoIfEmpty } = await import('../demo/load-demo.js');
  const { findUserByEmail } = await import('../repositories/users.js');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const demoUser = await findUserByEmail(database.db, DEMO_LOGIN.email);
    if (demoUser) {
      process.stderr.write(`ritm demo: ${render(message('cli.demo.loadedAlready'), lang)}\n`);
      return 1;
    }
    const loaded = await loadDemoIfEmpty(database.db);
    if (!loaded) {
      if (!values.force) {
        process.stderr.write(`ritm demo: ${render(message('cli.demo.notEmpty'), lang)}\n`);
        return 1;
      }
      await loadDemo(database.db);
    }
    process.stdout.write(`${render(message('cli.demo.loaded', DEMO_LOGIN), lang)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
