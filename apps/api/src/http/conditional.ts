/**
 * Whether an `If-None-Match` header names `etag` (RFC 9110 §13.1.2): `*`, or a list of entity
 * tags compared weakly (`W/"x"` matches `"x"`). A GET it names is answered 304 without a body.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}
