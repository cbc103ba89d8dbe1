import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './app.js';
import { testDatabases } from './databases.js';
import { createUser, login } from './fixtures.js';

// Bad input of every kind answers 4xx in the one error shape; nothing reaches a 500.
describe.each(testDatabases())('input hardening, headers and docs on $name', ({ open }) => {
  const ctx = useTestApp(open, { bodyLimit: 4096 });
  let root: Record<string, string>;
  let orgId: string;
  beforeAll(async () => {
    await createUser(ctx.database, 'root@example.org', { isAdmin: true });
    root = await login(ctx.app, 'root@example.org');
    orgId = (await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: root, payload: { name: 'Орг', kind: 'other' } })).json().id;
  });

  it('refuses a number where a string belongs instead of coercing it, naming the field', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: root, payload: { name: 5, kind: 'other' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation', details: [{ path: 'body.name', message: expect.any(String) }] });
  });

  it('refuses unknown fields and names a bad enum value once, in Russian by default and English on request', async () => {
    const payload = { name: 'X', kind: 'club', secret: 1 };
    const ru = (await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: root, payload })).json().error;
    const en = (await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: { ...root, 'accept-language': 'en-GB,en;q=0.9' }, payload })).json().error;
    expect(ru.message).toBe('Запрос заполнен неверно');
    expect(en.message).toBe('The request is not valid');
    expect(ru.details).toEqual([
      { path: 'body.secret', message: 'неизвестное поле' },
      { path: 'body.kind', message: expect.stringMatching(/^должно быть одним из: employment_authority, .*other$/) },
    ]);
    expect(en.details.map((d: { message: string }) => d.message)).toEqual(['is not an allowed field', expect.stringMatching(/^must be one of: /)]);
    const missing = (await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: { ...root, 'accept-language': 'en' }, payload: {} })).json().error;
    expect(missing.details).toEqual([
      { path: 'body.name', message: 'is required' },
      { path: 'body.kind', message: 'is required' },
    ]);
  });

  it('names a too long field and a bad If-Match from the catalogue, in the caller language', async () => {
    const payload = { name: 'Я'.repeat(301), kind: 'other' };
    const ru = (await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: root, payload })).json().error;
    const en = (await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: { ...root, 'accept-language': 'en' }, payload })).json().error;
    expect(ru.details).toEqual([{ path: 'body.name', message: 'должно быть не длиннее 300 симв.' }]);
    expect(en.details).toEqual([{ path: 'body.name', message: 'must not have more than 300 characters' }]);
    const ifMatch = (lang: string) =>
      ctx.app.inject({ method: 'PATCH', url: `/api/orgs/${orgId}`, headers: { ...root, 'if-match': 'x', 'accept-language': lang }, payload: { name: 'Орг' } });
    expect((await ifMatch('ru')).json().error.details).toEqual([{ path: 'headers.if-match', message: 'If-Match должен содержать номер версии' }]);
    expect((await ifMatch('en')).json().error.details).toEqual([{ path: 'headers.if-match', message: 'If-Match must be a version number' }]);
  });

  it('converts query and params from text, and refuses what does not convert', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/audit?limit=1`, headers: root })).json().entries).toHaveLength(1);
    const bad = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/audit?limit=lots&extra=1`, headers: root });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['querystring.limit', 'querystring.extra']));
    // A whole number written with a point is refused, not read as the number (a probe's `limit=20.0`).
    const fraction = await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/audit?limit=1.0`, headers: { ...root, 'accept-language': 'en' } });
    expect(fraction.statusCode).toBe(400);
    expect(fraction.json().error.details).toEqual([{ path: 'querystring.limit', message: 'must be a whole number' }]);
    const badId = await ctx.app.inject({ method: 'GET', url: '/api/orgs/not-a-uuid', headers: root });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details[0].path).toBe('params.orgId');
  });

  it('answers malformed JSON with 400, an oversized body with 413 and an unknown route with 404, in the error shape', async () => {
    const malformed = await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: { ...root, 'content-type': 'application/json' }, payload: '{"name": "X",' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toEqual({ code: 'malformed_json', message: 'Тело запроса — некорректный JSON (строка 1, столбец 14)' });
    const large = await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: root, payload: { name: 'x'.repeat(5000), kind: 'other' } });
    expect(large.statusCode).toBe(413);
    expect(large.json().error.code).toBe('too_large');
    const missing = await ctx.app.inject({ method: 'GET', url: '/api/nothing-here', headers: root });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });

  it('refuses a JSON body that is not UTF-8 rather than storing «�» in place of its bytes', async () => {
    // Found by a probe: a title with the bytes FF FE was stored as "��" with 201.
    const bytes = Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xff, 0xfe]), Buffer.from('", "kind": "other"}')]);
    const post = (lang: string) => ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: { ...root, 'content-type': 'application/json', 'accept-language': lang }, payload: bytes });
    const en = await post('en');
    expect(en.statusCode).toBe(400);
    expect(en.json().error).toEqual({ code: 'malformed_json', message: 'The request body is not UTF-8 text: send JSON encoded as UTF-8' });
    expect((await post('ru')).json().error.message).toBe('Тело запроса — не текст в UTF-8: отправьте JSON в кодировке UTF-8');
    // Text in UTF-8 beyond ASCII, and a byte-order mark, are still read.
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name": "Орг ✓ 𝄞", "kind": "other"}')]);
    const created = await ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: { ...root, 'content-type': 'application/json' }, payload: text });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().name).toBe('Орг ✓ 𝄞');
  });

  it('refuses a compressed body with 415 rather than reading its bytes as plain JSON', async () => {
    // Found by a probe: `Content-Encoding: gzip` on a plain JSON body was ignored and the body parsed.
    const post = (payload: string | Buffer, coding: string, lang = 'en') =>
      ctx.app.inject({ method: 'POST', url: '/api/orgs', headers: { ...root, 'content-type': 'application/json', 'content-encoding': coding, 'accept-language': lang }, payload });
    const plain = JSON.stringify({ name: 'Сжатая', kind: 'other' });
    for (const [payload, coding] of [
      [plain, 'gzip'],
      [gzipSync(plain), 'gzip'],
      [plain, 'br'],
      [plain, 'identity, gzip'],
    ] as const) {
      const response = await post(payload, coding);
      expect(response.statusCode, coding).toBe(415);
      expect(response.headers['accept-encoding']).toBe('identity');
      expect(response.json().error).toEqual({ code: 'unsupported_media_type', message: 'The request body is compressed (Content-Encoding): send it uncompressed' });
    }
    expect((await post(plain, 'gzip', 'ru')).json().error.message).toBe('Тело запроса сжато (Content-Encoding): отправьте его без сжатия');
    const identity = await post(plain, 'identity');
    expect(identity.statusCode, identity.body).toBe(201);
    // A request without a body has nothing compressed.
    const read = await ctx.app.inject({ method: 'GET', url: '/api/orgs', headers: { ...root, 'content-encoding': 'gzip' } });
    expect(read.statusCode).toBe(200);
  });

  it('names where a JSON body fails: the line and column of a syntax error, the place of a key that could reach a prototype', async () => {
    const post = (payload: string, lang = 'ru') =>
      ctx.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/items/bulk`, headers: { ...root, 'content-type': 'application/json', 'accept-language': lang }, payload });
    const syntax = await post('{\n  "items": [\n    {"kind": "post",, "title": "x"}\n  ]\n}', 'en');
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().error).toEqual({ code: 'malformed_json', message: 'The request body is not valid JSON (line 3, column 21)' });
    const cases: Array<[string, string]> = [
      ['{"items": [], "__proto__": {"isAdmin": true}}', 'body.__proto__'],
      ['{"items": [{"kind": "post", "title": "x", "at": "2026-11-20"}, {"kind": "post", "__proto__": {}}]}', 'body.items[1].__proto__'],
      ['{"items": [{"title": {"constructor": {"prototype": {"polluted": 1}}}}]}', 'body.items[0].title.constructor.prototype'],
    ];
    for (const [payload, path] of cases) {
      const refused = await post(payload);
      expect(refused.statusCode, payload).toBe(400);
      expect(refused.json().error).toEqual({ code: 'validation', message: expect.any(String), details: [{ path, message: expect.stringMatching(/^поле «(__proto__|prototype)» не принимается/) }] });
    }
    // A `constructor` key without a `prototype` is no danger: read, and judged by the schema like any other key.
    const plain = await post('{"items": [], "constructor": {}}');
    expect(plain.statusCode).toBe(400);
    expect(plain.json().error.details).toContainEqual({ path: 'body.constructor', message: 'неизвестное поле' });
    // Past a byte-order mark, which the secure parser skips, the key is named all the same.
    expect((await post('\uFEFF{"items": [], "__proto__": {}}')).json().error.details).toEqual([{ path: 'body.__proto__', message: expect.any(String) }]);
    // Nested, as deep as this app's body limit allows (deeper: src/plugins/json-body.test.ts).
    const deep = await post(`{"items": ${'['.repeat(1_000)}{"__proto__": 1}${']'.repeat(1_000)}}`);
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error.details[0].path).toMatch(/^body\.items(\[0\]){1000}\.__proto__$/);
  });

  it('never answers 500 to garbage', async () => {
    const garbage: unknown[] = [null, [], 'text', 42, true, { name: null }, { name: {}, kind: [] }, { __proto__: { admin: true } }, { figures: { 'Bad Key': -1 } }, { members: -1 }];
    const bodies = [...garbage.map((g) => JSON.stringify(g)), '\u0000\u0001', '{"a":1}{"b":2}', '[[[[[[[[[[', '{"constructor":{"prototype":{}}}'];
    const targets = [
      ['POST', '/api/orgs'],
      ['PATCH', `/api/orgs/${orgId}`],
      ['POST', `/api/orgs/${orgId}/members`],
      ['POST', '/api/auth/login'],
      ['POST', '/api/auth/tokens'],
      ['POST', '/api/users'],
    ] as const;
    for (const [method, url] of targets) {
      for (const payload of bodies) {
        for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
          const response = await ctx.app.inject({ method, url, headers: { ...root, 'content-type': type, 'if-match': '1' }, payload });
          // Some garbage may be valid; none may break the server.
          expect(response.statusCode, `${method} ${url} ${type} ${payload}`).toBeLessThan(500);
          if (response.statusCode >= 400) expect(response.json().error.code).toEqual(expect.any(String));
        }
      }
    }
    const weirdUrls = ['/api/orgs/%E0%A4%A', `/api/orgs/${orgId}/audit?limit[]=1&limit[]=2`, `/api/orgs/${orgId}/audit?from=2026-13-45`, '/api/orgs/%00'];
    for (const url of weirdUrls) {
      const response = await ctx.app.inject({ method: 'GET', url, headers: root });
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, url).toBeLessThan(500);
    }
  });

  it('sends security headers with a CSP the admin works under, and no CORS', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://evil.example' } });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('publishes OpenAPI 3 with every tagged route, and Swagger UI at /api/docs under its own CSP', async () => {
    const doc = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/orgs', '/api/orgs/{orgId}', '/api/orgs/{orgId}/members', '/api/orgs/{orgId}/members/{userId}', '/api/orgs/{orgId}/audit', '/api/users', '/api/auth/login', '/api/auth/tokens']),
    );
    expect(spec.paths['/api/orgs'].post.requestBody).toBeDefined();
    const docs = await ctx.app.inject({ method: 'GET', url: '/api/docs' });
    const page = docs.statusCode === 302 ? await ctx.app.inject({ method: 'GET', url: docs.headers.location as string }) : docs;
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
    expect(String(page.headers['content-security-policy'])).toContain("style-src 'self' 'unsafe-inline'");
    const script = await ctx.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(script.statusCode).toBe(200);
  });
});
