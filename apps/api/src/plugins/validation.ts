import fp from 'fastify-plugin';
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { registerAjvFormats } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Settings } from 'typebox/system';
import { Value } from 'typebox/value';
import { isUuid } from '@ritm/domain/uuid';
import { badRequest } from '../http/errors.js';
import { message } from '../http/messages.js';

// `format: 'uuid' | 'date-time' | …` checked by ajv-formats' validators, as the type provider expects.
registerAjvFormats();

/**
 * Text converted to the schema's types, defaults added. TypeBox converts text to an integer by
 * truncating it (`?version=1.5` became 1 and deleted version 1), and JavaScript reads `0x7E8`,
 * ` 2026` and `1e3` as numbers: a field whose text is not a plain decimal number (digits, a sign;
 * no leading zero; a point only where the field takes fractions, so `year=2026.0` is no year)
 * exactly equal to the number it became keeps its text, so the check refuses it as the wrong type
 * (query, params and headers are flat). Convert changes its input in place, hence the copy.
 */
function convertExactly(schema: TSchema, input: unknown): unknown {
  const raw = isRecord(input) ? { ...input } : {};
  const converted = Value.Convert(schema, Value.Default(schema, input));
  if (!isRecord(converted)) return converted;
  const properties = (schema as { properties?: Record<string, TSchema> }).properties ?? {};
  const exactly = (key: string, text: string, value: number) => {
    const property = properties[key];
    return (property !== undefined && takesFraction(property) ? DECIMAL : INTEGER).test(text) && Number(text) === value;
  };
  return Object.fromEntries(
    Object.entries(converted).map(([key, value]) => [key, typeof value === 'number' && typeof raw[key] === 'string' && !exactly(key, raw[key], value) ? raw[key] : value]),
  );
}

const INTEGER = /^-?(0|[1-9][0-9]*)$/;
const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

// Whether a schema takes a number with a fraction (a `number`, or a union with one).
function takesFraction(schema: TSchema): boolean {
  const { type, anyOf, oneOf } = schema as { type?: unknown; anyOf?: TSchema[]; oneOf?: TSchema[] };
  return type === 'number' || (Array.isArray(type) && type.includes('number')) || [...(anyOf ?? []), ...(oneOf ?? [])].some(takesFraction);
}

/**
 * Query parameters given more than once (`?granularity=week&granularity=month`) where the schema
 * takes one value: the query string parser makes a list of them, which the check would refuse as
 * the wrong type, listing the values one may give («must be one of: text, week, month»). They are
 * named as given twice instead, and any other error of theirs is left out.
 */
function withRepeatedNamed(schema: TSchema, input: unknown, errors: FastifySchemaValidationError[]): FastifySchemaValidationError[] {
  const properties = (schema as { properties?: Record<string, TSchema> }).properties;
  if (!isRecord(input) || properties === undefined) return errors;
  const repeated = Object.keys(input).filter((key) => Array.isArray(input[key]) && Object.hasOwn(properties, key) && !takesList(properties[key]!));
  if (repeated.length === 0) return errors;
  const of = (error: FastifySchemaValidationError) => repeated.find((key) => error.instancePath === `/${key}` || error.instancePath.startsWith(`/${key}/`));
  const named = repeated.map((key) => ({ keyword: 'repeated', instancePath: `/${key}`, schemaPath: `#/properties/${key}`, params: {}, message: 'is given more than once' }));
  return [...named, ...errors.filter((error) => of(error) === undefined)];
}

// Whether a schema takes a list (an array, or a union with one).
function takesList(schema: TSchema): boolean {
  const { type, anyOf, oneOf } = schema as { type?: unknown; anyOf?: TSchema[]; oneOf?: TSchema[] };
  return type === 'array' || (Array.isArray(type) && type.includes('array')) || [...(anyOf ?? []), ...(oneOf ?? [])].some(takesList);
}

/**
 * A body that is one of several kinds of object told apart by a constant field (an evidence
 * source's `type: 'feed' | 'vk' | …`): checked against the kind whose constant it has, so that the
 * errors name that kind's fields (`body.url`); TypeBox's errors of the whole union mix every kind's,
 * which could only be answered «body: is not valid». A kind none has is named at that field.
 */
function discriminatedErrors(schema: TSchema): ((value: unknown) => FastifySchemaValidationError[] | undefined) | undefined {
  const branches = (schema as { anyOf?: TSchema[] }).anyOf;
  if (branches === undefined || branches.length < 2) return undefined;
  const constants = branches.map((branch) => {
    const { type, properties } = branch as { type?: unknown; properties?: Record<string, { const?: unknown }> };
    return type === 'object' ? Object.entries(properties ?? {}).filter(([, property]) => typeof property.const === 'string') : [];
  });
  // The field every kind has a constant of.
  const field = constants[0]?.map(([name]) => name).find((name) => constants.every((fields) => fields.some(([other]) => other === name)));
  if (field === undefined) return undefined;
  const kinds = new Map(branches.map((branch, at) => [constants[at]!.find(([name]) => name === field)![1].const as string, Compile(branch)]));
  return (value) => {
    if (!isRecord(value)) return undefined;
    if (value[field] === undefined) return [{ keyword: 'required', instancePath: '', schemaPath: '#/required', params: { requiredProperties: [field] }, message: `must have ${field}` }];
    const kind = kinds.get(value[field] as string);
    if (kind !== undefined) return kind.Errors(value) as unknown as FastifySchemaValidationError[];
    return [{ keyword: 'enum', instancePath: `/${field}`, schemaPath: `#/properties/${field}`, params: { allowedValues: [...kinds.keys()] }, message: 'is not one of the kinds' }];
  };
}

