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

/**
 * What is wrong with an address Ritm will read itself (a feed), besides its look: `not_a_url`
 * when no URL parser can read it (`http://[`), `credentials` when it holds a user name or password
 * (`https://user:secret@example.org/feed`), which everyone who sees the source would read.
 *
 * @example fetchedUrlProblem('https://example.org/feed') // undefined
 * @example fetchedUrlProblem('https://user:secret@example.org/feed') // 'credentials'
 */
export function fetchedUrlProblem(url: string): 'not_a_url' | 'credentials' | undefined {
  if (!isWebUrl(url) || !URL.canParse(url)) return 'not_a_url';
  const parsed = new URL(url);
  return parsed.username !== '' || parsed.password !== '' ? 'credentials' : undefined;
}
