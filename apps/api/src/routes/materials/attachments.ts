import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, NotModified } from '@ritm/contracts/common';
import { AttachmentUploadQuery } from '@ritm/contracts/items';
import { MaterialAttachment, MaterialAttachmentParams, MaterialParams } from '@ritm/contracts/materials';
import { Type } from 'typebox';
import { requireAccess } from '../../auth/access.js';
import { notFound } from '../../http/errors.js';
import { recordAudit } from '../../repositories/audit.js';
import { findMaterialAttachmentContent, findOwnMaterial, findVisibleMaterial, insertMaterialAttachment } from '../../repositories/materials.js';
import { loadOrgContext } from '../../services/org-context.js';
import { acceptFileBodies, checkQuota, sendFile, uploadedFile, uploadedFileName } from '../attachments/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * Files sent with a material (a poster, a leaflet, a photo), uploaded as items' evidence is: the
 * file itself as the body, its name in `?name=`, its type told by content, within the same limits
 * (RITM_ATTACHMENT_MAX_MB per file; the sender's files, items' and materials' together, within
 * RITM_ORG_ATTACHMENTS_MB). Whoever may see the material may download them, targets included.
 */
const materialAttachments: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  const { attachmentMaxBytes, orgAttachmentsBytes } = app.ritmConfig;
  acceptFileBodies(app, attachmentMaxBytes);

  app.post(
    '/orgs/:orgId/materials/:materialId/attachments',
    {
      bodyLimit: attachmentMaxBytes,
      config: { fileBody: true },
      schema: {
        tags: ['materials'],
        summary: "Attach a file to a material the organisation sent: the file's bytes as the body, its name in ?name=",
        params: MaterialParams,
        querystring: AttachmentUploadQuery,
        response: { 201: MaterialAttachment, 413: ErrorBody, 415: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, materialId } = request.params;
      await requireAccess(db, request.user, orgId, 'item.edit');
      const name = uploadedFileName(request.query.name);
      const { body, contentType, sha256 } = uploadedFile(request.body);
      const userId = request.user!.id;
      const created = await db.transaction().execute(async (trx) => {
        if (!(await findOwnMaterial(trx, orgId, materialId))) throw notFound('material');
        await checkQuota(trx, orgId, body.length, orgAttachmentsBytes);
        const attachment = await insertMaterialAttachment(trx, { materialId, orgId, name, contentType, sha256, data: body, uploadedBy: userId });
        await recordAudit(trx, { orgId, userId, entity: 'material_attachment', entityId: attachment.id, action: 'create', after: { ...attachment, materialId } });
        return attachment;
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/orgs/:orgId/materials/:materialId/attachments/:attachmentId',
    {
      schema: {
        tags: ['materials'],
        summary: "Download a material's file, for whoever may see the material",
        params: MaterialAttachmentParams,
        response: { 200: Type.String({ description: "The file's bytes" }), 304: NotModified, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, materialId, attachmentId } = request.params;
      await requireAccess(db, request.user, orgId, 'org.read');
      const viewer = await loadOrgContext(db, orgId);
      const file = (await findVisibleMaterial(db, materialId, viewer.path)) && (await findMaterialAttachmentContent(db, materialId, attachmentId));
      if (!file) throw notFound('attachment');
      return sendFile(request, reply, file);
    },
  );
};

export default materialAttachments;
