import type { FastifyRequest } from 'fastify';
import { badRequest, versionRequired } from './errors.js';

/**
 * The version the client edited, from `If-Match` (`3`, `"3"` or `W/"3"`) or a `version`
 * body field. Updates and deletes must send it, so that no edit silently overwrites another.
 */
export function expectedVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (typeof header === 'string' && header.trim() !== '') {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
    if (!match) throw badRequest('If-Match must be a version number', [{ path: 'headers.if-match', message: 'not a version' }]);
    return Number(match[1]);
  }
  const body = request.body as { version?: unknown } | undefined;
  if (body && typeof body === 'object' && typeof body.version === 'number') return body.version;
  throw versionRequired();
}
