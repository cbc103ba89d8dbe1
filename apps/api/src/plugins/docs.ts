import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export const DOCS_PREFIX = '/api/docs';

/**
 * The OpenAPI 3 document of every route that declares `tags` (built from the routes' TypeBox
 * schemas), and Swagger UI at /api/docs. Registered before the routes so it sees them all.
 * Both are public: the document describes the API, it holds no data.
 */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Ritm API',
          version: '0.1.0',
          description:
            'Planning publications and proving publishing norms. Sign in with POST /api/auth/login (a session cookie) or send `Authorization: Bearer <token>` (ritm token create). Updates and deletes need the version you edited (If-Match or a `version` field).',
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'ritm_session' },
            token: { type: 'http', scheme: 'bearer' },
          },
        },
        security: [{ session: [] }, { token: [] }],
      },
    });

    // Swagger UI's own routes come from the plugin, so they are marked public here.
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith(DOCS_PREFIX)) route.config = { ...route.config, public: true };
    });
    await app.register(swaggerUi, {
      routePrefix: DOCS_PREFIX,
      uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null },
      // Swagger UI sets inline style attributes; this looser policy applies under /api/docs only.
      staticCSP:
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
    });

    app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  },
  { name: 'docs', dependencies: ['auth'] },
);
