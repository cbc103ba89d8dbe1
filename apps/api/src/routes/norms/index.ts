import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import { EffectiveNorm, EffectiveNormList, NormAdjust, NormCreate, NormCreated, NormParams, NormPatch, PresetList, type NormDefinition } from '@ritm/contracts/norms';
import { isBlank } from '@ritm/domain/words';
import { VersionQuery } from '@ritm/contracts/version';
import { isKnownChannelType } from '@ritm/domain/channel';
import { foreignNormFields, parseNorm, type Norm } from '@ritm/domain/norm';
import { withEffectiveFrom } from '@ritm/domain/norm-governance';
import { isKnownOrganisationKind } from '@ritm/domain/organisation';
import { getPreset, presetFits, PRESET_IDS, PRESETS } from '@ritm/domain/presets';
import type { Issue } from '@ritm/domain/read-json';
import type { Kysely, Transaction } from 'kysely';
import { Type } from 'typebox';
import { recordAudit } from '../../repositories/audit.js';
import { requireAccess, type Principal } from '../../auth/access.js';
import { nowOf } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { badRequest, conflict, HttpError, notFound, versionConflict } from '../../http/errors.js';
import { domainDetail, message, type Detail, type Message } from '../../http/messages.js';
import { expectedVersion, written } from '../../http/version.js';
import { channelTypesBelow } from '../../repositories/channels.js';
import { adjustmentColumns, findOwnNorm, insertNorms, normsWithAbove, toDomainNorm, toEffectiveNorm, type NormAdjustmentWrite, type NormWithAbove } from '../../repositories/norms.js';
import type { OrganisationContext } from '../../repositories/org-context.js';
import { loadOrgContext } from '../../services/org-context.js';
import { adjustRequired, loosenedFields, mayAdjustNorm, standingOf } from '../../services/norm-governance.js';
import { todayIn } from '../../services/compliance.js';
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

/**
 * What the domain's reader lets pass but the API refuses in the fields a client sent (a whole new
 * norm, or the changes of a PATCH or adjust; `null`s remove and are not checked): a field foreign
 * to the norm's type, which `parseNorm` would drop unseen, and a channel type that is neither the
 * domain's nor that of a channel in the organisation's subtree, which no channel there could meet.
 */
async function checkSentFields(db: Kysely<DB> | Transaction<DB>, org: OrganisationContext, norm: Norm, sent: Record<string, unknown>): Promise<void> {
  const given = Object.keys(sent).filter((field) => sent[field] !== undefined && sent[field] !== null);
  const details: Detail[] = foreignNormFields(norm.type, given).map((field) => ({ path: `body.${field}`, message: message('fieldNotOfNormType', { type: norm.type }) }));
  const named: { path: string; type: string }[] = [];
  if (Array.isArray(sent.channelTypes)) (sent.channelTypes as string[]).forEach((type, i) => named.push({ path: `body.channelTypes[${i}]`, type }));
  if (Array.isArray(sent.allOf)) (sent.allOf as string[][]).forEach((group, g) => group.forEach((type, i) => named.push({ path: `body.allOf[${g}][${i}]`, type })));
  const unknown = named.filter(({ type }) => !isKnownChannelType(type));
  if (unknown.length > 0) {
    const catalogue = await channelTypesBelow(db, org.path);
    for (const { path, type } of unknown) if (!catalogue.has(type)) details.push({ path, message: message('fieldChannelTypeUnknown', { type }) });
  }
  if (details.length > 0) throw badRequest('normInvalid', details);
}

/** An organisation kind named in the caller's language. */
const kindName = (kind: string): Message | string => (isKnownOrganisationKind(kind) ? message(`orgKind.${kind}`) : kind);

/** The norm under a key in force at an organisation, with the one it inherits. */
async function normAt(db: Kysely<DB> | Transaction<DB>, org: OrganisationContext, key: string): Promise<NormWithAbove | undefined> {
  return (await normsWithAbove(db, org)).find((entry) => entry.current.row.key === key);
}

/** A norm's changes (PATCH or adjust) merged onto its definition as the organisation sees it; `null` removes a field. */
function mergedNorm(entry: NormWithAbove, key: string, changes: Record<string, unknown>): Norm {
  const merged: Record<string, unknown> = { ...entry.current.row.definition, id: key };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return readNorm(merged);
}

/**
 * A norm as it is added: with its own `effectiveFrom`; over a norm from above, with that one's
 * start (a later one would loosen it); otherwise from the start of the period in which it is added.
 */
