import type { FastifyReply } from 'fastify';
import type { AnnualReviewQuery, ComplianceReportQuery } from '@ritm/contracts/reports';
import type { Language } from '../../http/messages.js';
import { REPORT_CONTENT_TYPES } from '../../services/report-files.js';
import type { ReportSpec } from '../../services/report-spec.js';

// What the streamed report routes and the background ones (jobs.ts) share: the same query read
// into the same report, and the same file headers.

/** The compliance report a query asks for; its words in `lang` unless the query names one. */
export const complianceSpec = (query: ComplianceReportQuery, lang: Language): ReportSpec => ({
  kind: 'compliance',
  from: query.from,
  to: query.to,
  format: query.format,
  asOf: query.asOf,
  lang: query.lang ?? lang,
});

/** The annual review a query asks for. */
export const annualReviewSpec = (query: AnnualReviewQuery, lang: Language): ReportSpec => ({
  kind: 'annual-review',
  year: query.year,
  format: query.format,
  asOf: query.asOf,
  lang: query.lang ?? lang,
});

/** The file's headers: its type, and a name the browser saves it under. */
export function fileHeaders(reply: FastifyReply, spec: Pick<ReportSpec, 'format'>, fileName: string): FastifyReply {
  return reply.header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').type(REPORT_CONTENT_TYPES[spec.format]);
}

