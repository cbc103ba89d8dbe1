import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardFormula, isFormulaErrorText, unguardFormula } from './csv-formula.js';

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

  it('guards text a spreadsheet would show as a formula error, which the importer reads as one', () => {
    expect(['#N/A', '#REF!', "'#N/A", 'Err:502'].map(guardFormula)).toEqual(["'#N/A", "'#REF!", "''#N/A", "'Err:502"]);
    expect(['#N/A!', '#хэштег', 'Пост о #REF!'].map(guardFormula)).toEqual(['#N/A!', '#хэштег', 'Пост о #REF!']);
    expect(isFormulaErrorText(' #DIV/0! ')).toBe(true);
    expect(isFormulaErrorText(unguardFormula(guardFormula('#N/A')))).toBe(true);
    expect(isFormulaErrorText(guardFormula('#N/A'))).toBe(false);
  });

  it('reads every guarded text back as it was', () => {
    fc.assert(fc.property(fc.string(), (text) => unguardFormula(guardFormula(text)) === text), {
      examples: [["'="], ["'+7"], ["''="], ['#N/A'], ["'#REF!"]],
      numRuns: 1000,
    });
  });
});
