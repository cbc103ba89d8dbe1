import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { attachmentCountDrift } from '../repositories/attachments.js';
import { countsDrift } from '../repositories/counts.js';
import { itemJsonDrift } from '../repositories/items.js';
import { orgRevisionsDrift } from '../repositories/revisions.js';
import { rebuildAllCounts } from '../services/count-selectors.js';
import { message, render, type Message } from '../http/messages.js';
import { cliLanguage, subcommandError } from './usage.js';

export interface CountsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * `ritm counts rebuild [--lang]`: every organisation's counting selectors brought in step with its
 * norms and channels, then every maintained count made again from the items (item writes wait
 * meanwhile), and the organisations' revision rows set again where they drifted; prints how many
 * rows had drifted. `ritm counts check [--lang]`: compares the maintained counts with the items
 * and the revision rows with the organisations, the items' kept JSON with their rows and their
 * attachment counts with their files, without changing anything; exits 1 when any differs.
 * Rebuild sets those again too.
 * Straight from the database: on the embedded database the server must be stopped.
 */
export async function runCountsCommand(argv: string[], io: CountsIo): Promise<number> {
  const [which, ...rest] = argv;
  if (which !== 'rebuild' && which !== 'check') throw subcommandError('counts', which, message('cli.or', { first: 'rebuild', second: 'check' }));
  const { values } = parseArgs({ args: rest, options: { lang: { type: 'string' } }, strict: true });
  const lang = cliLanguage(values.lang, io.env);
  const print = (said: Message) => io.stdout(`${render(said, lang)}\n`);
  const config = loadConfig(io.env, io.cwd);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    if (which === 'check') {
      const drifted = await countsDrift(database.db, null);
      print(drifted === 0 ? message('cli.counts.match') : message('cli.counts.drifted', { drifted }));
      // The organisations' revision rows, which the compliance cache's stamps read (migration 20261130T0100).
      const revisions = await orgRevisionsDrift(database.db);
      if (revisions > 0) print(message('cli.counts.revisions', { drifted: revisions }));
      // The items' kept JSON, which lists are read from (migration 20261201T0000).
      const itemTexts = await itemJsonDrift(database.db, null);
      if (itemTexts > 0) print(message('cli.counts.itemTexts', { drifted: itemTexts }));
      // Each item's count of its attachments, which says whether it is confirmed.
      const attachmentCounts = await attachmentCountDrift(database.db);
      if (attachmentCounts > 0) print(message('cli.counts.attachmentCounts', { drifted: attachmentCounts }));
      return drifted === 0 && revisions === 0 && itemTexts === 0 && attachmentCounts === 0 ? 0 : 1;
    }
    const start = performance.now();
    const tally = await rebuildAllCounts(database.db);
    print(message('cli.counts.rebuilt', { ...tally, seconds: ((performance.now() - start) / 1000).toFixed(1) }));
    return 0;
  } finally {
    await database.close();
  }
}
