import { describe, expect, it } from 'vitest';
import { vocabularyLabel } from './vocabulary.js';

describe('a code in the UI language', () => {
  it("names a known code and shows an organisation's own one as it is spelt", () => {
    expect(vocabularyLabel('kind', 'press_release')).toBe('Пресс-релиз');
    expect(vocabularyLabel('channelType', 'vk')).toBe('ВКонтакте');
    expect(vocabularyLabel('kind', 'hackathon')).toBe('hackathon');
    expect(vocabularyLabel('auditLog.actions', 'reopen')).toBe('возврат в черновик');
  });
});
