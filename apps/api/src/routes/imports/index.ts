import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, OrgParams } from '@ritm/contracts/common';
import { ImportMapping, ImportMappingKey, ImportPreview, ImportQuery } from '@ritm/contracts/imports';
import { Compile } from 'typebox/compile';
import { mappingProblems } from '@ritm/domain/exchange';
import { nowOf } from '../../config.js';
import { requireAccess } from '../../auth/access.js';
import { badRequest } from '../../http/errors.js';
import { HttpError } from '../../http/errors.js';
import { fieldMessage, fieldPath, message, pointer, validationDetails } from '../../http/messages.js';
import { preferredLanguage } from '../../plugins/errors.js';
import { forbiddenKeyDetail } from '../../plugins/json-body.js';
import { findImportMapping, saveImportMapping } from '../../repositories/imports.js';
import { normaliseMapping, runImport } from '../../services/imports.js';
import { readSpreadsheet } from '../../services/spreadsheet.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

const mappingSchema = Compile(ImportMapping);
const mappingKeySchema = Compile(ImportMappingKey);

/**
 * A mapping's keys the importer could not use as given (the domain's `mappingProblems`), each
 * named where it was sent: `body.columns.…` or `querystring.mapping.columns.…`.
 */
function checkMappingKeys(mapping: ImportMapping, at: string): ImportMapping {
  const pathOf = (part: string, key: string) => fieldPath(at, pointer(`/${part}`, key));
  // The keys' own rules first (no NUL, no half of a surrogate pair, at most 200 characters): a
  // key PostgreSQL cannot store was a 500, and a longer one was stored.
  const keyDetails = (['columns', 'formats'] as const).flatMap((part) =>
    Object.keys(mapping[part]).flatMap((key) => (mappingKeySchema.Check(key) ? [] : [{ path: pathOf(part, key), message: fieldMessage(mappingKeySchema.Errors(key)[0]!) }])),
  );
  if (keyDetails.length > 0) throw badRequest('importMappingInvalid', keyDetails);
  const details = mappingProblems(mapping).map((problem) => ({
    path: pathOf(problem.part, problem.key),
    message:
      problem.code === 'clash'
        ? message('mappingKeyClash', { other: problem.other ?? '' })
        : problem.part === 'columns'
          ? message('mappingKeyBlank')
          : message('mappingFormatBlank'),
  }));
  if (details.length > 0) throw badRequest('importMappingInvalid', details);
  return mapping;
}

/** The `mapping` query parameter: an ImportMapping as JSON, its errors named inside it. */
function readMapping(text: string | undefined): ImportMapping | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('importMappingInvalid', [{ path: 'querystring.mapping', message: message('fieldNotJson') }]);
  }
  // Refused as in the body of `PUT …/imports/mapping`, where Fastify's secure parser refuses it.
  const forbidden = forbiddenKeyDetail(value, 'querystring.mapping');
  if (forbidden !== undefined) throw badRequest('importMappingInvalid', [forbidden]);
  if (!mappingSchema.Check(value)) throw badRequest('importMappingInvalid', validationDetails('querystring.mapping', [...mappingSchema.Errors(value)]));
  return checkMappingKeys(value, 'querystring.mapping');
}

const imports: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  const maxBytes = app.ritmConfig.importMaxBytes;
  const tooLarge = () => new HttpError(413, 'too_large', message('importTooLarge', { max: Math.round(maxBytes / 1_048_576) }));

  // The file is the body, as it is: XLSX, CSV, or whatever a browser calls them (the bytes decide).
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));

  app.post(
    '/orgs/:orgId/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'Import a media plan from XLSX or CSV (the file is the body): dryRun=true previews, false writes all rows or none',
        params: OrgParams,
        querystring: ImportQuery,
        response: { 200: ImportPreview, 413: ErrorBody, 415: ErrorBody, 422: ImportPreview, ...errors },
      },
      config: { fileBody: true },
      // Said before the body is read, in the importer's words, when the client says how long it is.
      preParsing: async (request) => {
        if (Number(request.headers['content-length'] ?? 0) > maxBytes) throw tooLarge();
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const mapping = readMapping(request.query.mapping);
      const file = request.body;
      // Nothing sent is an empty file, not one of another kind (the words attachments use).
      if (file === undefined || file === null || (Buffer.isBuffer(file) && file.length === 0)) {
        throw new HttpError(400, 'validation', message('attachmentEmpty'), [{ path: 'body', message: message('attachmentEmpty') }]);
      }
      if (!Buffer.isBuffer(file)) throw new HttpError(415, 'not_a_spreadsheet', message('importNotSpreadsheet'));
      const sheets = await readSpreadsheet(file);
      const outcome = await runImport(db, {
        orgId,
        userId: request.user!.id,
        sheets,
        dryRun: request.query.dryRun !== 'false',
        ...(mapping !== undefined && { mapping }),
        lang: preferredLanguage(request),
        now: nowOf(app.ritmConfig).getTime(),
      });
      return reply.code(outcome.ok ? 200 : 422).send(outcome.preview);
    },
  );

  app.get(
    '/orgs/:orgId/imports/mapping',
    { schema: { tags: ['imports'], summary: "The organisation's remembered import mapping", params: OrgParams, response: { 200: ImportMapping, ...errors } } },
    async (request) => {
      await requireAccess(db, request.user, request.params.orgId, 'org.read');
      return findImportMapping(db, request.params.orgId);
    },
  );

  app.put(
    '/orgs/:orgId/imports/mapping',
    {
      schema: {
        tags: ['imports'],
        summary: "Replace the organisation's import mapping (headings → fields, format words → kinds)",
        params: OrgParams,
        body: ImportMapping,
        response: { 200: ImportMapping, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const mapping = normaliseMapping(checkMappingKeys(request.body, 'body'));
      await db.transaction().execute((trx) => saveImportMapping(trx, orgId, mapping, request.user!.id));
      return mapping;
    },
  );
};

export default imports;
