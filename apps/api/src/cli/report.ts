import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { isLocalDate } from '@ritm/domain/local-date';
import { ValidationError } from '@ritm/domain/read-json';
import { loadConfig, nowOf } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { HttpError } from '../http/errors.js';
import { findOrgContext } from '../repositories/org-context.js';
import { REPORT_FORMATS, type ReportFormat } from '../services/report-files.js';
import { checkReportSpec, writeReport, type ReportSpec } from '../services/report-spec.js';
import { issueMessage, message, render } from '../http/messages.js';
import { cliLanguage, orgOption, subcommandError, UsageError } from './usage.js';

export interface ReportIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

function formatOf(value: string | undefined): ReportFormat {
  if (value !== undefined && (REPORT_FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new UsageError(message('cli.reportFormat'));
}

/**
 * `ritm report compliance --org ID --from D --to D --format xlsx|pdf FILE` and
 * `ritm report annual-review --org ID --year Y --format xlsx|pdf FILE`: the API's report files,
 * written straight from the database (no server, no sign-in: the command runs where the data is).
 * 0 when written, 1 when refused (a message says why; no file is left behind).
 */
export async function runReportCommand(argv: string[], io: ReportIo): Promise<number> {
  const [which, ...rest] = argv;
  if (which !== 'compliance' && which !== 'annual-review') throw subcommandError('report', which, message('cli.or', { first: 'compliance', second: 'annual-review' }));
  const { values, positionals } = parseArgs({
    args: rest,
    options: { org: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, year: { type: 'string' }, format: { type: 'string' }, 'as-of': { type: 'string' }, lang: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const lang = cliLanguage(values.lang, io.env);
  const orgId = orgOption(values.org);
  const format = formatOf(values.format);
  if (positionals.length !== 1) throw new UsageError(message('cli.reportFile', { which }));
  const asOf = values['as-of'];
  if (asOf !== undefined && !isLocalDate(asOf)) throw new UsageError(message('cli.asOf'));
  // One kind's options given to the other would be ignored without a word: refused as unknown to it.
  const foreign = which === 'compliance' ? (values.year !== undefined ? '--year' : undefined) : values.from !== undefined ? '--from' : values.to !== undefined ? '--to' : undefined;
  if (foreign !== undefined) throw new UsageError(message('cli.unknownOption', { option: foreign }));
  let spec: ReportSpec;
  if (which === 'compliance') {
    if (!isLocalDate(values.from) || !isLocalDate(values.to)) throw new UsageError(message('cli.fromTo'));
    spec = { kind: 'compliance', from: values.from, to: values.to, format, lang, asOf };
  } else {
    // Four digits, as a person writes a year: not `0x7E9`, `2.026e3` or `+2026`, which Number() reads.
    const year = /^\d{4}$/.test(values.year ?? '') ? Number(values.year) : NaN;
    if (!(year >= 2000 && year <= 2100)) throw new UsageError(message('cli.year'));
    spec = { kind: 'annual-review', year, format, lang, asOf };
  }
  const file = path.resolve(io.cwd, positionals[0]!);
  const config = loadConfig(io.env, io.cwd);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // Written beside the target under a name of its own and renamed onto it once whole: a refusal or
  // a failed write (a full disk) leaves whatever was at the target as it was, and only the file
  // this command made is removed.
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.part`);
  let out: fs.WriteStream | undefined;
  try {
    await migrateToLatest(database.db);
    const root = await findOrgContext(database.db, orgId);
    if (!root) {
      io.stderr(`ritm: ${render(message('cli.noOrg', { id: orgId }), lang)}\n`);
      return 1;
    }
    checkReportSpec(spec);
    // A folder cannot take the file; said before the report is made, naming what the user gave.
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error(`${file} is a folder`), { code: 'EISDIR', path: file });
    const opening = fs.createWriteStream(partial, { flags: 'wx' });
    try {
      await once(opening, 'ready');
    } catch (error) {
      opening.destroy();
      // The folder the user named, not the name of the part file, is what is missing or closed.
      throw Object.assign(error as object, { path: file });
    }
    out = opening;
    // Heard from the first byte to the last: an error while the report streams (ENOSPC) rejects
    // here rather than as an unheard 'error' event.
    const closed = finished(out);
    closed.catch(() => {});
    await writeReport(database.db, root, spec, nowOf(config), out);
    await closed;
    fs.renameSync(partial, file);
    out = undefined;
    io.stdout(`${render(message('cli.report.written', { file: positionals[0]!, bytes: fs.statSync(file).size }), lang)}\n`);
    return 0;
  } catch (error) {
    if (out) {
      out.destroy();
      fs.rmSync(partial, { force: true });
    }
    if (error instanceof HttpError) {
      io.stderr(`ritm: ${error.messageIn(lang)}\n`);
      return 1;
    }
    if (error instanceof ValidationError) {
      // The engine names the spec's fields (`from`, `today`): the command's options are what the user typed.
      const option: Record<string, string> = { from: '--from', to: '--to', today: '--as-of', year: '--year' };
      for (const found of error.issues) io.stderr(`ritm: ${render(message('cli.report.option', { option: option[found.path] ?? found.path, problem: issueMessage(found) }), lang)}\n`);
      return 2;
    }
    throw error;
  } finally {
    await database.close();
  }
}
