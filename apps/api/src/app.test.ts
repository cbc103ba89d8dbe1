import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from './app.js';
import type { Database } from './db/connection.js';
import { buildTestApp } from '../test/app.js';
import { testDatabases } from '../test/databases.js';

const [pglite] = testDatabases();

describe('the built admin served at /', () => {
  let database: Database;
  let app: App;
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-admin-dist-'));
  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html lang="ru"><title>Ритм</title><div id="app"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'main.js'), 'console.log("ritm")');
    database = await pglite!.open();
    app = await buildTestApp(database, { adminDist: dist });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('answers / and its assets without a session', async () => {
    const index = await app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.body).toContain('<div id="app">');
    const asset = await app.inject({ method: 'GET', url: '/assets/main.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toContain('ritm');
  });

  it('answers a deep link into the admin with its page, so a reload works', async () => {
    const response = await app.inject({ method: 'GET', url: '/calendar?view=month' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<div id="app">');
  });

  it('still guards the API and answers unknown API paths in the API shape', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/orgs' })).statusCode).toBe(401);
    // An unknown API path says nothing to a stranger, not even that it is unknown.
    const unknown = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('unauthorized');
  });
});
