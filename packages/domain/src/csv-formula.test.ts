import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardFormula, unguardFormula } from './csv-formula.js';

describe('CSV formula guard', () => {
  it('prefixes what a spreadsheet would run and nothing else', () => {
    expect(guardFormula('=1+1')).toBe("'=1+1");
    expect(guardFormula('+7 900')).toBe("'+7 900");
    expect(guardFormula('-минус')).toBe("'-минус");
    expect(guardFormula('@user')).toBe("'@user");
    expect(guardFormula('\t=x')).toBe("'\t=x");
    expect(guardFormula('Итоги 2026 = успех')).toBe('Итоги 2026 = успех');
    expect(guardFormula("'цитата'")).toBe("'цитата'");
    // Already looks guarded: guarded again, so that reading it back keeps its own apostrophe.
    expect(guardFormula("'=1")).toBe("''=1");
    expect(unguardFormula(guardFormula("'=1"))).toBe("'=1");
  });

  it('reads every guarded text back as it was', () => {
    fc.assert(fc.property(fc.string(), (text) => unguardFormula(guardFormula(text)) === text), { examples: [["'="], ["'+7"], ["''="]], numRuns: 1000 });
  });
});
