import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/databases.js';
import { buildTestApp, useTestApp } from '../../../test/app.js';

describe.each(testDatabases())('GET /api/health on $name', ({ name, open }) => {
  const ctx = useTestApp(open);

  it('answers 200 with the database reachable', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: { kind: name, reachable: true } });
  });

  it('answers 503 when the database does not answer', async () => {
    const failing = { ...ctx.database, ping: () => Promise.reject(new Error('connection refused')) };
    const broken = await buildTestApp(failing);
    try {
      const response = await broken.inject({ method: 'GET', url: '/api/health' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'unavailable', database: { kind: name, reachable: false } });
    } finally {
      await broken.close();
    }
  });
});
