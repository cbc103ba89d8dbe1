import { PassThrough, Writable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import { AnnualReviewQuery, ComplianceReportQuery } from '@ritm/contracts/reports';
import { requireAccess } from '../../auth/access.js';
import { nowOf } from '../../config.js';
import type { Language } from '../../http/messages.js';
import { preferredLanguage } from '../../plugins/errors.js';
import { annualReviewFile, complianceReportFile, REPORT_CONTENT_TYPES, type ReportFormat, type ReportTarget } from '../../services/report-files.js';
import { checkReportRange, writeAnnualReview, writeComplianceReport } from '../../services/reports.js';
import { loadOrgContext } from '../../services/org-context.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody };

/** A PDF's bytes, kept until the document is done (pdfmake cannot stream; the PDF bound keeps it small). */
class Collected extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk);
    done();
  }
}

/**
 * Sends a report: an XLSX streams (the response starts before the first organisation is judged,
 * so a failure after that can only cut the download short: the admin says so), a PDF is built
 * whole first, so its refusals (too many organisations) are proper 4xx answers.
 */
async function sendReport(reply: FastifyReply, format: ReportFormat, fileName: string, lang: Language, write: (target: ReportTarget) => Promise<void>, rootName: string) {
  reply.header('content-disposition', `attachment; filename="${fileName}.${format}"`).header('cache-control', 'no-store').type(REPORT_CONTENT_TYPES[format]);
  if (format === 'pdf') {
    const out = new Collected();
    await write({ rootName, lang, out });
    return reply.send(Buffer.concat(out.chunks));
  }
  const out = new PassThrough();
  write({ rootName, lang, out }).catch((error: unknown) => {
    reply.log.error({ err: error }, 'report failed while streaming');
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return reply.send(out);
}

const reports: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs/:orgId/reports/compliance',
    {
      schema: {
        tags: ['reports'],
        summary: 'Compliance report of the organisation and its subtree over at most a year, as XLSX (streamed) or PDF',
        params: OrgParams,
        querystring: ComplianceReportQuery,
        produces: [REPORT_CONTENT_TYPES.xlsx, REPORT_CONTENT_TYPES.pdf],
        response: errors,
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const { from, to, format, asOf, lang } = request.query;
      // A director's document: whoever may read the organisation may read how it keeps its norms.
      await requireAccess(db, request.user, orgId, 'org.read');
      const root = await loadOrgContext(db, orgId);
      checkReportRange({ from, to });
      const language = lang ?? preferredLanguage(request);
      return sendReport(
        reply,
        format,
        `compliance-${from}-${to}`,
        language,
        (target) => writeComplianceReport(db, root, { from, to }, { asOf, now: nowOf(app.ritmConfig) }, complianceReportFile(format, target, { from, to })),
        root.name,
      );
    },
  );

  app.get(
    '/orgs/:orgId/reports/annual-review',
    {
      schema: {
        tags: ['reports'],
        summary: "The union's annual review of information work (Sudprof concept, section X) of the organisation and its subtree, as XLSX or PDF",
        params: OrgParams,
        querystring: AnnualReviewQuery,
        produces: [REPORT_CONTENT_TYPES.xlsx, REPORT_CONTENT_TYPES.pdf],
        response: errors,
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const { year, format, asOf, lang } = request.query;
      await requireAccess(db, request.user, orgId, 'org.read');
      const root = await loadOrgContext(db, orgId);
      const language = lang ?? preferredLanguage(request);
      return sendReport(
        reply,
        format,
        `annual-review-${year}`,
        language,
        (target) => writeAnnualReview(db, root, year, { asOf, now: nowOf(app.ritmConfig) }, annualReviewFile(format, target, year)),
        root.name,
      );
    },
  );
};

export default reports;