/**
 * Ids written in capitals (`F7D41DBC-…`: RFC 9562 reads a UUID's digits either way) as the
 * database writes them: PostgreSQL compared them alike, but the API compares ids as text too (is
 * this channel one of the organisation's?), and answered a real channel given in capitals as
 * "not a channel of this organisation". Walks the value where the schema has a `uuid` field.
 */
export function lowerUuids(schema: TSchema, value: unknown): unknown {
  const { format, properties, items, anyOf, oneOf } = schema as { format?: string; properties?: Record<string, TSchema>; items?: TSchema; anyOf?: TSchema[]; oneOf?: TSchema[] };
  if (typeof value === 'string') {
    const uuid = format === 'uuid' || [...(anyOf ?? []), ...(oneOf ?? [])].some((branch) => (branch as { format?: string }).format === 'uuid');
    return uuid && isUuid(value) ? value.toLowerCase() : value;
  }
  if (Array.isArray(value) && items !== undefined) {
    for (let i = 0; i < value.length; i++) value[i] = lowerUuids(items, value[i]);
  } else if (isRecord(value) && properties !== undefined) {
    for (const key of Object.keys(properties)) if (Object.hasOwn(value, key)) value[key] = lowerUuids(properties[key]!, value[key]);
  }
  for (const branch of [...(anyOf ?? []), ...(oneOf ?? [])]) if (typeof value === 'object' && value !== null) lowerUuids(branch, value);
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// TypeBox stops at 8 errors by default: a union of more literals than that was answered "must be
// one of" a list cut short. Only failed checks collect errors, so the cost is paid by bad input.
Settings.Set({ maxErrors: 100 });

/**
 * Validates every request part with TypeBox's compiled checker. Bodies are JSON and must already
 * have the right types: `{"members": "5"}` is a 400, not a silent 5. Params, query and headers
 * arrive as text, so they are converted (`?limit=20` → 20) and get their schema defaults.
 * Nothing is ever stripped: a schema with `additionalProperties: false` rejects unknown fields.
 */
export default fp(
  async (app) => {
    app.setValidatorCompiler<TSchema>(({ schema, httpPart }) => {
      const checker = Compile(schema);
      const kindErrors = discriminatedErrors(schema);
      // Converting and defaulting are generic walks of the schema (~50 µs a request on the hot
      // routes); text that already fits a schema without defaults (ids, dates) needs neither.
      const text = httpPart !== 'body';
      const hasDefaults = JSON.stringify(schema).includes('"default"');
      const hasUuids = JSON.stringify(schema).includes('"format":"uuid"');
      const ids = (value: unknown) => (hasUuids ? lowerUuids(schema, value) : value);
      return (input: unknown) => {
        // Ids lower-cased before the check, so that `uniqueItems` sees one id written in two cases
        // as the same id: after it, `[C, C-upper]` passed and was written twice (a 500 on the
        // links' primary key, or a series holding one channel twice).
        const canonical = ids(input);
        if (text && !hasDefaults && checker.Check(canonical)) return { value: canonical };
        const value = text ? convertExactly(schema, canonical) : canonical;
        if (checker.Check(value)) return { value };
        const errors = kindErrors?.(value) ?? (checker.Errors(value) as unknown as FastifySchemaValidationError[]);
        return { error: httpPart === 'querystring' ? withRepeatedNamed(schema, input, errors) : errors };
      };
    });

    // A route that declares no body (a confirmation, a job asked for by its query) takes no JSON
    // one: its fields were accepted unread, where a declared body refuses unknown fields. `{}` is
    // no field, and what the admin's client sends with every write. Routes that take a file, and
    // other types (the form a mail client posts to unsubscribe), read their body themselves.
    // Route-level, so after auth: a caller who may not use the route is not told what it takes.
    app.addHook('onRoute', (route) => {
      if (route.schema?.body !== undefined || route.config?.fileBody === true) return;
      route.preValidation = [...[route.preValidation ?? []].flat(), refuseBody];
    });
  },
  { name: 'validation' },
);

const JSON_TYPE = /^\s*application\/json\s*(;|$)/i;

async function refuseBody(request: FastifyRequest): Promise<void> {
  const { body } = request;
  if (body === undefined || !JSON_TYPE.test(request.headers['content-type'] ?? '')) return;
  // A delete may name the version it deletes in its body, as updates do (http/version.ts reads it there).
  const named = isRecord(body) ? Object.keys(body).filter((key) => !(request.method === 'DELETE' && key === 'version' && typeof body[key] === 'number')) : undefined;
  if (named?.length === 0) return;
  throw badRequest('validation', [{ path: 'body', message: message('fieldNoBody') }]);
}
