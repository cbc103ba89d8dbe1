import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import { EffectiveNorm, EffectiveNormList, NormCreate, NormCreated, NormParams, NormPatch, PresetList, type NormDefinition } from '@ritm/contracts/norms';
import { VersionQuery } from '@ritm/contracts/version';
import { parseNorm, type Norm } from '@ritm/domain/norm';
import { getPreset, PRESET_IDS, PRESETS } from '@ritm/domain/presets';
import type { Issue } from '@ritm/domain/read-json';
import { Type } from 'typebox';
import { recordAudit } from '../../repositories/audit.js';
import { requireAccess } from '../../auth/access.js';
import { badRequest, conflict, notFound, versionConflict } from '../../http/errors.js';
import { domainDetail, message } from '../../http/messages.js';
import { expectedVersion, written } from '../../http/version.js';
import { effectiveNorms, findOwnNorm, insertNorms, toEffectiveNorm } from '../../repositories/norms.js';
import { loadOrgContext } from '../../services/org-context.js';
import { deleteVersioned, updateVersioned } from '../../repositories/versioned.js';
import { rethrowUnique } from '../../services/plans.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const writeErrors = { 409: ErrorBody, 428: ErrorBody, ...errors };

/** A norm as stored: its definition without the id (the row's key is the id). */
function definitionOf(norm: Norm): Record<string, unknown> {
  const { id: _key, ...definition } = norm;
  return definition;
}

/** Reads a norm with the domain's validator, naming bad fields as `body.min`. */
function readNorm(value: Record<string, unknown>): Norm {
  const issues: Issue[] = [];
  const norm = parseNorm(value, 'body', issues);
  if (!norm || issues.length > 0) throw badRequest('normInvalid', issues.map(domainDetail));
  return norm;
}

