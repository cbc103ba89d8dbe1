import type { FastifyRequest } from 'fastify';
import { badRequest, versionRequired } from './errors.js';
import { MESSAGES } from './messages.js';

/**
 * The version the client edited, from `If-Match` (`3`, `"3"` or `W/"3"`), a `version`
 * body field or a `?version=` query parameter. Updates and deletes must send it, so that no edit silently overwrites another.
 */
export function expectedVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (typeof header === 'string' && header.trim() !== '') {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
    if (!match) throw badRequest(MESSAGES.versionNotNumber, [{ path: 'headers.if-match', message: MESSAGES.versionNotNumber.en }]);
    return Number(match[1]);
  }
  const body = request.body as { version?: unknown } | undefined;
  if (body && typeof body === 'object' && typeof body.version === 'number') return body.version;
  // A DELETE often cannot carry a body: `?version=3` (VersionQuery, converted to a number).
  const query = request.query as { version?: unknown } | undefined;
  if (query && typeof query === 'object' && typeof query.version === 'number') return query.version;
  throw versionRequired();
}
