import { describe, expect, it } from 'vitest';
import { isBlank } from './words.js';

describe('isBlank', () => {
  it('takes spaces of every kind, zero-width ones too, for nothing written', () => {
    for (const blank of ['', ' ', '   ', '\t\n', '\u00a0', '\u3000', '\u200b', '\u200c\u200d', '\u2060', '\ufeff', ' \u00a0\u200b ']) expect(isBlank(blank), JSON.stringify(blank)).toBe(true);
  });

  it('takes any other character for something written', () => {
    for (const written of ['a', ' Пост ', '\u00a0x', '.', '0', '\u200bя']) expect(isBlank(written), JSON.stringify(written)).toBe(false);
  });
});
