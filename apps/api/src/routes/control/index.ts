import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../http/errors.js';
import jobsControlRoutes from './jobs.js';
import digestControlRoutes from './digest.js';

/**
 * `/api/control/…`: what commands run beside `ritm serve` on the embedded database ask the server
 * (`cli/control.ts`). Only this start's control secret opens them; anything else — no header, a
 * session, an API token, a wrong secret — is answered as a route that does not exist, so the
 * surface is invisible. Each area registers its control routes here (one line each).
 */
const controlRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', async (request) => {
    if (!app.isControlRequest(request.headers.authorization)) throw notFound('route');
  });
  await app.register(jobsControlRoutes);
  await app.register(digestControlRoutes);
};

export default controlRoutes;
