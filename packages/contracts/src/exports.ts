import { Type, type Static } from 'typebox';
import { LocalDate } from './common.js';

// Export of items and plans as files (issue 12): the answer is the file itself.

/** An organisation's items on local days `from … to` (the items list's range rules) as XLSX or CSV. */
export const ItemExportQuery = Type.Object(
  {
    from: LocalDate,
    to: LocalDate,
    format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')]),
  },
  { additionalProperties: false },
);
export type ItemExportQuery = Static<typeof ItemExportQuery>;

/** A plan's signed form as XLSX or PDF. */
export const PlanExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('xlsx'), Type.Literal('pdf')]),
  },
  { additionalProperties: false },
);
export type PlanExportQuery = Static<typeof PlanExportQuery>;
