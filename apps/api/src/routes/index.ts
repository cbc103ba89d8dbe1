import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../http/errors.js';
import attachmentRoutes from './attachments/index.js';
import audienceRoutes from './audiences/index.js';
import auditRoutes from './audit/index.js';
import authRoutes from './auth/index.js';
import calendarFeedRoutes from './calendar-feeds/index.js';
import channelRoutes from './channels/index.js';
import complianceRoutes from './compliance/index.js';
import controlRoutes from './control/index.js';
import evidenceRoutes from './evidence/index.js';
import exemptionRoutes from './exemptions/index.js';
import exportRoutes from './exports/index.js';
import healthRoutes from './health/index.js';
import importRoutes from './imports/index.js';
import itemRoutes from './items/index.js';
import keyMessageRoutes from './key-messages/index.js';
import materialAttachmentRoutes from './materials/attachments.js';
import materialRoutes from './materials/index.js';
import normRoutes from './norms/index.js';
import notificationRoutes from './notifications/index.js';
import orgRoutes from './orgs/index.js';
import peopleRoutes from './people/index.js';
import planRoutes from './plans/index.js';
import productionCalendarRoutes from './production-calendar/index.js';
import proposalRoutes from './proposals/index.js';
import reportRoutes from './reports/index.js';
import seriesRoutes from './series/index.js';
import templateRoutes from './templates/index.js';
import tokenRoutes from './tokens/index.js';
import userRoutes from './users/index.js';
import unsubscribeRoutes from './unsubscribe/index.js';

/**
 * Every route of the API, registered by `app.ts` under `/api`: health, signing in, tokens, users
 * and organisations, then everything an organisation holds under `/orgs/:orgId` (its audit trail,
 * channels, audiences, key messages, plans, items, norms, exemptions and compliance). An unknown
 * path under `/api` answers the API's 404, never the admin's page.
 */
const apiRoutes: FastifyPluginAsync = async (api) => {
  api.setNotFoundHandler(async () => {
    throw notFound('route');
  });
  await api.register(healthRoutes);
  await api.register(authRoutes);
  await api.register(tokenRoutes);
  await api.register(calendarFeedRoutes);
  await api.register(userRoutes);
  await api.register(orgRoutes);
  await api.register(peopleRoutes);
  await api.register(auditRoutes);
  await api.register(channelRoutes);
  await api.register(audienceRoutes);
  await api.register(keyMessageRoutes);
  await api.register(planRoutes);
  await api.register(itemRoutes);
  await api.register(seriesRoutes);
  await api.register(attachmentRoutes);
  await api.register(normRoutes);
  await api.register(exemptionRoutes);
  await api.register(complianceRoutes);
  await api.register(importRoutes);
  await api.register(exportRoutes);
  await api.register(reportRoutes);
  await api.register(productionCalendarRoutes);
  await api.register(evidenceRoutes);
  await api.register(controlRoutes, { prefix: '/control' });
  await api.register(notificationRoutes);
  await api.register(unsubscribeRoutes);
  await api.register(templateRoutes);
  // issue 15 — news proposed upwards
  await api.register(proposalRoutes);
  // issue 15 — materials down the tree
  await api.register(materialRoutes);
  await api.register(materialAttachmentRoutes);
};

export default apiRoutes;
