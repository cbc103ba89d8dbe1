/**
 * Whether an error means the database cannot be reached or has dropped the connection: an
 * outage the API answers with 503 `unavailable` and survives, rather than a fault of the request.
 *
 * Recognised: the socket's own errors (refused, reset, timed out, unreachable host), `pg`'s
 * messages for a connection that ended or could not be made in time, and the SQLSTATEs a server
 * sends as it goes away or turns connections down: class 08 (connection exception), 57P01
 * admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
 * A wrapped error (`cause`, or `AggregateError.errors` when several addresses were tried) counts
 * by what it wraps.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0);
}

const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN']);
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
// pg raises these as plain Errors, without a code (pg/lib/client.js, pg-pool/index.js).
const PG_MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Connection terminated due to connection timeout/,
];

function unavailable(error: unknown, depth: number): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SOCKET_ERRORS.has(code) || SERVER_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof message === 'string' && PG_MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.some((inner) => unavailable(inner, depth + 1))) return true;
  return unavailable(cause, depth + 1);
}
