import { Type, type Static, type TLiteral, type TSchemaOptions, type TUnion } from 'typebox';

// Building blocks shared by every resource's schemas.

type Literals<Values extends readonly string[]> = { -readonly [K in keyof Values]: TLiteral<Values[K]> };

/**
 * A schema for one of the domain's vocabularies (`ITEM_STATUSES`, `PLAN_STATUSES`, …): a union of
 * its literals, in its order, so that the contract never keeps a copy of the list. A bad value is
 * answered "must be one of …" naming each (see the API's validation details).
 */
export function literalUnion<const Values extends readonly string[]>(values: Values, options?: TSchemaOptions): TUnion<Literals<Values>> {
  return Type.Union(values.map((value) => Type.Literal(value)), options) as TUnion<Literals<Values>>;
}

export const Uuid = Type.String({ format: 'uuid', description: 'Identifier' });

/** A calendar date in the organisation's own time zone. */
export const LocalDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  // A real calendar day: 2026-13-45 and 2026-02-30 are refused here, not by the database.
  format: 'date',
  description: 'Local date, YYYY-MM-DD',
  examples: ['2026-11-20'],
});
export type LocalDate = Static<typeof LocalDate>;

/** An exact moment, ISO 8601 with an offset or Z. */
export const Instant = Type.String({ format: 'date-time', examples: ['2026-11-15T14:30:00Z'] });

/** Optimistic-concurrency version of a mutable resource. */
export const Version = Type.Integer({ minimum: 1, description: 'Current version; send it back to update or delete' });

export const Created = Type.Object({ id: Uuid, version: Version });
export type Created = Static<typeof Created>;

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const OrgParams = Type.Object({ orgId: Uuid }, { additionalProperties: false });

export const DateRangeQuery = Type.Object(
  { from: LocalDate, to: LocalDate },
  { additionalProperties: false },
);

export const ErrorDetail = Type.Object({
  path: Type.String({ description: 'Where the bad value is, e.g. body.items[3].at' }),
  message: Type.String(),
});

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String({ examples: ['validation', 'not_found', 'forbidden', 'version_conflict'] }),
    message: Type.String(),
    details: Type.Optional(Type.Array(ErrorDetail)),
    currentVersion: Type.Optional(Version),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;
