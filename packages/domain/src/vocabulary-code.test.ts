import { describe, expect, it } from 'vitest';
import { CHANNEL_TYPES } from './channel.js';
import { ITEM_KINDS } from './item.js';
import { isVocabularyCode } from './vocabulary-code.js';

describe('vocabulary codes', () => {
  it('spell every known item kind and channel type', () => {
    expect([...ITEM_KINDS, ...CHANNEL_TYPES].every(isVocabularyCode)).toBe(true);
  });

  it("spell an organisation's own the same way, and nothing else", () => {
    expect(['podcast', 'radio_2', 'x'.repeat(40)].every(isVocabularyCode)).toBe(true);
    expect(['Podcast', '2radio', '_x', 'x'.repeat(41), 'подкаст', 'a-b', ''].some(isVocabularyCode)).toBe(false);
  });
});
