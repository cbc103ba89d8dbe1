import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportPreview } from '@ritm/contracts/imports';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { HttpError } from '../http/errors.js';
import { message, type Language } from '../http/messages.js';
import { findOrgContext } from '../repositories/org-context.js';
import { findUserByEmail } from '../repositories/users.js';
import { runImport } from '../services/imports.js';
import { readSpreadsheet } from '../services/spreadsheet.js';
import { cliLanguage, UsageError } from './usage.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// What the command itself says, in both languages (the problems come translated from the API's catalogue).
const WORDS = {
  ru: {
    preview: 'Предварительный просмотр: ничего не записано (уберите --dry-run, чтобы импортировать)',
    written: 'Импорт выполнен',
    refused: 'Ничего не импортировано',
    counts: (p: ImportPreview) => `Создать: ${p.created}, изменить: ${p.updated}, без изменений: ${p.unchanged}`,
    countsDone: (p: ImportPreview) => `Создано: ${p.created}, изменено: ${p.updated}, без изменений: ${p.unchanged}`,
    unmapped: 'Столбцы, которые не удалось сопоставить (не импортируются):',
    suggestions: 'возможно',
    errors: 'Ошибки:',
    at: (sheet: string, row: number, column: string) => `лист «${sheet}», строка ${row}${column ? `, столбец ${column}` : ''}`,
    column: (sheet: string, column: string) => `лист «${sheet}», столбец ${column}`,
    noOrg: (id: string) => `организации ${id} нет`,
    noUser: (email: string) => `нет активного пользователя с почтой ${email}`,
  },
  en: {
    preview: 'Preview: nothing was written (leave out --dry-run to import)',
    written: 'Imported',
    refused: 'Nothing was imported',
    counts: (p: ImportPreview) => `To create: ${p.created}, to update: ${p.updated}, unchanged: ${p.unchanged}`,
    countsDone: (p: ImportPreview) => `Created: ${p.created}, updated: ${p.updated}, unchanged: ${p.unchanged}`,
    unmapped: 'Columns that could not be placed (not imported):',
    suggestions: 'perhaps',
    errors: 'Problems:',
    at: (sheet: string, row: number, column: string) => `sheet "${sheet}", row ${row}${column ? `, column ${column}` : ''}`,
    column: (sheet: string, column: string) => `sheet "${sheet}", column ${column}`,
    noOrg: (id: string) => `no organisation ${id}`,
    noUser: (email: string) => `no active user with e-mail ${email}`,
  },
} as const;

/** The preview as the command prints it. */
export function formatPreview(preview: ImportPreview, lang: Language): string {
  const w = WORDS[lang];
  const lines: string[] = [];
  const failed = preview.errors.length > 0;
  lines.push(failed ? w.refused : preview.dryRun ? w.preview : w.written);
  lines.push(preview.dryRun || failed ? w.counts(preview) : w.countsDone(preview));
  if (preview.unmapped.length > 0) {
    lines.push('', w.unmapped);
    for (const u of preview.unmapped) {
      lines.push(`  ${w.column(u.sheet, `${u.column} (${u.heading})`)}${u.suggestions.length ? ` — ${w.suggestions}: ${u.suggestions.join(', ')}` : ''}`);
    }
  }
  if (failed) {
    lines.push('', w.errors);
    for (const e of preview.errors) lines.push(`  ${e.row > 0 ? w.at(e.sheet, e.row, e.column) : e.sheet}: ${e.message}`);
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
  if (!values.org || !UUID.test(values.org)) throw new UsageError(message('cli.org'));
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
  const w = WORDS[lang];
  const config = loadConfig(io.env, io.cwd);
  if (file.length > config.importMaxBytes) {
    io.stderr(`ritm: ${new HttpError(413, 'too_large', { key: 'importTooLarge', params: { max: config.importMaxBytes / 1_048_576 } }).messageIn(lang)}\n`);
    return 1;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const org = await findOrgContext(database.db, values.org);
    if (!org) {
      io.stderr(`ritm: ${w.noOrg(values.org)}\n`);
      return 1;
    }
    let userId: string | null = null;
    if (values.as !== undefined) {
      const user = await findUserByEmail(database.db, values.as);
      if (!user || user.disabled) {
        io.stderr(`ritm: ${w.noUser(values.as)}\n`);
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
