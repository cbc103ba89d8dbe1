/**
 * CSV formula injection (OWASP): a cell a spreadsheet would run as a formula — starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return — is written with a leading apostrophe, which
 * spreadsheets show as text; reading it back takes the apostrophe off, so export → import keeps
 * the text as it was.
 */

// A formula character, after any apostrophes of the text's own: `'=1` is guarded too, or reading it
// back would take one of its own apostrophes off.
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;

/**
 * The errors Excel and LibreOffice show in a cell whose formula failed. A sheet saved as CSV holds
 * them as text, and the importer reads such a cell as that error; so text exactly like one is
 * guarded too, and an item titled «#N/A» comes back as its title.
 */
const FORMULA_ERRORS: ReadonlySet<string> = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', 'Err:502', 'Err:504', 'Err:508', 'Err:522']);

/**
 * Whether a CSV cell's text is a formula's error as a spreadsheet saved it.
 *
 * @example isFormulaErrorText('#REF!') // true
 * @example isFormulaErrorText('#хэштег') // false
 */
export const isFormulaErrorText = (text: string): boolean => FORMULA_ERRORS.has(text.trim());

const needsGuard = (text: string): boolean => NEEDS_GUARD.test(text) || isFormulaErrorText(text.replace(/^'+/, ''));

/**
 * @example guardFormula('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 * @example guardFormula('#N/A') // "'#N/A"
 * @example guardFormula('Ярмарка') // 'Ярмарка'
 */
export function guardFormula(text: string): string {
  return needsGuard(text) ? `'${text}` : text;
}

/**
 * @example unguardFormula("'=1+1") // '=1+1'
 * @example unguardFormula("'Ёлка'") // "'Ёлка'" (an apostrophe before anything else is the text's own)
 */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && needsGuard(text.slice(1)) ? text.slice(1) : text;
}
