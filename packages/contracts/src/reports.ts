import { REPORT_FORMATS } from '@ritm/domain/report-jobs';
import { Type, type Static } from 'typebox';
import { LocalDate, literalUnion } from './common.js';

// The reports of issue 12: files, not JSON. A format and, for the compliance report, a range of at
// most a year (366 days; a quarter is the usual ministry report), for the annual review a year.

export const ReportFormat = literalUnion(REPORT_FORMATS);
export type ReportFormat = Static<typeof ReportFormat>;

/** The words of the file: Russian by default, or as `Accept-Language` prefers; `lang` overrides both. */
const ReportLanguage = Type.Optional(literalUnion(['ru', 'en'] as const));

/** `from`/`to`: local days, inclusive, at most 366 days apart; `asOf` replaces today. */
export const ComplianceReportQuery = Type.Object(
  { from: LocalDate, to: LocalDate, format: ReportFormat, asOf: Type.Optional(LocalDate), lang: ReportLanguage },
  { additionalProperties: false },
);
export type ComplianceReportQuery = Static<typeof ComplianceReportQuery>;

/** The calendar year reviewed (the product's range: 2000–2100). */
export const AnnualReviewQuery = Type.Object(
  { year: Type.Integer({ minimum: 2000, maximum: 2100 }), format: ReportFormat, asOf: Type.Optional(LocalDate), lang: ReportLanguage },
  { additionalProperties: false },
);
export type AnnualReviewQuery = Static<typeof AnnualReviewQuery>;
