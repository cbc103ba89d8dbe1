import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.js';
import { freePort } from '../../test/pg-cluster.js';
import { openDatabase } from './connection.js';
import { isDatabaseUnavailable } from './unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['a broken pipe', withCode('EPIPE')],
    ['a timed-out connection', withCode('ETIMEDOUT')],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    ['pg: a client not queryable any more', new Error('Client has encountered a connection error and is not queryable')],
    ['pg-pool: the connect timeout', new Error('timeout exceeded when trying to connect')],
    ['08006 connection_failure', withCode('08006')],
    ['08P01 protocol_violation', withCode('08P01')],
    ['57P01 admin_shutdown', withCode('57P01')],
    ['57P02 crash_shutdown', withCode('57P02')],
    ['57P03 cannot_connect_now', withCode('57P03')],
    ['53300 too_many_connections', withCode('53300')],
    ['every address refused (AggregateError)', Object.assign(new AggregateError([withCode('ECONNREFUSED')]), {})],
    ['a wrapped refusal', new Error('migration failed', { cause: withCode('ECONNREFUSED') })],
  ])('holds for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a serialization failure (busy, not unavailable)', withCode('40001')],
    ['a syntax error', withCode('42601')],
    ['a query cancelled', withCode('57014')],
    ['a plain error', new Error('boom')],
    ['not an error', 'ECONNREFUSED'],
  ])('does not hold for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('the API on a PostgreSQL server that is not there', () => {
  it('answers every request 503 unavailable with Retry-After, in the caller language, and health 503', async () => {
    const database = await openDatabase({ databaseUrl: `postgres://ritm@127.0.0.1:${await freePort()}/ritm` });
    const app = await buildTestApp(database);
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.test', password: 'whatever long' } });
      expect(login.statusCode).toBe(503);
      expect(login.headers['retry-after']).toBe('5');
      expect(login.json().error).toEqual({ code: 'unavailable', message: expect.stringContaining('База данных временно недоступна') });
      const me = await app.inject({ method: 'GET', url: '/api/orgs', headers: { cookie: 'ritm_session=abc', 'accept-language': 'en' } });
      expect(me.statusCode).toBe(503);
      expect(me.json().error).toEqual({ code: 'unavailable', message: expect.stringContaining('The database is unavailable') });
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(503);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
