import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { ErrorBody, NotModified } from '@ritm/contracts/common';
import { Attachment, AttachmentList, AttachmentParams, AttachmentUploadQuery, ItemParams } from '@ritm/contracts/items';
import { attachmentName, attachmentTypeOf, type AttachmentType } from '@ritm/domain/attachment';
import { isBlank } from '@ritm/domain/words';
import { Type } from 'typebox';
import type { DB } from '../../db/schema.js';
import { requireAccess } from '../../auth/access.js';
import { etagMatches } from '../../http/conditional.js';
import { badRequest, HttpError, notFound } from '../../http/errors.js';
import { message } from '../../http/messages.js';
import { sendError } from '../../plugins/errors.js';
import { deleteAttachment, findAttachmentContent, insertAttachment, listAttachments, lockedAttachmentBytes } from '../../repositories/attachments.js';
import { recordAudit } from '../../repositories/audit.js';
import { findItem } from '../../repositories/items.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const MB = 1_048_576;
const megabytes = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

/**
 * `Content-Disposition` for a download: the name in plain ASCII for old clients (anything else,
 * quotes and backslashes made `_`) and in full as RFC 5987 UTF-8 (`filename*`), which browsers prefer.
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/**
 * Makes an encapsulated plugin take raw file bodies (any Content-Type) up to `maxBytes`, and word
 * a body over the limit, stopped while it streams in, in the user's words. Item and material
 * attachments upload the same way.
 */
export function acceptFileBodies(app: FastifyInstance, maxBytes: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: Error & { code?: string }, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(new HttpError(413, 'too_large', message('attachmentTooLarge', { limit: megabytes(maxBytes) })), request, reply);
    }
    return sendError(error, request, reply);
  });
}

/** An uploaded file's own name, not the path it was picked from (`../../etc/passwd`): shown and offered on download; 400 naming `querystring.name` when it names no file. */
export function uploadedFileName(given: string): string {
  const name = attachmentName(given);
  if (isBlank(name)) throw badRequest('validation', [{ path: 'querystring.name', message: message('fieldFileName') }]);
  return name;
}

/** An uploaded file's bytes, its type told by content, and its hash; 400 when empty, 415 for another type. */
export function uploadedFile(raw: unknown): { body: Buffer; contentType: AttachmentType; sha256: string } {
  const body = Buffer.isBuffer(raw) ? raw : undefined;
  if (body === undefined || body.length === 0) {
    throw new HttpError(400, 'validation', message('attachmentEmpty'), [{ path: 'body', message: message('attachmentEmpty') }]);
  }
  const contentType = attachmentTypeOf(body);
  if (contentType === undefined) throw new HttpError(415, 'unsupported_media_type', message('attachmentType'));
  return { body, contentType, sha256: createHash('sha256').update(body).digest('hex') };
}

/** 413 when `adding` more bytes would pass what the organisation's files may take together (under its attachment lock). */
export async function checkQuota(trx: Transaction<DB>, orgId: string, adding: number, quota: number): Promise<void> {
  const used = await lockedAttachmentBytes(trx, orgId);
  if (used + adding > quota) {
    throw new HttpError(413, 'attachments_quota', message('attachmentsQuota', { limit: megabytes(quota), used: megabytes(used) }));
  }
}

/** Sends a stored file with its type and name, cached by its hash for this user only. */
export function sendFile(request: FastifyRequest, reply: FastifyReply, file: { name: string; contentType: string; sha256: string; data: Uint8Array }) {
  const etag = `"${file.sha256}"`;
  // The content never changes under an id; a browser may keep it for this user only and ask again.
  reply
    .header('cache-control', 'private, no-cache')
    .header('etag', etag)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox");
  if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
  return reply.type(file.contentType).header('content-disposition', contentDisposition(file.name)).send(Buffer.from(file.data) as never);
}

/**
 * Evidence files of an item (issue 11). An upload is the file itself as the request body —
 * what `fetch(url, { method: 'POST', body: file })` and `curl --data-binary @photo.jpg` send —
 * with its name in `?name=`. The Content-Type sent is not believed: the type is told by the
 * file's first bytes. This plugin is encapsulated: its raw-body parser and its body limit
 * (RITM_ATTACHMENT_MAX_MB) apply to these routes only; JSON routes keep theirs.
 */
const attachments: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  const { attachmentMaxBytes, orgAttachmentsBytes } = app.ritmConfig;

  acceptFileBodies(app, attachmentMaxBytes);

  app.get(
    '/orgs/:orgId/items/:itemId/attachments',
    { schema: { tags: ['items'], summary: "An item's attachments (photos, scans, PDFs), oldest first", params: ItemParams, response: { 200: AttachmentList, ...errors } } },
    async (request) => {
      const { orgId, itemId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      if (!(await findItem(db, orgId, itemId))) throw notFound('item');
      return { attachments: await listAttachments(db, orgId, itemId) };
    },
  );

  app.post(
    '/orgs/:orgId/items/:itemId/attachments',
    {
      bodyLimit: attachmentMaxBytes,
      config: { fileBody: true },
      schema: {
        tags: ['items'],
        summary: `Attach a file to an item: the file's bytes as the body, its name in ?name= (JPEG, PNG, WebP, GIF, HEIC or PDF, told by content; at most RITM_ATTACHMENT_MAX_MB)`,
        params: ItemParams,
        querystring: AttachmentUploadQuery,
        response: { 201: Attachment, 413: ErrorBody, 415: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, itemId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const name = uploadedFileName(request.query.name);
      const { body, contentType, sha256 } = uploadedFile(request.body);
      const userId = request.user!.id;
      const created = await db.transaction().execute(async (trx) => {
        await checkQuota(trx, orgId, body.length, orgAttachmentsBytes);
        const attachment = await insertAttachment(trx, { orgId, itemId, name, contentType, sha256, data: body, uploadedBy: userId });
        if (attachment === undefined) throw notFound('item');
        const { uploadedBy: _by, ...after } = attachment;
        await recordAudit(trx, { orgId, userId, entity: 'attachment', entityId: attachment.id, action: 'create', after });
        return attachment;
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/orgs/:orgId/items/:itemId/attachments/:attachmentId',
    {
      schema: {
        tags: ['items'],
        summary: 'Download an attachment, with its type and name (Content-Disposition)',
        params: AttachmentParams,
        response: { 200: Type.String({ description: "The file's bytes" }), 304: NotModified, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, itemId, attachmentId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      const file = await findAttachmentContent(db, orgId, itemId, attachmentId);
      if (!file) throw notFound('attachment');
      return sendFile(request, reply, file);
    },
  );

  app.delete(
    '/orgs/:orgId/items/:itemId/attachments/:attachmentId',
    { schema: { tags: ['items'], summary: 'Delete an attachment', params: AttachmentParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { orgId, itemId, attachmentId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const userId = request.user!.id;
      await db.transaction().execute(async (trx) => {
        const removed = await deleteAttachment(trx, orgId, itemId, attachmentId);
        if (!removed) throw notFound('attachment');
        const { uploadedBy: _by, ...before } = removed;
        await recordAudit(trx, { orgId, userId, entity: 'attachment', entityId: attachmentId, action: 'delete', before });
      });
      return reply.code(204).send(null);
    },
  );
};

export default attachments;
