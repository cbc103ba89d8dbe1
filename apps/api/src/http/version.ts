import type { FastifyRequest } from 'fastify';
import type { VersionedWrite } from '../repositories/versioned.js';
import { badRequest, notFound, versionConflict, versionRequired } from './errors.js';
import { message, type Noun } from './messages.js';

/**
 * The version the client edited, from `If-Match` (`3`, `"3"` or `W/"3"`), a `version`
 * body field or a `?version=` query parameter. Updates and deletes must send it, so that no edit silently overwrites another.
 * `If-Match` and a body `version` that name different versions answer 400 naming both: which
 * one the client meant cannot be told, and taking either could overwrite an edit.
 */
export function expectedVersion(request: FastifyRequest): number {
  const body = request.body as { version?: unknown } | undefined;
  const bodyVersion = body && typeof body === 'object' && typeof body.version === 'number' ? body.version : undefined;
  const header = request.headers['if-match'];
  if (typeof header === 'string' && header.trim() !== '') {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
    if (!match) throw badRequest('versionNotNumber', [{ path: 'headers.if-match', message: message('versionNotNumber') }]);
    const version = Number(match[1]);
    if (bodyVersion !== undefined && bodyVersion !== version) {
      throw badRequest(message('versionsDisagree', { header: version, body: bodyVersion }), [
        { path: 'headers.if-match', message: message('fieldVersionDisagrees', { other: 'body.version' }) },
        { path: 'body.version', message: message('fieldVersionDisagrees', { other: 'If-Match' }) },
      ]);
    }
    return version;
  }
  if (bodyVersion !== undefined) return bodyVersion;
  // A DELETE often cannot carry a body: `?version=3` (VersionQuery, converted to a number).
  const query = request.query as { version?: unknown } | undefined;
  if (query && typeof query === 'object' && typeof query.version === 'number') return query.version;
  throw versionRequired();
}

/**
 * The answer to a versioned write (repositories/versioned.ts): the written row, or 404 when the
 * row is gone, 409 `version_conflict` with `currentVersion` when someone wrote first.
 */
export function written<R>(write: VersionedWrite<R>, what: Noun): R {
  if (write.kind === 'written') return write.row;
  if (write.kind === 'missing') throw notFound(what);
  throw versionConflict(write.currentVersion);
}
