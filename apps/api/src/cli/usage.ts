import { isUuid } from '@ritm/domain/uuid';
import { message, render, type Language, type Message, type Param } from '../http/messages.js';

/** Arguments the command line cannot run with: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(readonly said: Message) {
    super(render(said, 'en'));
  }
}

/**
 * A command's subcommand that is not one of `choices`: unknown, or missing — an option where it
 * should stand (`ritm user --lang ru`) is no subcommand either.
 */
export function subcommandError(command: string, given: string | undefined, choices: Param): UsageError {
  return new UsageError(given === undefined || given.startsWith('-') ? message('cli.needsSubcommand', { command, choices }) : message('cli.unknownSubcommand', { command, sub: given }));
}

/** The `--org` option of the commands that act on one organisation: its id, else a usage error. */
export function orgOption(given: string | undefined): string {
  if (given === undefined || !isUuid(given)) throw new UsageError(message('cli.org'));
  return given;
}

/** A bound a contract's schema sets (`maxLength`, `maximum`…), for a message to name it. */
export const bound = (schema: object, key: 'minLength' | 'maxLength' | 'maximum'): number => (schema as Record<string, number>)[key]!;

/** `ritm --help` in a language (the catalogue's `cli.usage`). */
export function usage(lang: Language): string {
  return render(message('cli.usage'), lang);
}

/**
 * The language a command speaks: `--lang ru|en`, else the locale's (LC_ALL, then LC_MESSAGES,
 * then LANG, as POSIX orders them) when it is Russian or English, else `fallback` — Russian, as
 * the product is, except for `ritm check`, whose input and output are the engine's JSON.
 */
export function cliLanguage(flag: string | undefined, env: NodeJS.ProcessEnv, fallback: Language = 'ru'): Language {
  if (flag === 'ru' || flag === 'en') return flag;
  if (flag !== undefined) throw new UsageError(message('cli.lang'));
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  if (/^ru/i.test(locale)) return 'ru';
  if (/^en/i.test(locale)) return 'en';
  return fallback;
}

/**
 * The language of a whole command line, for what is said before (or instead of) its command
 * reading its own options: a usage error, the configuration, a database it cannot reach. A
 * `--lang` that is neither ru nor en is itself the error, told in the locale's language.
 */
export function languageOfArgs(args: readonly string[], env: NodeJS.ProcessEnv, fallback: Language = 'ru'): Language {
  let flag: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') break;
    if (args[i] === '--lang') flag = args[i + 1];
    else if (args[i]!.startsWith('--lang=')) flag = args[i]!.slice('--lang='.length);
  }
  return cliLanguage(flag === 'ru' || flag === 'en' ? flag : undefined, env, fallback);
}

/**
 * Node's own words for arguments `parseArgs` refuses (`ERR_PARSE_ARGS_*`), as a catalogue
 * message; undefined for any other error.
 */
export function parseArgsMessage(error: unknown): Message | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return undefined;
  const text = (error as Error).message;
  // Node quotes what it refuses first: «Unknown option '--nope'», «Option '--org <value>' argument missing».
  const quoted = /'([^']*)'/.exec(text)?.[1] ?? '';
  const option = quoted.split(' ')[0]!;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return message('cli.unknownOption', { option });
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return message('cli.unexpectedArgument', { argument: quoted });
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(text)) return message('cli.optionTakesNoValue', { option });
    // `--org -x`: a value that starts with a dash is taken for the next option.
    return /ambiguous/.test(text) ? message('cli.optionAmbiguous', { option }) : message('cli.optionNeedsValue', { option });
  }
  return undefined;
}
