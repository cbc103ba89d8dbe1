/**
 * How long ago a number of days was, in the UI language with its plural forms: «вчера»,
 * «5 дней назад», "1 day ago" never "1 days ago" (the platform's `Intl.RelativeTimeFormat`).
 *
 * @example daysAgo(5, 'ru') // '5 дней назад'
 * @example daysAgo(1, 'en') // 'yesterday'
 */
export function daysAgo(days: number, locale: string): string {
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-days, 'day');
}
