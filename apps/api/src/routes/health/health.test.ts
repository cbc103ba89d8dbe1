import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.js';
import type { Database } from '../../db/connection.js';
import { testDatabases } from '../../../test/databases.js';
import { buildTestApp } from '../../../test/app.js';

describe.each(testDatabases())('GET /api/health on $name', ({ name, open }) => {
  let database: Database;
  let app: App;
  beforeAll(async () => {
    database = await open();
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('answers 200 with the database reachable', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: { kind: name, reachable: true } });
  });

  it('answers 503 when the database does not answer', async () => {
    const failing = { ...database, ping: () => Promise.reject(new Error('connection refused')) };
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
