import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import { AnnualReviewQuery, ComplianceReportQuery } from '@ritm/contracts/reports';
import { requireAccess } from '../../auth/access.js';
import { nowOf } from '../../config.js';
import { preferredLanguage } from '../../plugins/errors.js';
import { REPORT_CONTENT_TYPES } from '../../services/report-files.js';
import { checkReportSpec, reportBytes, reportFileName, writeReport, type ReportSpec } from '../../services/report-spec.js';
import { annualReviewSpec, complianceSpec, fileHeaders } from './query.js';
import { onReadSide, type Databases } from '../../services/read-side.js';
import reportJobRoutes from './jobs.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody };

/**
 * Sends a report: an XLSX streams (the response starts before the first organisation is judged,
 * so a failure after that can only cut the download short: the admin says so), a PDF is built
 * whole first, so its refusals (too many organisations) are proper 4xx answers, and a read the
 * replica gives up under it is read again on the primary (services/read-side.ts); of an XLSX, only
 * the organisation looked up before the first byte is.
 */
async function sendReport(reply: FastifyReply, sides: Databases, orgId: string, spec: ReportSpec, now: Date) {
  checkReportSpec(spec);
  if (spec.format === 'pdf') {
    const bytes = await onReadSide(sides, orgId, ({ db, org }) => reportBytes(db, org, spec, now), reply.log);
    return fileHeaders(reply, spec, reportFileName(spec)).send(bytes);
  }
  // Only the organisation looked up is read again: the rest is read as it is sent.
  const { db, org: root } = await onReadSide(sides, orgId, async (side) => side, reply.log);
  const out = new PassThrough();
  writeReport(db, root, spec, now, out).catch((error: unknown) => {
    reply.log.error({ err: error }, 'report failed while streaming');
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return fileHeaders(reply, spec, reportFileName(spec)).send(out);
}

const reports: FastifyPluginAsyncTypebox = async (app) => {
  // Access on the primary; the report itself read from the read replica when there is one (DATABASE_READ_URL).
  const { db } = app.database;
  const sides = { primary: db, read: app.readDb };

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
      // A director's document: whoever may read the organisation may read how it keeps its norms.
      await requireAccess(db, request.user, orgId, 'org.read');
      return sendReport(reply, sides, orgId, complianceSpec(request.query, preferredLanguage(request)), nowOf(app.ritmConfig));
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
      await requireAccess(db, request.user, orgId, 'org.read');
      return sendReport(reply, sides, orgId, annualReviewSpec(request.query, preferredLanguage(request)), nowOf(app.ritmConfig));
    },
  );

  await app.register(reportJobRoutes);
};

export default reports;
