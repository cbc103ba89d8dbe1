import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyStatic from '@fastify/static';
import type { Config } from './config.js';
import type { Database } from './db/connection.js';
import authPlugin from './plugins/auth.js';
import databasePlugin from './plugins/database.js';
import errorsPlugin from './plugins/errors.js';
import authRoutes from './routes/auth/index.js';
import healthRoutes from './routes/health/index.js';
import planningRoutes from './routes/planning.js';

declare module 'fastify' {
  interface FastifyInstance {
    ritmConfig: Config;
  }
}

export interface BuildOptions {
  config: Config;
  database: Database;
  logger?: FastifyServerOptions['logger'];
}

/**
 * Builds the application: plugins, then routes under `/api`, then the admin at `/`.
 * It does not listen; `server.ts` adds the runtime and tests call `app.inject`.
 */
export async function buildApp({ config, database, logger = false }: BuildOptions) {
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('ritmConfig', config);
  await app.register(errorsPlugin);
  await app.register(databasePlugin, { database });
  await app.register(authPlugin);

  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(authRoutes);
      await api.register(planningRoutes);
    },
    { prefix: '/api' },
  );

  await registerAdmin(app, config.adminDist);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

/** Serves the built single-page admin, answering unknown non-API paths with its index page. */
async function registerAdmin(app: App, adminDist: string | undefined): Promise<void> {
  if (!adminDist || !fs.existsSync(path.join(adminDist, 'index.html'))) return;
  await app.register(fastifyStatic, { root: adminDist, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({ error: { code: 'not_found', message: 'Not found' } });
  });
}
