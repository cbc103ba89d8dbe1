/**
 * What counts as written: a title, a name or a reason holds at least one character that is not a
 * space — white space as Unicode has it (the no-break and ideographic spaces too) or one of the
 * zero-width characters JavaScript's `\s` leaves out (U+200B–U+200D, U+2060). A name of spaces
 * alone would be stored and shown as a blank.
 */
export const NOT_BLANK_PATTERN = '[^\\s\\u200B-\\u200D\\u2060\\uFEFF]';

const NOT_BLANK = new RegExp(NOT_BLANK_PATTERN);

/**
 * Whether a text holds nothing but spaces (see {@link NOT_BLANK_PATTERN}).
 *
 * @example isBlank('\u00a0\u200b') // true
 * @example isBlank(' Пост ') // false
 */
export function isBlank(text: string): boolean {
  return !NOT_BLANK.test(text);
}
