import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportPreview } from '@ritm/contracts/imports';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { HttpError } from '../http/errors.js';
import { message, render, type Language, type Message } from '../http/messages.js';
import { findOrgContext } from '../repositories/org-context.js';
import { findUserByEmail } from '../repositories/users.js';
import { runImport } from '../services/imports.js';
import { readSpreadsheet } from '../services/spreadsheet.js';
import { cliLanguage, orgOption, UsageError } from './usage.js';

/** The preview as the command prints it. */
export function formatPreview(preview: ImportPreview, lang: Language): string {
  const say = (said: Message) => render(said, lang);
  const counts = { created: preview.created, updated: preview.updated, unchanged: preview.unchanged };
  const lines: string[] = [];
  const failed = preview.errors.length > 0;
  lines.push(say(message(failed ? 'cli.import.refused' : preview.dryRun ? 'cli.import.preview' : 'cli.import.written')));
  lines.push(say(preview.dryRun || failed ? message('cli.import.counts', counts) : message('cli.import.countsDone', counts)));
  if (preview.unmapped.length > 0) {
    lines.push('', say(message('cli.import.unmapped')));
    for (const u of preview.unmapped) {
      const perhaps = u.suggestions.length > 0 ? ` — ${say(message('cli.import.suggestions'))}: ${u.suggestions.join(', ')}` : '';
      lines.push(`  ${say(message('cli.import.column', { sheet: u.sheet, column: `${u.column} (${u.heading})` }))}${perhaps}`);
    }
  }
  if (failed) {
    lines.push('', say(message('cli.import.errors')));
    for (const e of preview.errors) {
      const at = e.row <= 0 ? e.sheet : say(e.column ? message('cli.import.atColumn', { sheet: e.sheet, row: e.row, column: e.column }) : message('cli.import.at', { sheet: e.sheet, row: e.row }));
      lines.push(`  ${at}: ${e.message}`);
    }
    if (preview.errorsLeftOut !== undefined) lines.push(`  ${say(message('cli.import.leftOut', { count: preview.errorsLeftOut }))}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface ImportIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** `ritm import --org ID FILE [--dry-run] [--as EMAIL] [--lang ru|en]`: 0 when imported (or previewed) cleanly, 1 otherwise. */
export async function runImportCommand(argv: string[], io: ImportIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { org: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, as: { type: 'string' }, lang: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const lang = cliLanguage(values.lang, io.env);
  const orgId = orgOption(values.org);
  if (positionals.length !== 1) throw new UsageError(message('cli.importFile'));
  const named = path.resolve(io.cwd, positionals[0]!);
  let file: Buffer;
  try {
    file = fs.readFileSync(named);
  } catch (error) {
    // A folder fails on reading, where Node names no path: the command line names the file it was given.
    if ((error as NodeJS.ErrnoException).path === undefined) Object.assign(error as object, { path: named });
    throw error;
  }
  const config = loadConfig(io.env, io.cwd);
  if (file.length > config.importMaxBytes) {
    io.stderr(`ritm: ${new HttpError(413, 'too_large', { key: 'importTooLarge', params: { max: config.importMaxBytes / 1_048_576 } }).messageIn(lang)}\n`);
    return 1;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const org = await findOrgContext(database.db, orgId);
    if (!org) {
      io.stderr(`ritm: ${render(message('cli.noOrg', { id: orgId }), lang)}\n`);
      return 1;
    }
    let userId: string | null = null;
    if (values.as !== undefined) {
      const user = await findUserByEmail(database.db, values.as);
      if (!user || user.disabled) {
        io.stderr(`ritm: ${render(message('cli.noUser', { email: values.as }), lang)}\n`);
        return 1;
      }
      userId = user.id;
    }
    const sheets = await readSpreadsheet(file);
    const outcome = await runImport(database.db, { orgId: org.id, userId, sheets, dryRun: values['dry-run'], lang, now: Date.now() });
    (outcome.ok ? io.stdout : io.stderr)(formatPreview(outcome.preview, lang));
    return outcome.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof HttpError) {
      io.stderr(`ritm: ${error.messageIn(lang)}\n`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}
