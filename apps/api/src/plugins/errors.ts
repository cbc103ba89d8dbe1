import fp from 'fastify-plugin';
import type { FastifyError, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors.js';

export type Language = 'ru' | 'en';

/** Russian unless the client's Accept-Language prefers English over Russian. */
export function preferredLanguage(request: FastifyRequest): Language {
  const header = request.headers['accept-language'];
  if (!header) return 'ru';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().slice(0, 2), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.lang === 'ru' || entry.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Language | undefined) ?? 'ru';
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** `body.items[3].at` from an AJV error. */
function fieldPath(context: string, error: AjvError): string {
  let path = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((acc, segment) => (/^\d+$/.test(segment) ? `${acc}[${segment}]` : `${acc}.${segment}`), context);
  if (error.keyword === 'required') path += `.${String(error.params.missingProperty)}`;
  if (error.keyword === 'additionalProperties') path += `.${String(error.params.additionalProperty)}`;
  return path;
}

const MESSAGES: Record<string, Record<Language, string>> = {
  validation: { ru: 'Некорректный запрос', en: 'The request is not valid' },
  too_large: { ru: 'Слишком большой запрос', en: 'The request body is too large' },
  internal: { ru: 'Внутренняя ошибка сервера', en: 'Internal server error' },
  not_found: { ru: 'Не найдено', en: 'Not found' },
};

/**
 * One place maps every error to `{"error": {code, message, details}}`: validation errors name
 * each bad field, domain errors keep their status, and 5xx bodies never show internals.
 */
export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError & { validation?: AjvError[]; validationContext?: string }, request, reply) => {
      const lang = preferredLanguage(request);
      if (error instanceof HttpError) {
        return reply.code(error.statusCode).send({
          error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}), ...error.extra },
        });
      }
      if (error.validation) {
        const context = error.validationContext ?? 'body';
        return reply.code(400).send({
          error: {
            code: 'validation',
            message: MESSAGES.validation![lang],
            details: error.validation.map((e) => ({ path: fieldPath(context, e), message: e.message ?? e.keyword })),
          },
        });
      }
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return reply.code(413).send({ error: { code: 'too_large', message: MESSAGES.too_large![lang] } });
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return reply.code(status).send({ error: { code: error.code ?? 'bad_request', message: error.message } });
      }
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send({ error: { code: 'internal', message: MESSAGES.internal![lang] } });
    });
  },
  { name: 'errors' },
);
