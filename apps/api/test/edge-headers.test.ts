import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Database } from '../src/db/connection.js';
import { buildTestApp } from './app.js';
import { testDatabases } from './databases.js';
import { createUser, login } from './fixtures.js';

// Issue 10 (7): headers and answers at the edge of HTTP.
describe.each(testDatabases())('edge headers on $name', ({ open }) => {
  let database: Database;
  let app: App;
  let proxied: App;
  let tls: App;
  let withAdmin: App;
  let adminDist: string;
  let headers: Record<string, string>;
  beforeAll(async () => {
    database = await open();
    adminDist = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-admin-'));
    fs.mkdirSync(path.join(adminDist, 'assets'));
    fs.writeFileSync(path.join(adminDist, 'index.html'), '<!doctype html><title>Ритм</title>');
    fs.writeFileSync(path.join(adminDist, 'assets', 'app.js'), 'console.log(1)');
    app = await buildTestApp(database);
    proxied = await buildTestApp(database, { trustProxy: 1 });
    tls = await buildTestApp(database, { secureCookies: true });
    withAdmin = await buildTestApp(database, { adminDist });
    await createUser(database, 'user@example.org');
    headers = await login(app, 'user@example.org');
  });
  afterAll(async () => {
    for (const a of [app, proxied, tls, withAdmin]) await a.close();
    await database.close();
    fs.rmSync(adminDist, { recursive: true, force: true });
  });

  it('does not take X-Forwarded-Host for the same-origin check unless proxies are trusted', async () => {
    const forged = { ...headers, origin: 'https://evil.example', host: 'localhost:3000', 'x-forwarded-host': 'evil.example' };
    const refused = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: forged });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('cross_origin');
    const viaProxy = { ...headers, origin: 'https://ritm.example', host: 'internal:3000', 'x-forwarded-host': 'ritm.example' };
    expect((await proxied.inject({ method: 'POST', url: '/api/auth/logout', headers: viaProxy })).statusCode).toBe(204);
  });

  it("sends helmet's security headers on every kind of answer, as helmet sets them, once each", async () => {
    const helmetHeaders = {
      'content-security-policy':
        "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'DENY',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };
    // Signed in afresh: the test before this one signs out.
    const signedIn = await login(app, 'user@example.org');
    const answers = [
      await app.inject({ method: 'GET', url: '/api/health' }),
      await app.inject({ method: 'GET', url: '/api/auth/me', headers: signedIn }),
      await app.inject({ method: 'GET', url: '/api/nowhere', headers: signedIn }),
      await app.inject({ method: 'GET', url: '/api/auth/me' }),
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: '{', headers: { 'content-type': 'application/json' } }),
      await withAdmin.inject({ method: 'GET', url: '/assets/app.js' }),
      // A URL that cannot be decoded fails before routing (Fastify's frameworkErrors).
      await app.inject({ method: 'GET', url: '/api/orgs/%zz/items' }),
      await proxied.inject({ method: 'GET', url: '/api/orgs/%zz/items', headers: { 'x-forwarded-proto': 'https' } }),
    ];
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 404, 401, 400, 200, 400, 400]);
    for (const answer of answers) {
      expect(Object.fromEntries(Object.keys(helmetHeaders).map((name) => [name, answer.headers[name]]))).toEqual(helmetHeaders);
      expect(answer.headers['x-powered-by']).toBeUndefined();
    }
    // Over TLS the admin's requests are sent to https too.
    expect((await tls.inject({ method: 'GET', url: '/api/health' })).headers['content-security-policy']).toBe(`${helmetHeaders['content-security-policy']};upgrade-insecure-requests`);
  });

  it('sends HSTS only over HTTPS, and one framing rule', async () => {
    const plain = await app.inject({ method: 'GET', url: '/api/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(plain.headers['x-frame-options']).toBe('DENY');
    expect(String(plain.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect((await tls.inject({ method: 'GET', url: '/api/health' })).headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const forwarded = await proxied.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(forwarded.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const untrusted = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(untrusted.headers['strict-transport-security']).toBeUndefined();
  });

  it('marks what a signed-in user reads, and the login, Cache-Control: no-store', async () => {
    const fresh = await login(app, 'user@example.org');
    for (const url of ['/api/auth/me', '/api/orgs', '/api/auth/tokens']) {
      const response = await app.inject({ method: 'GET', url, headers: fresh });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-store');
    }
    const signIn = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'user@example.org', password: 'wrong-password' } });
    expect(signIn.headers['cache-control']).toBe('no-store');
  });

  it('answers malformed HTTP framing in the error shape', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /api/auth/login HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello');
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ error: { code: 'bad_request', message: 'Bad request' } });
  });

  it('answers a missing admin file 404 and an unknown page with the admin', async () => {
    const missing = await withAdmin.inject({ method: 'GET', url: '/assets/old-1234.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    expect((await withAdmin.inject({ method: 'GET', url: '/favicon.ico' })).statusCode).toBe(404);
    expect((await withAdmin.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(200);
    const page = await withAdmin.inject({ method: 'GET', url: '/calendar/2026-11?org=1' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ритм');
  });
});