function startOf(norm: Norm, entry: NormWithAbove | undefined, today: string): Norm {
  if (norm.effectiveFrom !== undefined) return norm;
  if (entry?.above !== undefined) {
    const from = toDomainNorm(entry.above.row).effectiveFrom;
    return from === undefined ? norm : { ...norm, effectiveFrom: from };
  }
  return withEffectiveFrom(norm, today);
}

/** 403 `norm_adjust_forbidden`: only `norm.adjust` at the organisation that set the norm (or above) waives or adjusts it. */
const adjustForbidden = (entry: NormWithAbove | undefined) =>
  new HttpError(403, 'norm_adjust_forbidden', message('normAdjustForbidden', { org: entry?.above?.row.orgName ?? '' }));

/**
 * Writes a norm as an organisation sees it: its own row updated (at the version the client
 * edited), or an override of the inherited row created. Carries or clears the adjustment columns.
 * @returns the audit action: `update` or `override`.
 */
async function writeNorm(
  trx: Transaction<DB>,
  orgId: string,
  entry: NormWithAbove,
  version: number,
  write: { norm: Norm; enabled: boolean; adjustment: NormAdjustmentWrite | null },
): Promise<'update' | 'override'> {
  const definition = definitionOf(write.norm);
  const { row } = entry.current;
  if (row.orgId === orgId) {
    const changes = { definition: JSON.stringify(definition), enabled: write.enabled, ...adjustmentColumns(write.adjustment) };
    written(await updateVersioned(trx, 'norms', row.id, version, changes), 'norm');
    return 'update';
  }
  // The client edited the inherited row; if that changed meanwhile, its edit is stale.
  if (row.version !== version) throw versionConflict(row.version);
  await insertNorms(trx, orgId, [{ key: row.key, preset: row.preset, definition, enabled: write.enabled, ...(write.adjustment !== null && { adjustment: write.adjustment }) }]).catch(
    rethrowUnique(() => conflict('norm_exists', 'normOverriddenMeanwhile')),
  );
  return 'override';
}

