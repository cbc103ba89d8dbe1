import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FORMATS } from '@ritm/contracts/common';
import fastifyStatic from '@fastify/static';
import type { Config } from './config.js';
import type { Database } from './db/connection.js';
import { serializeError } from './db/logged-error.js';
import archivedOrgsPlugin from './plugins/archived-orgs.js';
import countSelectorsPlugin from './plugins/count-selectors.js';
import authPlugin from './plugins/auth.js';
import cacheBudgetPlugin from './plugins/cache-budget.js';
import complianceCachePlugin from './plugins/compliance-cache.js';
import controlPlugin from './plugins/control.js';
import itemListsPlugin from './plugins/item-lists.js';
import productionCalendarPlugin from './plugins/production-calendar.js';
import databasePlugin from './plugins/database.js';
import docsPlugin from './plugins/docs.js';
import evidencePlugin from './plugins/evidence.js';
import jobsPlugin from './plugins/jobs.js';
import errorsPlugin, { sendError } from './plugins/errors.js';
import jsonBodyPlugin from './plugins/json-body.js';
import securityPlugin from './plugins/security.js';
import validationPlugin from './plugins/validation.js';
import { answerClientError } from './http/client-error.js';
import { headOnSendHooks } from './http/conditional.js';
import { notFound } from './http/errors.js';
import apiRoutes from './routes/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    ritmConfig: Config;
    /** Every route the app serves (the access-matrix test checks each one). */
    ritmRoutes: RouteSummary[];
  }
}

export interface RouteSummary {
  method: string;
  url: string;
  public: boolean;
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
    logger: withErrorSerializer(logger),
    bodyLimit: config.bodyLimit,
    // Only the configured proxies: a number counts hops from the socket (as proxy-addr does), so
    // what a client writes into X-Forwarded-For itself is never taken for its address.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // Malformed URLs fail before routing, and before any hook: answered in the API's shape, with
    // the security headers, too. Fastify gives these requests no trusted proxy, so behind one
    // they are taken for plain HTTP: HSTS only with RITM_SECURE_COOKIES (a browser keeps it from
    // any other answer).
    frameworkErrors: (error, request, reply) => {
      app.applySecurityHeaders(request, reply);
      return sendError(error, request, reply);
    },
    // Requests the HTTP parser cannot read (broken framing) too.
    clientErrorHandler: answerClientError,
    // The response serializer picks union branches (`date | null`) with its own ajv. It must know
    // the contracts' format names but not judge answers by them: a week judged at the end of the
    // range ends in 2101, and what the API answers was checked on the way in.
    serializerOpts: { ajv: { formats: Object.fromEntries(Object.keys(FORMATS).map((name) => [name, true])) } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('ritmConfig', config);
  app.decorate('ritmRoutes', [] as RouteSummary[]);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.ritmRoutes.push({ method, url: route.url, public: route.config?.public === true });
    }
    // The HEAD twin of each GET route answers a 304 without a Content-Length (http/conditional.ts).
    if (route.method === 'HEAD') route.onSend = headOnSendHooks(route.onSend as never) as never;
  });

  await app.register(errorsPlugin);
  await app.register(jsonBodyPlugin);
  await app.register(validationPlugin);
  await app.register(securityPlugin, { tls: config.secureCookies });
  await app.register(databasePlugin, { database });
  await app.register(authPlugin);
  await app.register(archivedOrgsPlugin);
  await app.register(cacheBudgetPlugin);
  await app.register(complianceCachePlugin);
  await app.register(itemListsPlugin);
  await app.register(productionCalendarPlugin);
  await app.register(docsPlugin);
  await app.register(evidencePlugin);
  await app.register(jobsPlugin);
  await app.register(countSelectorsPlugin);
  await app.register(controlPlugin);

  await app.register(apiRoutes, { prefix: '/api' });

  await registerAdmin(app, config.adminDist);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

/** The logger's options with db/logged-error.ts's `err` serializer: no error's statement parameters in the log. */
function withErrorSerializer(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === false || logger === undefined) return logger;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, err: serializeError } };
}

/** Trusts the nearest `hops` proxies in front of the server and nothing beyond them. */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/**
 * Serves the built single-page admin, answering unknown non-API pages with its index page. A
 * missing file (a path whose last segment has an extension: `/assets/old-hash.js`) is a 404: the
 * index page in its place would be run as a script or style and fail obscurely.
 */
async function registerAdmin(app: App, adminDist: string | undefined): Promise<void> {
  if (!adminDist || !fs.existsSync(path.join(adminDist, 'index.html'))) return;
  await app.register(fastifyStatic, { root: adminDist, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    const isFile = /\.[^/]*$/.test(pathname.slice(pathname.lastIndexOf('/')));
    if (request.method === 'GET' && !request.url.startsWith('/api/') && !isFile) {
      return reply.type('text/html').sendFile('index.html');
    }
    return sendError(notFound(), request, reply);
  });
}
