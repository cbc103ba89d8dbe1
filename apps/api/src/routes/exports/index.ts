import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import { ItemExportQuery, PlanExportQuery } from '@ritm/contracts/exports';
import { PlanParams } from '@ritm/contracts/plans';
import { requireAccess } from '../../auth/access.js';
import { checkDateRange } from '../../http/date-range.js';
import { notFound } from '../../http/errors.js';
import { render } from '../../http/messages.js';
import { findPlan } from '../../repositories/plans.js';
import { preferredLanguage } from '../../plugins/errors.js';
import { loadExportContext, writeItemsCsv, writeItemsXlsx } from '../../services/item-export.js';
import { loadOrgContext } from '../../services/org-context.js';
import { planPdf, signedPlan, writePlanXlsx } from '../../services/plan-export.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
} as const;

/**
 * `attachment` with the file's name: an ASCII fallback for old clients and the UTF-8 name
 * (RFC 6266 / 5987) that browsers save, Cyrillic included.
 */
export function contentDisposition(name: string): string {
  const extension = name.slice(name.lastIndexOf('.'));
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '').replace(/\s+/g, ' ').trim();
  const fallback = /[A-Za-z0-9]/.test(ascii.slice(0, -extension.length)) ? ascii : `ritm${extension}`;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A file name from words people read: no path or reserved characters. */
const fileName = (words: string, extension: string) =>
  `${words.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 150)}.${extension}`;

function sendFile(reply: FastifyReply, format: keyof typeof CONTENT_TYPES, name: string): FastifyReply {
  return reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', contentDisposition(name)).header('cache-control', 'private, no-store');
}

// Export of items and plans as files people keep, sign and send (issue 12).
const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs/:orgId/items/export',
    {
      schema: {
        tags: ['items'],
        summary: "The organisation's items on local days from … to as the media plan file the importer reads (XLSX or CSV)",
        params: OrgParams,
        querystring: ItemExportQuery,
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const { from, to, format } = request.query;
      checkDateRange({ from, to });
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      const org = await loadOrgContext(db, orgId);
      const context = await loadExportContext(db, org);
      const title = render({ key: 'export.items' }, preferredLanguage(request));
      const out = new PassThrough();
      const exportRequest = { orgId, from, to, context, sheetName: `${from} – ${to}` };
      // The file is written as the items are read; a failure half-way cuts the download short.
      const writing = format === 'xlsx' ? writeItemsXlsx(db, exportRequest, out) : writeItemsCsv(db, exportRequest, out);
      writing.catch((error: unknown) => {
        request.log.error({ err: error }, 'export failed');
        out.destroy(error as Error);
      });
      return sendFile(reply, format, fileName(`${title} ${org.name} ${from}–${to}`, format)).send(out);
    },
  );

  app.get(
    '/orgs/:orgId/plans/:planId/export',
    {
      schema: {
        tags: ['plans'],
        summary: "A media plan's signed form as XLSX or PDF: the approved snapshot with the approver, or the current content marked «ПРОЕКТ»",
        params: PlanParams,
        querystring: PlanExportQuery,
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, planId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      const plan = await findPlan(db, orgId, planId);
      if (!plan) throw notFound('media plan');
      const org = await loadOrgContext(db, orgId);
      const signed = await signedPlan(db, plan, org);
      const lang = preferredLanguage(request);
      const { format } = request.query;
      const name = fileName(`${plan.title}${signed.draft ? ` (${render({ key: 'export.draft' }, lang)})` : ''}`, format);
      if (format === 'pdf') return sendFile(reply, format, name).send(await planPdf(signed, org.timeZone, lang));
      const out = new PassThrough();
      writePlanXlsx(signed, org.timeZone, lang, out).catch((error: unknown) => out.destroy(error as Error));
      return sendFile(reply, format, name).send(out);
    },
  );
};

export default exportRoutes;