const norms: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;

  /** The organisation's local date by the app's clock: a norm added without `effectiveFrom` starts with its period. */
  const todayAt = (org: OrganisationContext) => todayIn(org.timeZone, nowOf(app.ritmConfig));

  /** A norm as the caller sees it at an organisation: where it comes from and what they may do. */
  const present = async (trx: Kysely<DB>, user: Principal, org: OrganisationContext, key: string): Promise<EffectiveNorm> => {
    const entry = (await normAt(trx, org, key))!;
    return toEffectiveNorm(entry.current, org.id, await standingOf(trx, user, org.id, entry));
  };

  app.get(
    '/norm-presets',
    { schema: { tags: ['norms'], summary: 'Presets: the norms of the source documents, with citations', response: { 200: PresetList, 401: ErrorBody } } },
    async () => ({
      presets: PRESETS.map((preset) => ({
        id: preset.id,
        title: preset.title,
        document: preset.document,
        orgKinds: [...preset.orgKinds],
        norms: preset.norms as unknown as NormDefinition[],
      })),
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
      const user = request.user!;
      const entries = await normsWithAbove(db, org);
      return { norms: await Promise.all(entries.map(async (entry) => toEffectiveNorm(entry.current, orgId, await standingOf(db, user, orgId, entry)))) };
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
          const org = await loadOrgContext(trx, orgId);
          if (!presetFits(preset, org.kind)) {
            throw new HttpError(
              409,
              'preset_not_for_kind',
              message('presetNotForKind', { preset: preset.title, kinds: preset.orgKinds.join(', '), kind: kindName(org.kind) }),
              [{ path: 'body.preset', message: message('presetNotForKind', { preset: preset.id, kinds: preset.orgKinds.join(', '), kind: org.kind }) }],
            );
          }
          const inherited = new Map((await normsWithAbove(trx, org)).map((entry) => [entry.current.row.key, entry]));
          const today = todayAt(org);
          // A preset norm that would loosen a norm set above is left out: the norm from above keeps binding.
          const fitting = preset.norms.flatMap((norm) => {
            const added = startOf(norm, inherited.get(norm.id), today);
            return loosenedFields({ above: inherited.get(norm.id)?.above }, { norm: added, enabled: true }).length > 0 ? [] : [added];
          });
          const rows = await insertNorms(
            trx,
            orgId,
            fitting.map((norm) => ({ key: norm.id, preset: preset.id, definition: definitionOf(norm) })),
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
      const given = readNorm(fields);
      const created = await db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId);
        await checkSentFields(trx, org, given, fields);
        const entry = await normAt(trx, org, given.id);
        const above = entry?.above;
        const norm = startOf(given, entry, todayAt(org));
        const loosened = loosenedFields({ above }, { norm, enabled: true });
        if (loosened.length > 0) throw adjustRequired({ above }, loosened);
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
      const user = request.user!;
      const { version: _v, enabled, ...changes } = request.body;
      return db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId);
        const entry = await normAt(trx, org, key);
        if (!entry) throw notFound('norm');
        const norm = mergedNorm(entry, key, changes);
        await checkSentFields(trx, org, norm, changes);
        const proposedEnabled = enabled ?? entry.current.row.enabled;
        // A plain edit never loosens the norm from above, not even by an administrator: that is the
        // recorded adjustment's job (POST …/adjust). One that asks at least as much ends an adjustment.
        const loosened = loosenedFields(entry, { norm, enabled: proposedEnabled });
        if (loosened.length > 0) throw adjustRequired(entry, loosened);
        const action = await writeNorm(trx, orgId, entry, version, { norm, enabled: proposedEnabled, adjustment: null });
        const result = await present(trx, user, org, key);
        await recordAudit(trx, { orgId, userId: user.id, entity: 'norm', entityId: result.id, action, before: toEffectiveNorm(entry.current, orgId, await standingOf(trx, user, orgId, entry)), after: result });
        return result;
      });
    },
  );

  app.post(
    '/orgs/:orgId/norms/:key/adjust',
    {
      schema: {
        tags: ['norms'],
        summary:
          'Waive (enabled: false) or loosen a norm set above, with a reason: by a director or administrator of the organisation that set it or of one above (versioned, recorded)',
        params: NormParams,
        body: NormAdjust,
        response: { 200: EffectiveNorm, 409: ErrorBody, 428: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const { orgId, key } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      const user = request.user!;
      const { version: _v, enabled, reason, ...changes } = request.body;
      return db.transaction().execute(async (trx) => {
        const org = await loadOrgContext(trx, orgId);
        const entry = await normAt(trx, org, key);
        if (!entry) throw notFound('norm');
        if (entry.above === undefined) throw conflict('norm_not_inherited', 'normNotInherited');
        if (!(await mayAdjustNorm(trx, user, entry))) throw adjustForbidden(entry);
        if (isBlank(reason)) throw badRequest('validation', [{ path: 'body.reason', message: message('fieldReasonBlank') }]);
        const version = expectedVersion(request);
        const norm = mergedNorm(entry, key, changes);
        await checkSentFields(trx, org, norm, changes);
        const proposedEnabled = enabled ?? entry.current.row.enabled;
        if (loosenedFields(entry, { norm, enabled: proposedEnabled }).length === 0) throw conflict('norm_not_loosened', 'normNotLoosened');
        const adjustment = { by: user.id, at: nowOf(app.ritmConfig), reason: reason.trim() };
        const before = toEffectiveNorm(entry.current, orgId, await standingOf(trx, user, orgId, entry));
        await writeNorm(trx, orgId, entry, version, { norm, enabled: proposedEnabled, adjustment });
        const result = await present(trx, user, org, key);
        await recordAudit(trx, { orgId, userId: user.id, entity: 'norm', entityId: result.id, action: proposedEnabled ? 'adjust' : 'waive', before, after: { ...result, reason: adjustment.reason } });
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
      await requireAccess(db, request.user, orgId, 'org.read');
      const version = expectedVersion(request);
      await db.transaction().execute(async (trx) => {
        const row = await findOwnNorm(trx, orgId, key);
        if (!row) {
          await requireAccess(trx, request.user, orgId, 'norm.manage');
          throw notFound('norm');
        }
        // Reverting an adjustment (a waiver or loosening) takes the same authority as making it.
        if (row.adjusted_at !== null) {
          const entry = await normAt(trx, await loadOrgContext(trx, orgId), key);
          if (!entry || !(await mayAdjustNorm(trx, request.user!, entry))) throw adjustForbidden(entry);
        } else {
          await requireAccess(trx, request.user, orgId, 'norm.manage');
        }
        written(await deleteVersioned(trx, 'norms', row.id, version), 'norm');
        await recordAudit(trx, { orgId, userId: request.user!.id, entity: 'norm', entityId: row.id, action: 'delete', before: row });
      });
      return reply.code(204).send(null);
    },
  );
};

export default norms;
