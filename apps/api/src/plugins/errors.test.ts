import Fastify, { type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import errorsPlugin, { preferredLanguage } from './errors.js';

describe('error answers', () => {
  const app = Fastify();
  beforeAll(async () => {
    await app.register(errorsPlugin);
    app.get('/pg/:code', async (request) => {
      throw Object.assign(new Error('deadlock detected: Process 123 waits for ShareLock on transaction 456'), { code: (request.params as { code: string }).code });
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers a transaction that gave way to a concurrent one with 503 and Retry-After, in the caller language, leaking nothing', async () => {
    for (const code of ['40P01', '40001', '55P03']) {
      const response = await app.inject({ method: 'GET', url: `/pg/${code}`, headers: { 'accept-language': 'en' } });
      expect(response.statusCode, code).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.json()).toEqual({ error: { code: 'busy', message: 'The request ran into concurrent changes and changed nothing; send it again' } });
    }
    const russian = await app.inject({ method: 'GET', url: '/pg/40P01' });
    expect(russian.json().error.message).toContain('повторите');
  });

  it('still answers any other database error with a bare 500', async () => {
    const response = await app.inject({ method: 'GET', url: '/pg/23505' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('deadlock');
    expect(response.json()).toEqual({ error: { code: 'internal', message: expect.any(String) } });
  });
});

describe('preferredLanguage (Accept-Language)', () => {
  it.each([
    [undefined, 'ru'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7', 'ru'],
    ['de, en;q=0.5, ru;q=0.4', 'en'],
    ['ru;q=0.5, en;q=0.9', 'en'],
    // Refused, or weighted with what is not a weight: never chosen.
    ['de, en;q=0', 'ru'],
    ['en;q=., ru;q=0.1', 'ru'],
    ['fr', 'ru'],
  ])('%j: %s', (header, expected) => {
    expect(preferredLanguage({ headers: { 'accept-language': header } } as unknown as FastifyRequest)).toBe(expected);
  });
});
