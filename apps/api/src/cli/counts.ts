import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { attachmentCountDrift } from '../repositories/attachments.js';
import { countsDrift } from '../repositories/counts.js';
import { itemJsonDrift } from '../repositories/items.js';
import { orgRevisionsDrift } from '../repositories/revisions.js';
import { rebuildAllCounts } from '../services/count-selectors.js';
import { message } from '../http/messages.js';
import { cliLanguage, subcommandError } from './usage.js';

type Rebuilt = { organisations: number; added: number; dropped: number; attachmentCounts: number; drifted: number; rows: number; revisions: number; itemTexts: number };

const WORDS = {
  ru: {
    rebuilt: (t: Rebuilt, seconds: string) =>
      `Счётчики пересобраны за ${seconds} с: организаций ${t.organisations}, селекторов добавлено ${t.added}, удалено ${t.dropped}; публикаций с исправленным числом вложений ${t.attachmentCounts}; строк расходилось с публикациями ${t.drifted}; строк счётчиков теперь ${t.rows}; строк ревизий организаций исправлено ${t.revisions}; JSON публикаций переписан у ${t.itemTexts}`,
    checked: (drifted: number) => (drifted === 0 ? 'Счётчики совпадают с публикациями' : `Строк счётчиков, расходящихся с публикациями: ${drifted}; выполните ritm counts rebuild`),
    revisions: (drifted: number) => `Строк ревизий организаций, расходящихся с организациями: ${drifted}; выполните ritm counts rebuild`,
    itemTexts: (drifted: number) => `Публикаций, чей хранимый JSON расходится с их строкой: ${drifted}; выполните ritm counts rebuild`,
    attachmentCounts: (drifted: number) => `Публикаций, у которых число вложений расходится с файлами: ${drifted}; выполните ritm counts rebuild`,
  },
  en: {
    rebuilt: (t: Rebuilt, seconds: string) =>
      `Counts rebuilt in ${seconds} s: ${t.organisations} organisations, ${t.added} selectors added, ${t.dropped} dropped; ${t.attachmentCounts} items' attachment counts set again; ${t.drifted} rows had drifted from the items; ${t.rows} count rows now; ${t.revisions} organisation revision rows set again; ${t.itemTexts} items' JSON written again`,
    checked: (drifted: number) => (drifted === 0 ? 'The counts match the items' : `${drifted} count rows differ from the items; run ritm counts rebuild`),
    revisions: (drifted: number) => `${drifted} organisation revision rows differ from the organisations; run ritm counts rebuild`,
    itemTexts: (drifted: number) => `${drifted} items' kept JSON differs from their rows; run ritm counts rebuild`,
    attachmentCounts: (drifted: number) => `Items counting their attachments otherwise than the files they hold: ${drifted}; run ritm counts rebuild`,
  },
} as const;

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
  const config = loadConfig(io.env, io.cwd);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    if (which === 'check') {
      const drifted = await countsDrift(database.db, null);
      io.stdout(`${WORDS[lang].checked(drifted)}\n`);
      // The organisations' revision rows, which the compliance cache's stamps read (migration 20261130T0100).
      const revisions = await orgRevisionsDrift(database.db);
      if (revisions > 0) io.stdout(`${WORDS[lang].revisions(revisions)}\n`);
      // The items' kept JSON, which lists are read from (migration 20261201T0000).
      const itemTexts = await itemJsonDrift(database.db, null);
      if (itemTexts > 0) io.stdout(`${WORDS[lang].itemTexts(itemTexts)}\n`);
      // Each item's count of its attachments, which says whether it is confirmed.
      const attachmentCounts = await attachmentCountDrift(database.db);
      if (attachmentCounts > 0) io.stdout(`${WORDS[lang].attachmentCounts(attachmentCounts)}\n`);
      return drifted === 0 && revisions === 0 && itemTexts === 0 && attachmentCounts === 0 ? 0 : 1;
    }
    const start = performance.now();
    const tally = await rebuildAllCounts(database.db);
    io.stdout(`${WORDS[lang].rebuilt(tally, ((performance.now() - start) / 1000).toFixed(1))}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
