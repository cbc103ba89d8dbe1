import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { contractRow, isFailing } from '@ritm/domain/compliance';
import { evaluate } from '@ritm/domain/evaluate';
import { getPreset, PRESET_IDS } from '@ritm/domain/presets';
import type { Preset } from '@ritm/domain/presets';
import { parseScenario } from '@ritm/domain/scenario';
import { formatIssue, ValidationError } from '@ritm/domain/read-json';

/** Where `ritm check` reads and writes; `main.ts` passes the process's, tests their own. */
export interface CheckIo {
  stdin: NodeJS.ReadableStream;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Relative FILE paths resolve against this (the directory `pnpm ritm` was run from). */
  cwd: string;
}

const EXIT_OK = 0;
const EXIT_FAILING = 1;
const EXIT_INVALID = 2;
/** EX_SOFTWARE (sysexits.h): a fault of ours, never to be read as "a row failed". */
const EXIT_INTERNAL = 70;

export function checkUsage(): string {
  return `Usage: ritm check FILE|- [--strict] [--preset ID]...

Reads one JSON scenario from FILE (or standard input for -) and prints
{"results": [...], "overdue": [...]} on standard output.

Options:
  --strict      exit 1 when any row is missed or at_risk
  --preset ID   add a preset's norms to the scenario's (repeatable): ${PRESET_IDS.join(', ')}
  -h, --help    show this help

Exit codes: 0 judged, 1 a row failed under --strict, 2 invalid input,
70 internal error.
`;
}

interface CheckArgs {
  file: string;
  strict: boolean;
  presets: Preset[];
}

class ArgsError extends Error {}

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
      if (id === undefined || id === '') throw new ArgsError('--preset needs a preset id');
      const preset = getPreset(id);
      if (preset === undefined) throw new ArgsError(`unknown preset "${id}" (known: ${PRESET_IDS.join(', ')})`);
      if (!presets.includes(preset)) presets.push(preset);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new ArgsError(`unknown option "${arg}"`);
    } else if (file !== undefined) {
      throw new ArgsError(`one scenario at a time (got "${file}" and "${arg}")`);
    } else {
      file = arg;
    }
  }
  if (file === undefined) throw new ArgsError('no scenario file given (use - for standard input)');
  return { file, strict, presets };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

// "… at position 57" → "line 3, column 12", which is what an editor shows.
function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (position?.[1] === undefined) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return /line \d+/.test(message) ? message : `${message} (line ${line}, column ${column})`;
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
  try {
    return await check(argv, io);
  } catch (error) {
    io.stderr(`ritm check: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_INTERNAL;
  }
}

async function check(argv: string[], io: CheckIo): Promise<number> {
  let args: CheckArgs | 'help';
  try {
    args = parseCheckArgs(argv);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    io.stderr(`ritm check: ${error.message}\n\n${checkUsage()}`);
    return EXIT_INVALID;
  }
  if (args === 'help') {
    io.stdout(checkUsage());
    return EXIT_OK;
  }

  const source = args.file === '-' ? 'standard input' : args.file;
  let text: string;
  try {
    text = args.file === '-' ? await readAll(io.stdin) : await readFile(resolve(io.cwd, args.file), 'utf8');
  } catch (error) {
    io.stderr(`ritm check: cannot read ${source}: ${(error as Error).message}\n`);
    return EXIT_INVALID;
  }

  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    io.stderr(`ritm check: ${source} is not valid JSON: ${describeJsonError(error, text)}\n`);
    return EXIT_INVALID;
  }

  const parsed = parseScenario(json, { presets: args.presets });
  if (!parsed.ok) {
    io.stderr(parsed.issues.map((issue) => `${formatIssue(issue)}\n`).join(''));
    return EXIT_INVALID;
  }

  let evaluation;
  try {
    evaluation = evaluate(parsed.value, parsed.value);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    io.stderr(error.issues.map((issue) => `${formatIssue(issue)}\n`).join(''));
    return EXIT_INVALID;
  }
  const { results, overdue } = evaluation;
  // Overdue entries are built with the contract's keys in order; rows drop their overdue count.
  io.stdout(`${JSON.stringify({ results: results.map(contractRow), overdue })}\n`);
  return args.strict && results.some((row) => isFailing(row.status)) ? EXIT_FAILING : EXIT_OK;
}
