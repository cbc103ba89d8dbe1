import { kindOfFormat, statusOfWord } from '@ritm/domain/exchange';
import { isEventKind, ITEM_KINDS, ITEM_STATUSES } from '@ritm/domain/item';
import { describe, expect, it } from 'vitest';
import { kindWord, statusWord } from './item-export.js';

// The words the export writes are the importer's own: each reads back as what it was written for.
describe('the export’s words', () => {
  it('writes each kind as a word the importer maps back to it, or as its code', () => {
    for (const kind of ITEM_KINDS) {
      const word = kindWord(kind);
      expect(word === kind || kindOfFormat(word) === kind, `${kind} → ${word}`).toBe(true);
    }
    expect(kindWord('press_release')).toBe('пресс релиз');
    expect(kindWord('hackathon')).toBe('hackathon');
  });

  it('follows an organisation’s own mapping: a word it maps elsewhere is not written for the kind', () => {
    const word = kindWord('post');
    expect(kindWord('post', { [word]: 'publication' })).not.toBe(word);
    expect(kindOfFormat(kindWord('post', { [word]: 'publication' }), { [word]: 'publication' }) ?? 'post').toBe('post');
  });

  it('writes each status as a word the importer reads back as it, for every kind', () => {
    for (const kind of ITEM_KINDS) {
      for (const status of ITEM_STATUSES) {
        // «published» belongs to publications and «held» to events (the domain's rule).
        if ((status === 'published' && isEventKind(kind)) || (status === 'held' && !isEventKind(kind))) continue;
        expect(statusOfWord(statusWord(status, kind), kind), `${kind} ${status}`).toBe(status);
      }
    }
    expect(statusWord('planned', 'post')).toBe('запланировано');
    expect(statusWord('held', 'public_event')).toBe('проведено');
  });
});
