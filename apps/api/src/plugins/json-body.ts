import { isUtf8 } from 'node:buffer';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { jsonErrorPlace } from '@ritm/domain/read-json';
import { badRequest, HttpError } from '../http/errors.js';
import { fieldPath, message, pointer, type Detail } from '../http/messages.js';

/**
 * Where in a JSON text that parsed a key is that Fastify's secure parser refuses, as a JSON
 * pointer: `__proto__` anywhere, or `constructor` holding a `prototype` (what would reach an
 * object's prototype once merged). Undefined when there is none.
 */
export function forbiddenKeyAt(value: unknown): string | undefined {
  // A node's own keys before its children's, with a stack of its own: a body nested 20,000 deep parses
  // (JSON.parse does not recurse) and must not overflow the call stack here.
  const stack: Array<{ value: unknown; at: string }> = [{ value, at: '' }];
  while (stack.length > 0) {
    const { value: node, at } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    // An array's indexes need no escaping: `pointer` leaves them as they are.
    const children = Object.entries(node).map(([key, inner]) => ({ key, value: inner as unknown, at: pointer(at, key) }));
    for (const { key, value: inner, at: here } of children) {
      if (key === '__proto__') return here;
      if (key === 'constructor' && typeof inner === 'object' && inner !== null && Object.hasOwn(inner, 'prototype')) return pointer(here, 'prototype');
    }
    // Reversed onto the stack, so that the first child is walked first.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return undefined;
}

/**
 * Why a body the secure parser refused is refused, in the API's words: a key that could reach an
 * object's prototype, named at its place (valid JSON, so the plain parser reads it), or the
 * line and column of a syntax error (what an editor shows), or plain "not valid JSON".
 */
export function jsonBodyError(body: string): HttpError {
  // The secure parser skips a byte-order mark; so must the places it is told by.
  const text = body.replace(/^\uFEFF/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const place = jsonErrorPlace(error, text);
    return new HttpError(400, 'malformed_json', place === undefined ? message('malformedJson') : message('malformedJsonAt', place));
  }
  const forbidden = forbiddenKeyDetail(parsed, 'body');
  return forbidden === undefined ? new HttpError(400, 'malformed_json', message('malformedJson')) : badRequest('validation', [forbidden]);
}

/**
 * A key of parsed JSON that could reach an object's prototype ({@link forbiddenKeyAt}), named at
 * its place under `part` (`body`, or `querystring.mapping` for JSON sent in a query parameter).
 */
export function forbiddenKeyDetail(value: unknown, part: string): Detail | undefined {
  const at = forbiddenKeyAt(value);
  if (at === undefined) return undefined;
  const key = at.slice(at.lastIndexOf('/') + 1);
  return { path: fieldPath(part, at), message: message('forbiddenJsonKey', { key }) };
}

/**
 * A body sent compressed (`Content-Encoding: gzip`, …) is refused with 415, as RFC 9110 §15.5.16
 * says, naming the one coding taken: bodies are read as sent, and a compressed one was parsed as
 * plain bytes (decoding it would need the body limit kept on what it decodes to).
 */
function refuseContentEncoding(request: FastifyRequest, reply: FastifyReply): void {
  const coding = request.headers['content-encoding'];
  if (coding === undefined || /^\s*(identity\s*)?$/i.test(coding)) return;
  const { 'content-length': length, 'transfer-encoding': transfer } = request.headers;
  if ((length === undefined || length === '0') && transfer === undefined) return;
  reply.header('accept-encoding', 'identity');
  throw new HttpError(415, 'unsupported_media_type', message('compressedBody'));
}

/**
 * JSON bodies read by Fastify's own secure parser (prototype keys refused, as before), its
 * refusals told as {@link jsonBodyError} says rather than one "not valid JSON" for all. A body
 * that is not UTF-8 (RFC 8259 §8.1) is refused: decoding it put «�» in place of its bytes, and a
 * title was stored so, where a CSV import refuses such bytes naming the cell.
 */
export default fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => refuseContentEncoding(request, reply));
    const secure = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      const bytes = body as Buffer;
      if (!isUtf8(bytes)) {
        done(new HttpError(400, 'malformed_json', message('jsonNotUtf8')), undefined);
        return;
      }
      const text = bytes.toString('utf8');
      secure(request, text, (error, value) => {
        if (error === null || text.length === 0) done(error, value);
        else done(jsonBodyError(text), undefined);
      });
    });
  },
  { name: 'json-body' },
);
