import type { IncomingMessage, ServerResponse } from 'node:http';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sets the security headers of every answer on `reply` (the onRequest hook does for routed requests). */
    applySecurityHeaders: (request: FastifyRequest, reply: FastifyReply) => void;
  }
}

/** HSTS for a year, sent only over HTTPS: over plain HTTP it means nothing and must not be sent (RFC 6797 7.2). */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every answer. The Content-Security-Policy is the one the admin (a Vite-built
 * Vue app) works under: its scripts and styles are files from this origin, Naive UI injects
 * `<style>` elements at run time (hence 'unsafe-inline' for styles only), pictures may be data:
 * URLs, and it talks to this API only. No page may frame it: `frame-ancestors 'none'` and, for
 * browsers without CSP 2, `X-Frame-Options: DENY` (the same rule). No CORS headers are ever sent:
 * another site's scripts cannot read answers. What a signed-in user reads is never stored by a
 * cache (`Cache-Control: no-store` unless a route says otherwise).
 */
export default fp<{ tls: boolean }>(
  async (app, { tls }) => {
    // helmet's headers, worked out once: they are the same for every answer (no nonces), and
    // setting them through its dozen middlewares on every request cost more than the rest of a
    // list read from memory (@fastify/helmet even builds helmet anew each time, ~40 µs).
    const headers = headersOf(helmet({
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
      xFrameOptions: { action: 'deny' },
      strictTransportSecurity: false,
    }));
    // HTTPS: TLS here (RITM_SECURE_COOKIES says it is served so), or a trusted proxy's X-Forwarded-Proto.
    const secure = (request: FastifyRequest) => tls || request.protocol === 'https';
    const applySecurityHeaders = (request: FastifyRequest, reply: FastifyReply) => {
      if (secure(request)) reply.header('strict-transport-security', HSTS);
      reply.headers(headers);
    };
    // Also for a request that fails before routing (a URL that cannot be decoded), which runs no hook: app.ts.
    app.decorate('applySecurityHeaders', applySecurityHeaders);
    app.addHook('onRequest', (request, reply, done) => {
      applySecurityHeaders(request, reply);
      done();
    });
    app.addHook('onSend', async (request, reply, payload) => {
      // Signed in, or signing in (the login answers with the user): personal, never kept by a cache.
      const personal = Boolean(request.user) || request.url.startsWith('/api/auth/');
      if (personal && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      return payload;
    });
  },
  { name: 'security' },
);

/**
 * The headers a helmet middleware sets, by asking it once of a response that only records them.
 * It must set them all before it returns (it does: nothing in it waits), and remove none that it
 * did not set (it removes `X-Powered-By`, which Fastify never sends).
 */
function headersOf(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  let done = false;
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish at once: its headers cannot be worked out ahead');
  return headers;
}
