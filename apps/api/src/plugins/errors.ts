import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TValidationError } from 'typebox/error';
import { HttpError } from '../http/errors.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { languageOf } from '../http/negotiation.js';
import { render, renderDetails, validationDetails, message, type Language, type PlainKey } from '../http/messages.js';

export type { Language } from '../http/messages.js';

/** Russian unless the client's Accept-Language prefers English over Russian (http/negotiation.ts). */
export function preferredLanguage(request: FastifyRequest): Language {
  return languageOf(request.headers['accept-language']);
}

/** Fastify's own 4xx errors (body parsing, URLs) in our shape and words. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; message: PlainKey }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'too_large', message: 'tooLarge' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', message: 'malformedJson' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'emptyJson' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'unsupportedMediaType' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url', message: 'badUrl' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 400, code: 'bad_url', message: 'badUrl' },
};

const text = (key: PlainKey, lang: Language) => render(message(key), lang);

/** Errors of routes, hooks and Fastify itself; `validation` holds TypeBox's errors (plugins/validation.ts). */
// PostgreSQL gave up on the transaction because of another one (deadlock, serialization, lock
// wait): it was rolled back whole, so the same request may simply be sent again.
const TRANSIENT_DATABASE_ERRORS = new Set(['40001', '40P01', '55P03']);

type AnyError = Error & { code?: string; statusCode?: number; validation?: readonly object[]; validationContext?: string };

/**
 * Answers any error as `{"error": {code, message, details}}` in the caller's language:
 * validation errors name each bad field, domain errors keep their status, and 5xx bodies
 * never show internals. Also used for errors Fastify raises before routing (bad URLs).
 */
export function sendError(error: AnyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const lang = preferredLanguage(request);
  if (error instanceof HttpError) {
    return reply.code(error.statusCode).send({
      error: { code: error.code, message: error.messageIn(lang), ...(error.details ? { details: renderDetails(error.details, lang) } : {}), ...error.extra },
    });
  }
  if (error.validation) {
    const details = renderDetails(validationDetails(error.validationContext ?? 'body', error.validation as TValidationError[]), lang);
    return reply.code(400).send({ error: { code: 'validation', message: text('validation', lang), details } });
  }
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  if (known) return reply.code(known.status).send({ error: { code: known.code, message: text(known.message, lang) } });
  if (error.code !== undefined && TRANSIENT_DATABASE_ERRORS.has(error.code)) {
    request.log.warn({ err: error }, 'transaction gave way to a concurrent one');
    return reply.code(503).header('retry-after', '1').send({ error: { code: 'busy', message: text('busy', lang) } });
  }
  if (isDatabaseUnavailable(error)) {
    // The database went away (or is not up yet): an outage, not a bug. A write whose COMMIT got
    // no answer may or may not have been saved, so it is never reported as done.
    request.log.warn({ err: error }, 'database unavailable');
    return reply.code(503).header('retry-after', '5').send({ error: { code: 'unavailable', message: text('unavailable', lang) } });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Another client error from Fastify or a plugin: its status is right, its wording is not ours.
    request.log.info({ err: error }, 'client error');
    return reply.code(status).send({ error: { code: 'bad_request', message: text('badRequest', lang) } });
  }
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send({ error: { code: 'internal', message: text('internal', lang) } });
}

export default fp(
  async (app) => {
    app.setErrorHandler(sendError);
  },
  { name: 'errors' },
);
