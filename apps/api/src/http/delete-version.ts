import type { FastifyRequest } from 'fastify';
import { expectedVersion } from './version.js';

/** The version a DELETE names: `?version=3`, `If-Match` or a body field. */
export function deleteVersion(request: FastifyRequest): number {
  const fromQuery = (request.query as { version?: unknown } | undefined)?.version;
  return typeof fromQuery === 'number' ? fromQuery : expectedVersion(request);
}
