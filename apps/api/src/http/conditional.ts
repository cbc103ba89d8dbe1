import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TaggedBody } from '../services/stamped-memo.js';

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

/**
 * Sends a body kept with its entity tag (services/stamped-memo.ts `taggedBody`) as a browser keeps
 * it: with its `ETag` and `Cache-Control: private, no-cache`, so it asks again with
 * `If-None-Match` each time; and answers 304 without a body when that names the tag. Called after
 * the caller's access is checked: a stranger holding a tag still gets 404 (and signing out
 * clears what the browser kept: routes/auth).
 */
export function sendTagged(request: FastifyRequest, reply: FastifyReply, body: TaggedBody) {
  reply.header('etag', body.etag).header('cache-control', 'private, no-cache');
  // Nothing sent with a 304: no body, and so no content type or length of one (RFC 9110 §15.4.5).
  if (etagMatches(request.headers['if-none-match'], body.etag)) return reply.code(304).removeHeader('content-type').send();
  return reply.type('application/json; charset=utf-8').send(body.bytes as never);
}
