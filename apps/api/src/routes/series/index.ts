import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import { Series, SeriesChanged, SeriesDeleteQuery, SeriesParams, SeriesPatch } from '@ritm/contracts/series';
import { Type } from 'typebox';
import { nowOf } from '../../config.js';
import { requireAccess } from '../../auth/access.js';
import { notFound } from '../../http/errors.js';
import { expectedVersion } from '../../http/version.js';
import { findSeries, listSeries } from '../../repositories/series.js';
import { loadOrgContext } from '../../services/org-context.js';
import { deleteSeries, patchSeries, seriesView } from '../../services/series.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * Recurring series (issue 15). A series is made by `POST /orgs/:orgId/items` with a `recurrence`;
 * these routes read it, change it (all of it, or "this and following" with `from`) and end it.
 * One occurrence alone is changed or deleted through the item routes.
 */
const series: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/orgs/:orgId/series',
    { schema: { tags: ['series'], summary: "The organisation's recurring series", params: OrgParams, response: { 200: Type.Object({ series: Type.Array(Series) }), ...errors } } },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      return { series: (await listSeries(db, request.params.orgId)).map(seriesView) };
    },
  );

  app.get(
    '/orgs/:orgId/series/:seriesId',
    { schema: { tags: ['series'], summary: 'One series: its rule, exceptions and what its occurrences share', params: SeriesParams, response: { 200: Series, ...errors } } },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      const found = await findSeries(db, request.params.orgId, request.params.seriesId);
      if (!found) throw notFound('series');
      return seriesView(found);
    },
  );

  app.patch(
    '/orgs/:orgId/series/:seriesId',
    {
      schema: {
        tags: ['series'],
        summary: 'Change a series (versioned): every following occurrence, or with `from` this and following (the series splits)',
        params: SeriesParams,
        body: SeriesPatch,
        response: { 200: SeriesChanged, 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, seriesId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const version = expectedVersion(request);
      const { version: _ignored, ...patch } = request.body;
      return db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId, { lock: true });
        const found = await findSeries(trx, orgId, seriesId, { lock: true });
        if (!found) throw notFound('series');
        const changed = await patchSeries(trx, org, found, patch, version, { userId: request.user!.id, now: nowOf(app.ritmConfig) });
        return { series: seriesView(changed.series), split: changed.split && seriesView(changed.split) };
      });
    },
  );

  app.delete(
    '/orgs/:orgId/series/:seriesId',
    {
      schema: {
        tags: ['series'],
        summary: 'End a series (versioned): its occurrences from `from` (default all) not done are deleted; done ones stay',
        params: SeriesParams,
        querystring: SeriesDeleteQuery,
        response: { 204: Type.Null(), 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, seriesId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const version = expectedVersion(request);
      await db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId, { lock: true });
        const found = await findSeries(trx, orgId, seriesId, { lock: true });
        if (!found) throw notFound('series');
        await deleteSeries(trx, org, found, request.query.from, version, request.user!.id);
      });
      return reply.code(204).send(null);
    },
  );
};

export default series;
