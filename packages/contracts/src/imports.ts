import { IMPORT_FIELDS, IMPORT_ISSUE_CODES } from '@ritm/domain/exchange';
import { ITEM_STATUSES } from '@ritm/domain/item';
import { Type, type Static } from 'typebox';
import { literalUnion, Text, Uuid } from './common.js';
import { ItemKind } from './items.js';

// Import of a media plan from XLSX or CSV (issue 12): the file is the request body; the answer
// previews every row and names every problem by sheet, row and column.

export const ImportField = literalUnion(IMPORT_FIELDS);
export type ImportField = Static<typeof ImportField>;

/**
 * A heading or a format word as a mapping's key. JSON Schema checks an object's keys only by a
 * pattern, so the API checks each key against this itself (routes/imports: `body.columns.…`).
 */
export const ImportMappingKey = Text({ minLength: 1, maxLength: 200 });

/**
 * What an organisation told the importer, remembered per organisation: headings (as written, or
 * normalised) → fields (`null`: do not import that column), format words → item kinds.
 */
export const ImportMapping = Type.Object(
  {
    columns: Type.Record(ImportMappingKey, Type.Union([ImportField, Type.Null()]), { maxProperties: 200 }),
    formats: Type.Record(ImportMappingKey, ItemKind, { maxProperties: 500 }),
  },
  { additionalProperties: false },
);
export type ImportMapping = Static<typeof ImportMapping>;

/**
 * `dryRun=true` (the default) previews; `false` writes, all rows or none. `mapping`: an
 * {@link ImportMapping} as JSON, used on top of the remembered one and remembered when the import
 * is written.
 */
export const ImportQuery = Type.Object(
  {
    dryRun: Type.Optional(literalUnion(['true', 'false'] as const)),
    mapping: Type.Optional(Text({ maxLength: 20_000, description: 'An ImportMapping as JSON' })),
  },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuery>;

/** A problem with a cell, in the caller's language. */
export const ImportError = Type.Object({
  sheet: Text(),
  row: Type.Integer(),
  /** «C (Дата выхода)»: the column's letter and heading; empty for a problem of the whole row. */
  column: Text(),
  field: Type.Optional(ImportField),
  /** `no_headings`: no sheet has a heading row; `item_invalid`: a rule checked only as the item is written refused the row. */
  code: literalUnion([...IMPORT_ISSUE_CODES, 'no_headings', 'item_invalid'] as const),
  message: Text(),
});
export type ImportError = Static<typeof ImportError>;

/** A row's item as it will be written (only the fields the file has). */
export const ImportedItem = Type.Object({
  kind: ItemKind,
  title: Text(),
  at: Text(),
  status: Type.Optional(literalUnion(ITEM_STATUSES)),
  newsHook: Type.Optional(Text()),
  format: Type.Optional(Text()),
  channelIds: Type.Optional(Type.Array(Uuid)),
  audienceIds: Type.Optional(Type.Array(Uuid)),
  keyMessageIds: Type.Optional(Type.Array(Uuid)),
  responsibleId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  publishedAt: Type.Optional(Type.Union([Text(), Type.Null()])),
  url: Type.Optional(Type.Union([Text(), Type.Null()])),
  views: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  likes: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  reposts: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  comments: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  notes: Type.Optional(Text()),
});

export const ImportRow = Type.Object({
  sheet: Text(),
  row: Type.Integer(),
  action: literalUnion(['create', 'update', 'unchanged', 'error'] as const),
  /** The existing item an update or an unchanged row found. */
  itemId: Type.Optional(Uuid),
  changed: Type.Optional(Type.Array(Text())),
  item: Type.Optional(ImportedItem),
});
export type ImportRow = Static<typeof ImportRow>;

export const ImportColumn = Type.Object({ column: Text(), heading: Text(), field: Type.Union([ImportField, Type.Null()]) });

/** The answer: counts, the sheets' columns, what is left to map, every row, every problem. */
export const ImportPreview = Type.Object({
  dryRun: Type.Boolean(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  sheets: Type.Array(Type.Object({ name: Text(), columns: Type.Array(ImportColumn) })),
  unmapped: Type.Array(Type.Object({ sheet: Text(), column: Text(), heading: Text(), suggestions: Type.Array(ImportField) })),
  /** Each format word of the file and the kind it becomes (null: unknown), for the mapping screen. */
  formats: Type.Array(Type.Object({ format: Text(), kind: Type.Union([ItemKind, Type.Null()]) })),
  rows: Type.Array(ImportRow),
  /** The first 1,000 problems (the domain's `MAX_REPORTED_PROBLEMS`), each row's first 50. */
  errors: Type.Array(ImportError),
  /** Problems found and not listed in `errors` (beyond those limits); absent when none were left out. */
  errorsLeftOut: Type.Optional(Type.Integer({ minimum: 1 })),
  /** With errors (status 422): the error in the API's usual shape too. */
  error: Type.Optional(Type.Object({ code: Text(), message: Text() })),
});
export type ImportPreview = Static<typeof ImportPreview>;
