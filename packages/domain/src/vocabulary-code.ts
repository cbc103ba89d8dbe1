/**
 * How an organisation spells its own item kinds and channel types: the way the
 * known ones are spelt (`press_release`, `info_stand`), so that its own sit
 * beside them in norms and lists.
 */

/**
 * An item kind or channel type: a lowercase Latin letter, then up to 39
 * lowercase letters, digits or `_`. A JSON Schema `pattern`.
 */
export const VOCABULARY_CODE_PATTERN = '^[a-z][a-z0-9_]{0,39}$';

const vocabularyCode = new RegExp(VOCABULARY_CODE_PATTERN);

/**
 * Whether a value is spelt as an item kind or channel type.
 *
 * @example isVocabularyCode('press_release') // true
 * @example isVocabularyCode('Press release') // false
 */
export function isVocabularyCode(value: unknown): value is string {
  return typeof value === 'string' && vocabularyCode.test(value);
}
