import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import { ReportJob, ReportJobList, ReportJobParams } from '@ritm/contracts/report-jobs';
import { AnnualReviewQuery, ComplianceReportQuery } from '@ritm/contracts/reports';
import { requireAccess, type Principal } from '../../auth/access.js';
import { nowOf } from '../../config.js';
import { conflict, notFound } from '../../http/errors.js';
import { preferredLanguage } from '../../plugins/errors.js';
import { reportFileContent, reportFileOf, reportFilesOf } from '../../repositories/report-files.js';
import { requestReport, reportJobView } from '../../services/report-jobs.js';
import type { ReportSpec } from '../../services/report-spec.js';
import { loadOrgContext } from '../../services/org-context.js';
import { annualReviewSpec, complianceSpec, fileHeaders } from './query.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/*
 * Reports prepared in the background (issue 14): the same query as the streamed report, answered
 * 202 at once with the job; the person who asked follows it in their list and downloads the file
 * when it is ready (they are told: `report_ready`). Everything here is the caller's own: another
 * person's report of the same organisation is a 404.
 */
const reportJobs: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  /** Checks access and the request as the streamed route would, then records it and enqueues its build. */
  async function ask(user: Principal | null, orgId: string, spec: ReportSpec) {
    await requireAccess(db, user, orgId, 'org.read');
    await loadOrgContext(db, orgId);
    return requestReport(db, app.jobs, { orgId, userId: user!.id, spec, now: nowOf(app.ritmConfig) });
  }

  app.post(
    '/orgs/:orgId/reports/compliance/jobs',
    {
      schema: {
        tags: ['reports'],
        summary: 'Prepares the compliance report in the background (same query as the report); the job, queued',
        params: OrgParams,
        querystring: ComplianceReportQuery,
        response: { 202: ReportJob, 429: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const lang = preferredLanguage(request);
      const job = await ask(request.user, request.params.orgId, complianceSpec(request.query, lang));
      return reply.code(202).send(reportJobView(job, lang));
    },
  );

  app.post(
    '/orgs/:orgId/reports/annual-review/jobs',
    {
      schema: {
        tags: ['reports'],
        summary: 'Prepares the annual review in the background (same query as the review); the job, queued',
        params: OrgParams,
        querystring: AnnualReviewQuery,
        response: { 202: ReportJob, 429: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const lang = preferredLanguage(request);
      const job = await ask(request.user, request.params.orgId, annualReviewSpec(request.query, lang));
      return reply.code(202).send(reportJobView(job, lang));
    },
  );

  app.get(
    '/orgs/:orgId/report-jobs',
    {
      schema: {
        tags: ['reports'],
        summary: 'The reports the caller asked for in the organisation in the last week, newest first',
        params: OrgParams,
        response: { 200: ReportJobList, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      const user = request.user!;
      const jobs = await reportFilesOf(db, { userId: user.id, orgId, now: nowOf(app.ritmConfig) });
      const lang = preferredLanguage(request);
      return { jobs: jobs.map((job) => reportJobView(job, lang)) };
    },
  );

  app.get(
    '/orgs/:orgId/report-jobs/:id',
    {
      schema: {
        tags: ['reports'],
        summary: 'One report the caller asked for: queued, running, ready (with its download) or failed (with why)',
        params: ReportJobParams,
        response: { 200: ReportJob, ...errors },
      },
    },
    async (request) => {
      const { orgId, id } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      const user = request.user!;
      const job = await reportFileOf(db, id, { userId: user.id, orgId, now: nowOf(app.ritmConfig) });
      if (!job) throw notFound('report');
      return reportJobView(job, preferredLanguage(request));
    },
  );

  app.get(
    '/orgs/:orgId/report-jobs/:id/file',
    {
      schema: {
        tags: ['reports'],
        summary: "A prepared report's file (XLSX or PDF), for the caller who asked while they may still read the organisation",
        params: ReportJobParams,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'],
        response: { ...errors, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const { orgId, id } = request.params;
      // Asked again at download: a role taken away since the report was made takes the file too.
      await requireAccess(db, request.user, orgId, 'org.read');
      const user = request.user!;
      const owner = { userId: user.id, orgId, now: nowOf(app.ritmConfig) };
      const job = await reportFileOf(db, id, owner);
      if (!job) throw notFound('report');
      const bytes = job.status === 'ready' ? await reportFileContent(db, id, owner) : undefined;
      if (!bytes) throw conflict('report_not_ready', 'reportJobNotReady');
      return fileHeaders(reply, job.spec, job.fileName).send(bytes);
    },
  );
};

export default reportJobs;
