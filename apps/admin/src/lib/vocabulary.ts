import { i18n } from '../i18n.js';

/**
 * A code's name in the UI language: `kind.press_release` → «Пресс-релиз». Item kinds and
 * channel types are open vocabularies (an organisation may plan kinds of its own), and the
 * audit log records free-form actions, so a code without a name is shown as it is spelt.
 *
 * @example vocabularyLabel('kind', 'press_release') // 'Пресс-релиз'
 * @example vocabularyLabel('kind', 'hackathon') // 'hackathon'
 */
export function vocabularyLabel(section: string, code: string): string {
  const { t, te } = i18n.global;
  const key = `${section}.${code}`;
  return te(key) ? t(key) : code;
}
