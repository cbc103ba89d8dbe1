import type { FastifyPluginAsync } from 'fastify';
import audienceRoutes from './audiences/index.js';
import channelRoutes from './channels/index.js';
import complianceRoutes from './compliance/index.js';
import exemptionRoutes from './exemptions/index.js';
import itemRoutes from './items/index.js';
import keyMessageRoutes from './key-messages/index.js';
import normRoutes from './norms/index.js';
import planRoutes from './plans/index.js';

/** Planning and compliance: everything under /orgs/:orgId besides the organisation itself. */
const planning: FastifyPluginAsync = async (api) => {
  await api.register(channelRoutes);
  await api.register(audienceRoutes);
  await api.register(keyMessageRoutes);
  await api.register(planRoutes);
  await api.register(itemRoutes);
  await api.register(normRoutes);
  await api.register(exemptionRoutes);
  await api.register(complianceRoutes);
};

export default planning;
