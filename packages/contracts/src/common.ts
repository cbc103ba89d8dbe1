import { Type, type Static, type TLiteral, type TObject, type TProperties, type TSchemaOptions, type TString, type TStringOptions, type TUnion } from 'typebox';
import { Format } from 'typebox/format';
import { isProductDate, isProductInstant, isProductItemDate, PRODUCT_RANGE } from '@ritm/domain/product-range';
import { NOT_BLANK_PATTERN } from '@ritm/domain/words';

// The string formats of Ritm's schemas. Each bounds what PostgreSQL can store, so that the edge
// answers 400 naming the field where the database would otherwise fail with a 500: dates inside
// the product's range (the domain's one rule), offsets within ±14:00, and text without NUL or
// unpaired surrogates (PostgreSQL's text and jsonb refuse U+0000 and invalid UTF-8).

// U+0000, and a high surrogate not followed by a low one or a low one not preceded by a high one.
// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL cannot store
const NUL = /\u0000/g;
const UNPAIRED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSTORABLE = new RegExp(`${NUL.source}|${UNPAIRED.source}`);

/**
 * Whether PostgreSQL can store a string as text or inside jsonb: no NUL character and no unpaired
 * UTF-16 surrogate.
 * @example isStorableText('Пресс-релиз') // true
 * @example isStorableText('a\u0000b') // false
 * @example isStorableText('\ud800') // false
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * Text read from elsewhere (a post, a feed) made storable: NUL left out, an unpaired surrogate
 * replaced by U+FFFD as a decoder would show it.
 * @example storableText('a\u0000b\ud800') // 'ab\ufffd'
 */
export function storableText(value: string): string {
  return isStorableText(value) ? value : value.replace(NUL, '').replace(UNPAIRED, '\ufffd');
}

/** Every format a Ritm schema uses, by name, with the check that decides it. */
export const FORMATS = {
  /** Any text PostgreSQL can store (see {@link isStorableText}). */
  text: isStorableText,
  /** A local date 'YYYY-MM-DD' within 2000-01-01 … 2100-12-31. */
  'local-date': isProductDate,
  /** An instant with an offset (…Z, …+03:00, at most ±14:00) within the product's range. */
  instant: isProductInstant,
  /** An item's date: a local date, a wall-clock date-time, or an instant, within the product's range. */
  'item-at': isProductItemDate,
} as const satisfies Record<string, (value: string) => boolean>;

export type FormatName = keyof typeof FORMATS;

/**
 * Teaches TypeBox's checker Ritm's formats. Importing this module does it (below); call it again
 * only after something has reset TypeBox's format registry.
 */
export function registerFormats(): void {
  for (const [name, check] of Object.entries(FORMATS)) Format.Set(name, check);
}

// Building blocks shared by every resource's schemas. Every string a request carries is `Text`
// (or a narrower format below), every integer is bounded within PostgreSQL's int4, and every date
// lies in the product's one range: what passes here, the database can store.

/** The largest value of PostgreSQL's `integer` (int4): versions and counts are stored as one. */
export const INT4_MAX = 2_147_483_647;

// The schemas below name these formats; a format TypeBox does not know would pass anything.
registerFormats();

const RANGE_TEXT = `${PRODUCT_RANGE.from} … ${PRODUCT_RANGE.to}`;

/**
 * A string PostgreSQL can store: no NUL (U+0000) and no unpaired surrogate (format `text`). Use it
 * for every string field; a `pattern`, `minLength`, `maxLength` narrow it further.
 */
export const Text = (options: Omit<TStringOptions, 'format'> = {}): TString =>
  Type.String({ ...options, format: 'text' satisfies FormatName });

/**
 * Text a person names or writes something with (a title, a name, a reason): at least one character
 * that is not a space, so that a name of spaces alone (`"   "`, or a no-break and a zero-width
 * space) is refused as such rather than stored and shown as a blank (the domain's `NOT_BLANK_PATTERN`).
 */
export const Words = (maxLength: number, options: Omit<TStringOptions, 'format' | 'minLength' | 'maxLength' | 'pattern'> = {}): TString =>
  Text({ ...options, minLength: 1, maxLength, pattern: NOT_BLANK_PATTERN });

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
  // A real calendar day inside the product's range: 2026-02-30 and 0001-01-01 are refused here, not by the database.
  format: 'local-date' satisfies FormatName,
  description: `Local date, YYYY-MM-DD, ${RANGE_TEXT}`,
  examples: ['2026-11-20'],
});
export type LocalDate = Static<typeof LocalDate>;

/** An exact moment, ISO 8601 with an offset (at most ±14:00) or Z, inside the product's range. */
export const Instant = Type.String({
  format: 'instant' satisfies FormatName,
  description: `Instant with an offset, ${RANGE_TEXT}`,
  examples: ['2026-11-15T14:30:00Z'],
});

/** An integer PostgreSQL's `integer` holds, at least `minimum`. */
export const Int4 = (minimum: number, maximum = INT4_MAX) => Type.Integer({ minimum, maximum });

/** Optimistic-concurrency version of a mutable resource. */
export const Version = Type.Integer({ minimum: 1, maximum: INT4_MAX, description: 'Current version; send it back to update or delete' });

export const Created = Type.Object({ id: Uuid, version: Version });

/**
 * The body of a PATCH: every field of the resource's create body, each optional, and the version
 * the client read (or send it as `If-Match`). One rule for every resource that may change any
 * field it was created with.
 * @example const AudiencePatch = patchOf(AudienceCreate) // { name?, description?, version? }
 */
export function patchOf<Properties extends TProperties>(create: TObject<Properties>) {
  return Type.Object({ ...Type.Partial(create).properties, version: Type.Optional(Version) }, { additionalProperties: false });
}
export type Created = Static<typeof Created>;

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const OrgParams = Type.Object({ orgId: Uuid }, { additionalProperties: false });

export const DateRangeQuery = Type.Object(
  { from: LocalDate, to: LocalDate },
  { additionalProperties: false },
);

export const ErrorDetail = Type.Object({
  path: Text({ description: 'Where the bad value is, e.g. body.items[3].at' }),
  message: Text(),
});

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Text({ examples: ['validation', 'not_found', 'forbidden', 'version_conflict'] }),
    message: Text(),
    details: Type.Optional(Type.Array(ErrorDetail)),
    currentVersion: Type.Optional(Version),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;

/**
 * The answer to a conditional GET whose `If-None-Match` names the current `ETag` (or, where the
 * route reads it, whose `If-Modified-Since` is not older than the content): no body, the client's
 * kept copy stands (RFC 9110 §15.4.5).
 */
export const NotModified = Type.Null({ description: 'Unchanged since the ETag (If-None-Match) or, where the route reads it, the date (If-Modified-Since) the client sent: its kept copy stands' });
