/** Characters of a statement's SQL the log keeps: enough to tell which statement failed. */
export const LOGGED_SQL_LENGTH = 500;
/** Characters of any other text of an error the log keeps (its message, a detail quoting a row). */
const LOGGED_TEXT_LENGTH = 2000;

// What a driver hangs on its errors besides the server's fields: PGlite adds the statement's
// `query`, its `params` and `queryOptions`; a Kysely `CompiledQuery` is `{ sql, parameters }`.
const STATEMENT_KEYS = new Set(['query', 'sql', 'text']);
const PARAMETER_KEYS = new Set(['params', 'parameters', 'values']);
const DROPPED_KEYS = new Set(['queryOptions']);

/**
 * The logger's `err` serializer (app.ts gives it to Fastify's logger, so every `{ err }` logged —
 * the error handler's, the job runner's, the evidence scheduler's — passes through it): the
 * error's type, message, stack, code and other fields, as pino's standard serializer keeps them,
 * except that a statement's parameters are counted, not written, and its SQL and every long text
 * are cut. A failing insert of thousands of rows otherwise wrote each of its parameters: 2.5–10
 * MB a log line (found by a probe). A `cause` and an `AggregateError`'s errors are serialized
 * the same way.
 *
 * @example
 * serializeError(Object.assign(new Error('bind message has …'), { code: '08P01', query: 'insert into items …', params: [1, 2, 3] }));
 * // { type: 'Error', message: 'bind message has …', stack: '…', code: '08P01', query: 'insert into items …', params: '[3 parameters]' }
 */
export function serializeError(error: Error): LoggedError {
  // pino hands it whatever was logged as `err`: anything but an error passes as it is.
  return serialize(error, 0) as LoggedError;
}

/** An error as the log writes it. */
export interface LoggedError {
  type: string;
  message: string;
  stack: string;
  [field: string]: unknown;
}

function serialize(error: unknown, depth: number): unknown {
  if (typeof error !== 'object' || error === null || depth > 5) return error;
  if (!(error instanceof Error) && !('message' in error)) return error;
  const source = error as Error & Record<string, unknown>;
  const out: Record<string, unknown> = {
    type: source.constructor?.name ?? source.name,
    message: cut(String(source.message), LOGGED_TEXT_LENGTH),
    stack: typeof source.stack === 'string' ? cutStack(source.stack, String(source.message)) : undefined,
  };
  for (const key of Object.keys(source)) {
    if (key in out || DROPPED_KEYS.has(key)) continue;
    out[key] = field(key, source[key], depth);
  }
  if (source.cause !== undefined && !('cause' in out)) out.cause = serialize(source.cause, depth + 1);
  if (Array.isArray(source.errors)) out.aggregateErrors = source.errors.map((inner: unknown) => serialize(inner, depth + 1));
  return out;
}

function field(key: string, value: unknown, depth: number): unknown {
  if (PARAMETER_KEYS.has(key) && Array.isArray(value)) return `[${value.length} parameters]`;
  if (STATEMENT_KEYS.has(key) && typeof value === 'string') return cut(value, LOGGED_SQL_LENGTH);
  if (typeof value === 'string') return cut(value, LOGGED_TEXT_LENGTH);
  if (value instanceof Error) return serialize(value, depth + 1);
  // A compiled statement kept whole (`{ sql, parameters }`): its text cut, its parameters counted.
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && ('sql' in value || 'parameters' in value)) {
    return Object.fromEntries(Object.entries(value).map(([inner, v]) => [inner, field(inner, v, depth + 1)]));
  }
  return value;
}

/**
 * A stack begins with the error's message, which may quote a long value: the message part is cut
 * as the message is, and the frames after it are kept whole (at most 50, each line bounded), so a
 * long message never leaves the log without where it happened.
 */
function cutStack(stack: string, messageText: string): string {
  const at = stack.indexOf(messageText);
  const head = at < 0 ? '' : stack.slice(0, at + messageText.length);
  const frames = (at < 0 ? stack : stack.slice(head.length)).split('\n');
  const kept = frames.slice(0, 51).map((line) => cut(line, LOGGED_SQL_LENGTH));
  return cut(head, LOGGED_TEXT_LENGTH) + kept.join('\n') + (frames.length > 51 ? `\n… (${frames.length - 51} more lines)` : '');
}

function cut(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}… (${text.length} characters)`;
}
