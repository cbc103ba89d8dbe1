import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DigestNowRequest, DigestNowResult } from '@ritm/contracts/digest';
import { sendDigestsNow } from '../../notifications/digest-job.js';

/** `POST /api/control/digest`: `ritm digest` while the server holds the embedded database. */
const digestControlRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/digest',
    { schema: { hide: true, body: DigestNowRequest, response: { 200: DigestNowResult } }, config: { public: true, control: true } },
    async (request) => sendDigestsNow(app.database.db, app.ritmConfig, request.body),
  );
};

export default digestControlRoutes;
