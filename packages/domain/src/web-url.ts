/**
 * Web addresses: where an item was published, where a channel lives.
 */

/**
 * What a web address looks like: `http://` or `https://` (the scheme in any
 * case, as RFC 3986 §3.1 makes schemes case-insensitive) and then no spaces.
 * A JSON Schema `pattern` (which has no flags, hence the character classes).
 */
export const WEB_URL_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://\\S+$';

const webUrl = new RegExp(WEB_URL_PATTERN);

/**
 * Whether a value is a web address (see {@link WEB_URL_PATTERN}).
 *
 * @example isWebUrl('https://vk.com/czn_ekb') // true
 * @example isWebUrl('HTTPS://example.org/a') // true
 * @example isWebUrl('vk.com/czn_ekb') // false
 */
export function isWebUrl(value: unknown): value is string {
  return typeof value === 'string' && webUrl.test(value);
}
