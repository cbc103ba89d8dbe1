import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { render } from '../http/messages.js';
import { cliLanguage, languageOfArgs, parseArgsMessage, UsageError, usage } from './usage.js';

/** What node's parseArgs throws for these arguments. */
function refusal(args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = {}): unknown {
  try {
    parseArgs({ args, options, strict: true });
  } catch (error) {
    return error;
  }
  throw new Error(`parseArgs took ${JSON.stringify(args)}`);
}

describe('the command line’s language', () => {
  it('is --lang, else the locale when it is Russian or English, else the fallback', () => {
    expect(cliLanguage('en', { LANG: 'ru_RU.UTF-8' })).toBe('en');
    expect(cliLanguage(undefined, { LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(cliLanguage(undefined, { LANG: 'ru_RU.UTF-8' })).toBe('ru');
    // POSIX: LC_ALL over LC_MESSAGES over LANG.
    expect(cliLanguage(undefined, { LC_ALL: 'en_US.UTF-8', LC_MESSAGES: 'ru_RU', LANG: 'ru_RU' })).toBe('en');
    expect(cliLanguage(undefined, { LC_MESSAGES: 'ru_RU.UTF-8', LANG: 'en_US.UTF-8' })).toBe('ru');
    expect(cliLanguage(undefined, {})).toBe('ru');
    expect(cliLanguage(undefined, { LANG: 'C.UTF-8' })).toBe('ru');
    expect(cliLanguage(undefined, { LANG: 'de_DE.UTF-8' }, 'en')).toBe('en');
    expect(() => cliLanguage('de', {})).toThrow(UsageError);
    expect(() => cliLanguage('', {})).toThrow('--lang: ru or en');
  });

  it('of a whole line is its --lang wherever it stands, a bad one leaving the locale to say', () => {
    expect(languageOfArgs(['counts', 'check', '--lang', 'en'], {})).toBe('en');
    expect(languageOfArgs(['--lang=en', 'bogus'], { LANG: 'ru_RU' })).toBe('en');
    expect(languageOfArgs(['import', '--lang', 'de'], { LANG: 'en_US' })).toBe('en');
    expect(languageOfArgs(['import', '--lang'], {})).toBe('ru');
    // After `--` it is a file's name, not an option.
    expect(languageOfArgs(['import', '--', '--lang', 'en'], {})).toBe('ru');
  });

  it('has the usage in both languages, naming the same commands', () => {
    const commands = (text: string) => [...text.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
    expect(usage('ru')).toMatch(/^Использование: ritm <команда>/);
    expect(usage('en')).toMatch(/^Usage: ritm <command>/);
    expect(commands(usage('ru'))).toEqual(commands(usage('en')));
    expect(commands(usage('en'))).toEqual(['serve', 'migrate', 'demo', 'user', 'token', 'import', 'report', 'report', 'evidence', 'jobs', 'digest', 'counts', 'check']);
  });
});

describe('parseArgsMessage', () => {
  it('names the option or argument node refused, in either language', () => {
    const cases: Array<[unknown, string, string]> = [
      [refusal(['--nope']), 'unknown option --nope', 'неизвестный параметр --nope'],
      [refusal(['-x']), 'unknown option -x', 'неизвестный параметр -x'],
      [refusal(['--org'], { org: { type: 'string' } }), 'option --org needs a value', 'у параметра --org нет значения'],
      [refusal(['--force=yes'], { force: { type: 'boolean' } }), 'option --force takes no value', 'параметр --force не принимает значения'],
      [refusal(['extra']), 'unexpected argument "extra"', 'лишний аргумент «extra»'],
      [refusal(['--org', '-x'], { org: { type: 'string' } }), 'the value of --org starts with "-": write it as --org=…', 'значение параметра --org начинается с «-»: запишите его как --org=…'],
    ];
    for (const [error, english, russian] of cases) {
      const said = parseArgsMessage(error);
      expect(said && render(said, 'en')).toBe(english);
      expect(said && render(said, 'ru')).toBe(russian);
    }
  });

  it('is undefined for any other error', () => {
    expect(parseArgsMessage(new Error('disk full'))).toBeUndefined();
    expect(parseArgsMessage(null)).toBeUndefined();
    expect(parseArgsMessage(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBeUndefined();
  });
});
