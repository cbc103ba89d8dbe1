import { describe, expect, it } from 'vitest';
import type { Database } from './connection.js';
import { waitForDatabase } from './wait.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

function database(ping: () => Promise<void>): Database {
  return { ping, kind: 'postgres', location: 'test' } as unknown as Database;
}

describe('waitForDatabase', () => {
  it('asks again, with growing delays, until the server answers', async () => {
    let calls = 0;
    const delays: number[] = [];
    const ping = async () => {
      if (++calls < 4) throw refused();
    };
    await waitForDatabase(database(ping), {
      seconds: 10,
      firstDelayMs: 5,
      onRetry: (_attempt, _error, delay) => delays.push(delay),
    });
    expect(calls).toBe(4);
    expect(delays).toEqual([5, 10, 20]);
  });

  it('gives up with the last error once its time is up', async () => {
    const retries: number[] = [];
    const started = Date.now();
    await expect(waitForDatabase(database(() => Promise.reject(refused())), { seconds: 0.2, firstDelayMs: 20, onRetry: (attempt) => retries.push(attempt) })).rejects.toThrow(
      /ECONNREFUSED/,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(retries.length).toBeGreaterThan(1);
  });

  it('does not wait out an error that waiting cannot mend (a wrong password)', async () => {
    const wrongPassword = Object.assign(new Error('password authentication failed'), { code: '28P01' });
    const retries: number[] = [];
    await expect(waitForDatabase(database(() => Promise.reject(wrongPassword)), { seconds: 10, onRetry: (attempt) => retries.push(attempt) })).rejects.toBe(wrongPassword);
    expect(retries).toEqual([]);
  });
});
