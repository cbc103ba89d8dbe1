import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, NotModified, OrgParams } from '@ritm/contracts/common';
import {
  Compliance,
  CompliancePeriods,
  CompliancePeriodsHead,
  CompliancePeriodsQuery,
  ComplianceQuery,
  ComplianceSummary,
  ComplianceSummaryHead,
  OrganisationCompliance,
  OrganisationPeriods,
  SuggestionList,
} from '@ritm/contracts/compliance';
import { requireAccess } from '../../auth/access.js';
import { askedOf, sendAnswer } from '../../http/conditional.js';
import { serializerOf } from '../../http/serialize.js';
import { onReadSide } from '../../services/read-side.js';
import { contractRow } from '@ritm/domain/compliance';
import { complianceOf, suggestionsOf } from '../../services/compliance.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

const compliance: FastifyPluginAsyncTypebox = async (app) => {
  // Access is checked on the primary (a role taken away counts at once); what is judged is read
  // from the read replica when there is one (DATABASE_READ_URL): these are dashboards, which may
  // lag the primary by the replica's replay lag.
  const { db } = app.database;
  const sides = { primary: db, read: app.readDb };

  app.get(
    '/orgs/:orgId/compliance',
    {
      schema: {
        tags: ['compliance'],
        summary: 'Compliance rows of the organisation, exactly as ritm check prints them; asOf replaces today',
        params: OrgParams,
        querystring: ComplianceQuery,
        response: { 200: Compliance, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const { from, to, asOf } = request.query;
      await requireAccess(db, request.user, orgId, 'org.read');
      const { results, overdue } = await onReadSide(sides, orgId, ({ db: read, org }) => complianceOf(read, org, { from, to }, { asOf, now: new Date() }), request.log);
      return { results: results.map(contractRow), overdue: overdue.map((e) => ({ item: e.item, norm: e.norm, channel: e.channel, at: e.at })) };
    },
  );

  app.get(
    '/orgs/:orgId/compliance/summary',
    {
      schema: {
        tags: ['compliance'],
        summary: 'For the organisation and every organisation below it: rows by status and the worst rows',
        params: OrgParams,
        querystring: ComplianceQuery,
        response: { 200: ComplianceSummary, 304: NotModified, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const { from, to, asOf } = request.query;
      await requireAccess(db, request.user, orgId, 'org.read');
      // The summary's JSON, a megabyte or two for thousands of organisations, is written once by
      // the serializers of the response schema's parts, one organisation at a time, and kept as
      // bytes (plugins/compliance-cache.ts). Fastify sends bytes as they are.
      const encode = { head: serializerOf(reply, ComplianceSummaryHead), organisation: serializerOf(reply, OrganisationCompliance) };
      const answer = await onReadSide(
        sides,
        orgId,
        ({ db: read, org }) => app.complianceCache.summary(read, org, { from, to }, { asOf, now: new Date() }, encode, askedOf(request)),
        request.log,
      );
      return sendAnswer(reply, answer);
    },
  );

  app.get(
    '/orgs/:orgId/compliance/periods',
    {
      schema: {
        tags: ['compliance'],
        summary: 'For the organisation and every organisation below it, week by week or month by month: status, counts and the norms short; and each profile status',
        params: OrgParams,
        querystring: CompliancePeriodsQuery,
        response: { 200: CompliancePeriods, 304: NotModified, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const { from, to, asOf, granularity } = request.query;
      await requireAccess(db, request.user, orgId, 'org.read');
      // Written and kept as bytes like the summary (see above).
      const encode = { head: serializerOf(reply, CompliancePeriodsHead), organisation: serializerOf(reply, OrganisationPeriods) };
      const answer = await onReadSide(
        sides,
        orgId,
        ({ db: read, org }) => app.complianceCache.periods(read, org, { from, to }, granularity, { asOf, now: new Date() }, encode, askedOf(request)),
        request.log,
      );
      return sendAnswer(reply, answer);
    },
  );

  app.get(
    '/orgs/:orgId/suggestions',
    {
      schema: {
        tags: ['compliance'],
        summary: 'Dates to add items on so that at-risk and gap rows reach their norms',
        params: OrgParams,
        querystring: ComplianceQuery,
        response: { 200: SuggestionList, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const { from, to, asOf } = request.query;
      await requireAccess(db, request.user, orgId, 'org.read');
      return { suggestions: await onReadSide(sides, orgId, ({ db: read, org }) => suggestionsOf(read, org, { from, to }, { asOf, now: new Date() }), request.log) };
    },
  );
};

export default compliance;
