import type { FastifyRequest } from 'fastify';
import type { VersionedWrite } from '../repositories/versioned.js';
import { badRequest, notFound, versionConflict, versionRequired } from './errors.js';
import { message, type Noun } from './messages.js';

/**
 * The version the client edited, from `If-Match` (`3`, `"3"` or `W/"3"`), a `version` body field
 * or a `?version=` query parameter (a DELETE often cannot carry a body). Updates and deletes must
 * send it, so that no edit silently overwrites another. Given in more than one place and naming
 * different versions, it answers 400 naming each place: which one the client meant cannot be told,
 * and taking either could overwrite an edit.
 */
export function expectedVersion(request: FastifyRequest): number {
  const given: { path: string; name: string; version: number }[] = [];
  const header = request.headers['if-match'];
  if (typeof header === 'string' && header.trim() !== '') {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
    if (!match) throw badRequest('versionNotNumber', [{ path: 'headers.if-match', message: message('versionNotNumber') }]);
    given.push({ path: 'headers.if-match', name: 'If-Match', version: Number(match[1]) });
  }
  const body = request.body as { version?: unknown } | undefined;
  if (body && typeof body === 'object' && typeof body.version === 'number') given.push({ path: 'body.version', name: 'body.version', version: body.version });
  // `?version=3` (VersionQuery, converted to a number).
  const query = request.query as { version?: unknown } | undefined;
  if (query && typeof query === 'object' && typeof query.version === 'number') given.push({ path: 'querystring.version', name: '?version=', version: query.version });
  const [first] = given;
  if (first === undefined) throw versionRequired();
  if (given.some((g) => g.version !== first.version)) {
    throw badRequest(
      message('versionsDisagree', { given: given.map((g) => `${g.name} ${g.version}`).join(', ') }),
      given.map((g) => ({ path: g.path, message: message('fieldVersionDisagrees', { other: given.filter((o) => o !== g).map((o) => o.name).join(', ') }) })),
    );
  }
  return first.version;
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
