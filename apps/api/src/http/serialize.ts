import type { FastifyReply } from 'fastify';
import type { Static, TSchema } from 'typebox';

/**
 * The serializer of one contract schema, for writing part of an answer (the response schema's
 * parts, one organisation at a time): Fastify compiles it once per route and schema and keeps it.
 */
export function serializerOf<S extends TSchema>(reply: FastifyReply, schema: S): (value: Static<S>) => string {
  return reply.compileSerializationSchema(schema as unknown as Record<string, unknown>) as (value: Static<S>) => string;
}
