import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ContentCoding, TaggedBody } from '../services/stamped-memo.js';
import { contentCoding } from './negotiation.js';

/**
 * Whether an `If-None-Match` header names `etag` (RFC 9110 §13.1.2): `*`, or a list of entity
 * tags compared weakly (`W/"x"` matches `"x"`). A GET it names is answered 304 without a body.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = sameContent(etag);
  return ifNoneMatch.split(',').some((tag) => sameContent(tag) === opaque);
}

/**
 * A tag as compared: weakly (without `W/`), and without the coding a compressed form's tag names
 * (`"….br"`, see {@link sendTagged}): every form holds the same content, so a client holding one
 * may keep it whichever it would be sent now. A SHA-256 in base64url has no dot.
 */
const sameContent = (tag: string) => tag.trim().replace(/^W\//, '').replace(/\.(?:br|gzip)"$/, '"');

/**
 * Sends a body kept with its entity tag (services/stamped-memo.ts `taggedBody`) as a browser keeps
 * it: with its `ETag` and `Cache-Control: private, no-cache`, so it asks again with
 * `If-None-Match` each time; and answers 304 without a body when that names the tag. Called after
 * the caller's access is checked: a stranger holding a tag still gets 404 (and signing out
 * clears what the browser kept: routes/auth).
 *
 * Sent compressed in `coding` when the body has that form (`addForm`, which its memo's owner
 * calls with {@link requestedCoding}), under a tag of its own (`"<digest>.br"`): a form is
 * another representation, and caches key it by `Vary: Accept-Encoding`.
 */
export function sendTagged(request: FastifyRequest, reply: FastifyReply, body: TaggedBody, coding: ContentCoding | undefined) {
  const form = coding === undefined ? undefined : body.forms[coding];
  const etag = form === undefined ? body.etag : `${body.etag.slice(0, -1)}.${coding}"`;
  reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'accept-encoding');
  // Nothing sent with a 304: no body, and so no content type or length of one (RFC 9110 §15.4.5).
  if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).removeHeader('content-type').send();
  reply.type('application/json; charset=utf-8');
  if (form !== undefined) reply.header('content-encoding', coding);
  return reply.send((form ?? body.bytes) as never);
}

/** The compressed form the client takes, if any (`Accept-Encoding`). */
export const requestedCoding = (request: FastifyRequest): ContentCoding | undefined => contentCoding(request.headers['accept-encoding']);
