import { createI18n } from 'vue-i18n';
import ru from './locales/ru/index.js';
import en from './locales/en/index.js';

export type Locale = 'ru' | 'en';
export const LOCALES: readonly Locale[] = ['ru', 'en'];
const STORAGE_KEY = 'ritm.locale';

function initialLocale(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'ru';
}

/** Russian is the language of the product; English is there for colleagues and reviewers. */
export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'ru',
  messages: { ru, en },
  missingWarn: false,
  fallbackWarn: false,
  pluralRules: {
    // Russian has three plural forms: 1 пост, 2 поста, 5 постов (choice index 0, 1, 2).
    ru: (choice: number) => {
      const n = Math.abs(choice) % 100;
      const n1 = n % 10;
      if (n > 10 && n < 20) return 2;
      if (n1 === 1) return 0;
      if (n1 >= 2 && n1 <= 4) return 1;
      return 2;
    },
  },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}
