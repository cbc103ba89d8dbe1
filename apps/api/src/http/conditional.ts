import type { FastifyReply, FastifyRequest } from 'fastify';
import { bodyBytes, codingFor, compressed, tagOf, type ContentCoding, type KeptForm, type StampedMemo, type TaggedBody } from '../services/stamped-memo.js';
import { contentCoding } from './negotiation.js';

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

/** What a client asks of a kept body: the compressed form it takes (`Accept-Encoding`), and the tags it holds (`If-None-Match`). */
export interface Asked {
  coding: ContentCoding | undefined;
  ifNoneMatch: string | undefined;
}

export const askedOf = (request: FastifyRequest): Asked => ({ coding: contentCoding(request.headers['accept-encoding']), ifNoneMatch: request.headers['if-none-match'] });

/** A kept body as one client gets it: its tag, and the bytes sent in `coding`, or none (304). */
export interface Answer {
  etag: string;
  coding: ContentCoding | undefined;
  bytes: Buffer | undefined;
}

/**
 * The answer to `asked` from `body`, which `memo` keeps under `key` (or no longer keeps): none
 * when the client holds this very representation (304, nothing compressed); otherwise the body
 * in the coding the client takes. A form is compressed once and kept with the body while the
 * memo keeps it and has room for both; a form that would push its body out is made for this
 * answer only.
 */
export async function answerOf<T extends TaggedBody>(body: T, asked: Asked, memo: StampedMemo<T>, key: string): Promise<Answer> {
  const coding = codingFor(body, asked.coding);
  const etag = tagOf(body, coding);
  if (etagMatches(asked.ifNoneMatch, etag)) return { etag, coding, bytes: undefined };
  if (coding === undefined) return { etag, coding, bytes: body.bytes };
  let form = body.forms[coding];
  if (form === undefined) {
    const made = (form = await compressed(body.bytes, coding));
    // Two requests may have made it at once: the first one kept stays.
    if (body.forms[coding] === undefined) memo.grow(key, body, bodyBytes(made), (kept) => (kept.forms[coding] = made));
  }
  return { etag, coding, bytes: form };
}

/**
 * The answer to `asked` from an answer kept only as one compressed form (a client taking that
 * coding): none when the client holds it (304), otherwise the form.
 */
export function keptFormAnswer(form: KeptForm, asked: Asked): Answer {
  return { etag: form.etag, coding: form.coding, bytes: etagMatches(asked.ifNoneMatch, form.etag) ? undefined : form.bytes };
}

/**
 * Sends an {@link answerOf} as a browser keeps it: with its `ETag` and `Cache-Control: private,
 * no-cache`, so it asks again with `If-None-Match` each time, and `Vary: Accept-Encoding`, each
 * form being a representation of its own; 304 without a body when it holds this one. Called
 * after the caller's access is checked: a stranger holding a tag still gets 404 (and signing out
 * clears what the browser kept: routes/auth).
 */
export function sendAnswer(reply: FastifyReply, answer: Answer) {
  reply.header('etag', answer.etag).header('cache-control', 'private, no-cache').header('vary', 'accept-encoding');
  // Nothing sent with a 304: no body, and so no content type or length of one (RFC 9110 §15.4.5).
  if (answer.bytes === undefined) return reply.code(304).removeHeader('content-type').send();
  reply.type('application/json; charset=utf-8');
  if (answer.coding !== undefined) reply.header('content-encoding', answer.coding);
  return reply.send(answer.bytes as never);
}

type OnSend = (this: unknown, request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: Error | null, payload?: unknown) => void) => void;

/**
 * The `onSend` hooks of a HEAD route Fastify made from a GET route (`exposeHeadRoutes`), with
 * its last one, which drops the body and sets `Content-Length` to the size of the body dropped,
 * kept from doing so on a 304. A 304 has no body, and a length it carries would have to be that
 * of the 200 (RFC 9110 §8.6): Fastify's says 0, which a cache freshening its copy from the 304
 * could take for the representation's. Other hooks, and other statuses, are left as they are.
 */
export function headOnSendHooks(hooks: OnSend | OnSend[] | undefined): OnSend[] | undefined {
  if (hooks === undefined) return undefined;
  return [hooks].flat().map((hook) =>
    hook.name !== 'headRouteOnSendHandler'
      ? hook
      : function headOnSend(this: unknown, request, reply, payload, done) {
          if (reply.statusCode !== 304) return hook.call(this, request, reply, payload, done);
          hook.call(this, request, reply, payload, (error) => {
            reply.removeHeader('content-length');
            done(error, null);
          });
        },
  );
}
