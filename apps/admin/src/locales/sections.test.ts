import { describe, expect, it } from 'vitest';
import en from './en/index.js';
import ru from './ru/index.js';

// Each locale file owns its top-level sections: `index.ts` spreads the files into one object, so a
// section named in two files would silently lose one file's texts (the menu once showed raw keys).
const FILES = import.meta.glob<Record<string, unknown>>('./*/*.json', { eager: true, import: 'default' });

describe('the locale files', () => {
  it.each(['ru', 'en'])('(%s) name each top-level section in one file only, and all of them reach the messages', (lang) => {
    const owners = new Map<string, string[]>();
    for (const [path, texts] of Object.entries(FILES)) {
      if (!path.startsWith(`./${lang}/`)) continue;
      for (const section of Object.keys(texts)) owners.set(section, [...(owners.get(section) ?? []), path]);
    }
    expect([...owners].filter(([, paths]) => paths.length > 1)).toEqual([]);
    const messages = lang === 'ru' ? ru : en;
    expect(Object.keys(messages).sort()).toEqual([...owners.keys()].sort());
  });
});
