import { fstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { contractRow, isFailing } from '@ritm/domain/compliance';
import { evaluate } from '@ritm/domain/evaluate';
import { getPreset, PRESET_IDS } from '@ritm/domain/presets';
import type { Preset } from '@ritm/domain/presets';
import { parseScenario } from '@ritm/domain/scenario';
import { formatIssue, jsonErrorPlace, ValidationError } from '@ritm/domain/read-json';
import type { Issue } from '@ritm/domain/issue';
import { fileFaultReason, issueMessage, message, render, type Language, type Message } from '../http/messages.js';
import { languageOfArgs } from './usage.js';

/** Where `ritm check` reads and writes; `main.ts` passes the process's, tests their own. */
export interface CheckIo {
  stdin: NodeJS.ReadableStream;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Relative FILE paths resolve against this (the directory `pnpm ritm` was run from). */
  cwd: string;
  /** Whose locale says the language when `--lang` does not (English otherwise); the process's by default. */
  env?: NodeJS.ProcessEnv;
}

const EXIT_OK = 0;
const EXIT_FAILING = 1;
const EXIT_INVALID = 2;
/** EX_SOFTWARE (sysexits.h): a fault of ours, never to be read as "a row failed". */
const EXIT_INTERNAL = 70;

export function checkUsage(lang: Language = 'en'): string {
  return render(message('cli.check.usage', { shape: '{"results": [...], "overdue": [...]}', presets: PRESET_IDS.join(', ') }), lang);
}

interface CheckArgs {
  file: string;
  strict: boolean;
  presets: Preset[];
}

class ArgsError extends Error {
  constructor(readonly said: Message) {
    super(render(said, 'en'));
  }
}

/** An issue as `path: what is wrong`, in English as the domain words it, else from the catalogue. */
function issueLine(found: Issue, lang: Language): string {
  if (lang === 'en') return `${formatIssue(found)}\n`;
  return `${found.path === '' ? render(message('cli.check.root'), lang) : found.path}: ${render(issueMessage(found), lang)}\n`;
}

function parseCheckArgs(argv: readonly string[]): CheckArgs | 'help' {
  let file: string | undefined;
  let strict = false;
  const presets: Preset[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--strict') {
      strict = true;
    } else if (arg === '--preset' || arg.startsWith('--preset=')) {
      const id = arg === '--preset' ? argv[++i] : arg.slice('--preset='.length);
      if (id === undefined || id === '') throw new ArgsError(message('cli.check.presetNeedsId'));
      const preset = getPreset(id);
      if (preset === undefined) throw new ArgsError(message('cli.check.unknownPreset', { id, known: PRESET_IDS.join(', ') }));
      if (!presets.includes(preset)) presets.push(preset);
    } else if (arg === '--lang' || arg.startsWith('--lang=')) {
      const value = arg === '--lang' ? argv[++i] : arg.slice('--lang='.length);
      if (value !== 'ru' && value !== 'en') throw new ArgsError(message('cli.lang'));
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new ArgsError(message('cli.check.unknownOption', { option: arg }));
    } else if (file !== undefined) {
      throw new ArgsError(message('cli.check.oneScenario', { first: file, second: arg }));
    } else {
      file = arg;
    }
  }
  if (file === undefined) throw new ArgsError(message('cli.check.noFile'));
  return { file, strict, presets };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  // A folder as standard input (`ritm check - < folder`) is no stream to Node: process.stdin
  // is then an empty one, read as «not valid JSON». Its descriptor still says what it is.
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd === 'number' && isFolder(fd)) throw Object.assign(new Error('standard input is a folder'), { code: 'EISDIR' });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function isFolder(fd: number): boolean {
  try {
    return fstatSync(fd).isDirectory();
  } catch {
    // A descriptor fstat refuses (closed): reading it says what is wrong.
    return false;
  }
}

// "… at position 57" → "line 3, column 12", which is what an editor shows, in the command's
// language. The parser's own words stay as V8 gives them, in English, less the place later
// versions add themselves ("(line 3 column 12)"), so that every Node says it alike.
function describeJsonError(error: unknown, text: string, lang: Language): string {
  const cause = (error instanceof Error ? error.message : String(error)).replace(/ \(line \d+ column \d+\)$/, '');
  const place = jsonErrorPlace(error, text);
  return place === undefined ? cause : render(message('cli.check.jsonAt', { cause, ...place }), lang);
}

/**
 * `ritm check FILE|- [--strict] [--preset ID]…`: judges one JSON scenario and
 * prints `{"results": […], "overdue": […]}`. Returns the exit code: 0, or 1
 * under `--strict` when a row is `missed` or `at_risk`, or 2 for invalid
 * arguments or input (each problem on standard error as `path: message`), or
 * 70 when something unexpected fails (`ritm check: internal error: …`), so
 * that a script never reads our fault as a failed row. It never throws.
 */
export async function runCheck(argv: string[], io: CheckIo): Promise<number> {
  // English unless asked otherwise: its input and output are the engine's JSON, read by scripts as
  // much as by people. `--lang` is read before anything else can be refused.
  const lang = languageOfArgs(argv, io.env ?? process.env, 'en');
  try {
    return await check(argv, io, lang);
  } catch (error) {
    io.stderr(`ritm check: ${render(message('cli.check.internal', { cause: error instanceof Error ? error.message : String(error) }), lang)}\n`);
    return EXIT_INTERNAL;
  }
}

async function check(argv: string[], io: CheckIo, lang: Language): Promise<number> {
  let args: CheckArgs | 'help';
  try {
    args = parseCheckArgs(argv);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    io.stderr(`ritm check: ${render(error.said, lang)}\n\n${checkUsage(lang)}`);
    return EXIT_INVALID;
  }
  if (args === 'help') {
    io.stdout(checkUsage(lang));
    return EXIT_OK;
  }

  const source = args.file === '-' ? render(message('cli.check.standardInput'), lang) : args.file;
  let text: string;
  try {
    text = args.file === '-' ? await readAll(io.stdin) : await readFile(resolve(io.cwd, args.file), 'utf8');
  } catch (error) {
    // A fault the user can put right in the catalogue's words (`it is a folder, not a file`), not the system's.
    const cause = fileFaultReason(error) ?? (error as Error).message;
    io.stderr(`ritm check: ${render(message('cli.check.cannotRead', { source, cause }), lang)}\n`);
    return EXIT_INVALID;
  }

  let json: unknown;
  // A byte-order mark is no part of the JSON, nor of the columns an editor counts.
  const bare = text.replace(/^\uFEFF/, '');
  try {
    json = JSON.parse(bare);
  } catch (error) {
    io.stderr(`ritm check: ${render(message('cli.check.notJson', { source, cause: describeJsonError(error, bare, lang) }), lang)}\n`);
    return EXIT_INVALID;
  }

  const parsed = parseScenario(json, { presets: args.presets });
  if (!parsed.ok) {
    io.stderr(parsed.issues.map((issue) => issueLine(issue, lang)).join(''));
    return EXIT_INVALID;
  }

  let evaluation;
  try {
    evaluation = evaluate(parsed.value, parsed.value);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    io.stderr(error.issues.map((issue) => issueLine(issue, lang)).join(''));
    return EXIT_INVALID;
  }
  const { results, overdue } = evaluation;
  // Overdue entries are built with the contract's keys in order; rows drop their overdue count.
  io.stdout(`${JSON.stringify({ results: results.map(contractRow), overdue })}\n`);
  return args.strict && results.some((row) => isFailing(row.status)) ? EXIT_FAILING : EXIT_OK;
}