const norms: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  app.get(
    '/norm-presets',
    { schema: { tags: ['norms'], summary: 'Presets: the norms of the source documents, with citations', response: { 200: PresetList, 401: ErrorBody } } },
    async () => ({
      presets: PRESETS.map((preset) => ({ id: preset.id, title: preset.title, document: preset.document, norms: preset.norms as unknown as NormDefinition[] })),
    }),
  );

  app.get(
    '/orgs/:orgId/norms',
    {
      schema: {
        tags: ['norms'],
        summary: 'Norms in force at the organisation, each with where it comes from (inherited, overridden, preset)',
        params: OrgParams,
        response: { 200: EffectiveNormList, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      const org = await loadOrgContext(db, orgId);
      return { norms: (await effectiveNorms(db, org)).map((resolved) => toEffectiveNorm(resolved, orgId)) };
    },
  );

  app.post(
    '/orgs/:orgId/norms',
    {
      schema: {
        tags: ['norms'],
        summary: 'Apply a preset ({preset}) or add a norm in the ritm check shape (overrides one of the same id from above)',
        params: OrgParams,
        body: NormCreate,
        response: { 201: NormCreated, 200: NormCreated, 409: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'norm.manage');
      const userId = request.user!.id;
      const { preset: presetId, ...fields } = request.body;
      if (presetId !== undefined) {
        const extra = Object.keys(fields);
        if (extra.length > 0) throw badRequest('presetOrNorm', extra.map((key) => ({ path: `body.${key}`, message: message('fieldNotWithPreset') })));
        const preset = getPreset(presetId);
        if (!preset) throw badRequest('unknownPreset', [{ path: 'body.preset', message: message('fieldPresetOneOf', { values: PRESET_IDS.join(', ') }) }]);
        // Applying a preset again adds only its norms not yet here, so it is safe to repeat.
        const created = await db.transaction().execute(async (trx) => {
          await loadOrgContext(trx, orgId);
          const rows = await insertNorms(
            trx,
            orgId,
            preset.norms.map((norm) => ({ key: norm.id, preset: preset.id, definition: definitionOf(norm) })),
            { skipExisting: true },
          );
          for (const row of rows) {
            await recordAudit(trx, { orgId, userId, entity: 'norm', entityId: row.id, action: 'apply_preset', after: { key: row.key, preset: preset.id, definition: row.definition } });
          }
          return rows.map(({ id, key, version }) => ({ id, key, version }));
        });
        return reply.code(created.length > 0 ? 201 : 200).send({ norms: created });
      }
      if (fields.id === undefined) throw badRequest('presetOrNorm', [{ path: 'body.id', message: message('fieldRequiredShort') }]);
      const norm = readNorm(fields);
      const created = await db.transaction().execute(async (trx) => {
        await loadOrgContext(trx, orgId);
        const [row] = await insertNorms(trx, orgId, [{ key: norm.id, preset: null, definition: definitionOf(norm) }]).catch(
          rethrowUnique(() => conflict('norm_exists', message('normExists', { key: norm.id }))),
        );
        await recordAudit(trx, { orgId, userId, entity: 'norm', entityId: row!.id, action: 'create', after: norm });
        return { id: row!.id, key: row!.key, version: row!.version };
      });
      return reply.code(201).send({ norms: [created], id: created.id, version: created.version });
    },
  );

  app.patch(
    '/orgs/:orgId/norms/:key',
    {
      schema: {
        tags: ['norms'],
        summary: "Change a norm as the organisation sees it (versioned); on an inherited norm this creates the organisation's override",
        params: NormParams,
        body: NormPatch,
        response: { 200: EffectiveNorm, ...writeErrors },
      },
    },
    async (request) => {
      const { orgId, key } = request.params;
      await requireAccess(db, request.user, orgId, 'norm.manage');
      const version = expectedVersion(request);
      const userId = request.user!.id;
      const { version: _v, enabled, ...changes } = request.body;
      return db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId);
        const current = (await effectiveNorms(trx, org)).find((resolved) => resolved.row.key === key);
        if (!current) throw notFound('norm');
        const merged: Record<string, unknown> = { ...current.row.definition, id: key };
        for (const [field, value] of Object.entries(changes)) {
          if (value === null) delete merged[field];
          else merged[field] = value;
        }
        const norm = readNorm(merged);
        const definition = definitionOf(norm);
        const before = toEffectiveNorm(current, orgId);
        if (current.row.orgId === orgId) {
          written(await updateVersioned(trx, 'norms', current.row.id, version, { definition: JSON.stringify(definition), ...(enabled !== undefined && { enabled }) }), 'norm');
        } else {
          // The client edited the inherited row; if that changed meanwhile, its edit is stale.
          if (current.row.version !== version) throw versionConflict(current.row.version);
          await insertNorms(trx, orgId, [{ key, preset: current.row.preset, definition, enabled: enabled ?? current.row.enabled }]).catch(
            rethrowUnique(() => conflict('norm_exists', 'normOverriddenMeanwhile')),
          );
        }
        const after = (await effectiveNorms(trx, org)).find((resolved) => resolved.row.key === key)!;
        const result = toEffectiveNorm(after, orgId);
        await recordAudit(trx, { orgId, userId, entity: 'norm', entityId: after.row.id, action: current.row.orgId === orgId ? 'update' : 'override', before, after: result });
        return result;
      });
    },
  );

  app.delete(
    '/orgs/:orgId/norms/:key',
    {
      schema: {
        tags: ['norms'],
        summary: "Delete the organisation's own row of a norm (versioned): an override reverts to the norm from above",
        params: NormParams,
        querystring: VersionQuery,
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { orgId, key } = request.params;
      await requireAccess(db, request.user, orgId, 'norm.manage');
      const version = expectedVersion(request);
      await db.transaction().execute(async (trx) => {
        const row = await findOwnNorm(trx, orgId, key);
        if (!row) throw notFound('norm');
        written(await deleteVersioned(trx, 'norms', row.id, version), 'norm');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'norm', entityId: row.id, action: 'delete', before: row });
      });
      return reply.code(204).send(null);
    },
  );
};

export default norms;
