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
 * @example guardFormula('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 * @example guardFormula('Ярмарка') // 'Ярмарка'
 */
export function guardFormula(text: string): string {
  return NEEDS_GUARD.test(text) ? `'${text}` : text;
}

/**
 * @example unguardFormula("'=1+1") // '=1+1'
 * @example unguardFormula("'Ёлка'") // "'Ёлка'" (an apostrophe before anything else is the text's own)
 */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && NEEDS_GUARD.test(text.slice(1)) ? text.slice(1) : text;
}
