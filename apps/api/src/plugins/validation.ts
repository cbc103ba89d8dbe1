import fp from 'fastify-plugin';
import type { FastifySchemaValidationError } from 'fastify';
import { registerAjvFormats } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

// `format: 'uuid' | 'date-time' | …` checked by ajv-formats' validators, as the type provider expects.
registerAjvFormats();

/**
 * Text converted to the schema's types, defaults added. TypeBox converts text to an integer by
 * truncating it (`?version=1.5` became 1 and deleted version 1): a field whose text is not exactly
 * the number it became keeps its text, so the check refuses it as the wrong type (query, params
 * and headers are flat). Convert changes its input in place, hence the copy.
 */
function convertExactly(schema: TSchema, input: unknown): unknown {
  const raw = isRecord(input) ? { ...input } : {};
  const converted = Value.Convert(schema, Value.Default(schema, input));
  if (!isRecord(converted)) return converted;
  return Object.fromEntries(Object.entries(converted).map(([key, value]) => [key, typeof value === 'number' && typeof raw[key] === 'string' && Number(raw[key]) !== value ? raw[key] : value]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
      // Converting and defaulting are generic walks of the schema (~50 µs a request on the hot
      // routes); text that already fits a schema without defaults (ids, dates) needs neither.
      const text = httpPart !== 'body';
      const hasDefaults = JSON.stringify(schema).includes('"default"');
      return (input: unknown) => {
        if (text && !hasDefaults && checker.Check(input)) return { value: input };
        const value = text ? convertExactly(schema, input) : input;
        if (checker.Check(value)) return { value };
        return { error: checker.Errors(value) as unknown as FastifySchemaValidationError[] };
      };
    });
  },
  { name: 'validation' },
);
