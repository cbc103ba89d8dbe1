import fp from 'fastify-plugin';
import helmet from 'helmet';

/**
 * Security headers on every answer. The Content-Security-Policy is the one the admin (a Vite-built
 * Vue app) works under: its scripts and styles are files from this origin, Naive UI injects
 * `<style>` elements at run time (hence 'unsafe-inline' for styles only), pictures may be data:
 * URLs, and it talks to this API only. No page may frame it. No CORS headers are ever sent:
 * another site's scripts cannot read answers.
 */
export default fp<{ tls: boolean }>(
  async (app, { tls }) => {
    // helmet itself, built once: @fastify/helmet builds it anew on every request (~40 µs each).
    const applyHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          // Only behind TLS: on plain http it would send the admin's requests to an https that is not there.
          ...(tls ? { upgradeInsecureRequests: [] } : {}),
        },
      },
    });
    app.addHook('onRequest', (request, reply, done) => applyHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)));
  },
  { name: 'security' },
);
