import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditPage, AuditQuery } from '@ritm/contracts/audit';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import { periodInstants } from '@ritm/domain/period';
import { idsInSnapshots } from '../../audit/names.js';
import { hideUnseenParents } from '../../audit/redact.js';
import { requireAccess } from '../../auth/access.js';
import { checkDateRange } from '../../http/date-range.js';
import { notFound } from '../../http/errors.js';
import { namesForAudit, readAudit } from '../../repositories/audit.js';
import { findOrg } from '../../repositories/orgs.js';

const DEFAULT_LIMIT = 100;

const audit: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs/:orgId/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Who changed what in this organisation and below, newest first (directors and admins); filters by person, record kind, action and local dates; names of the records the changes mention',
        params: OrgParams,
        querystring: AuditQuery,
        response: { 200: AuditPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'audit.read');
      const org = await findOrg(db, request.params.orgId);
      if (!org) throw notFound('organisation');
      const { from, to, entity, action, userId, before, limit = DEFAULT_LIMIT } = request.query;
      // A reversed range is a mistake to name, as on every other route; a long one is fine: pages bound the read.
      if (from !== undefined && to !== undefined) checkDateRange({ from, to }, Number.POSITIVE_INFINITY);
      // The local days' bounds are placed by the domain, as items' days are: one time-zone database.
      const since = from === undefined ? undefined : new Date(periodInstants({ start: from, end: from }, org.timeZone).start);
      const until = to === undefined ? undefined : new Date(periodInstants({ start: to, end: to }, org.timeZone).end);
      const rows = await readAudit(db, { orgPath: org.path, since, until, entity, action, userId, before, limit });
      const entries = await hideUnseenParents(db, request.user!, org, rows.slice(0, limit));
      const names = await namesForAudit(db, org.path, idsInSnapshots(entries));
      return { entries, nextBefore: rows.length > limit ? (entries.at(-1)?.id ?? null) : null, names };
    },
  );
};

export default audit;
