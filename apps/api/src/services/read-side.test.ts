import { describe, expect, it } from 'vitest';
import { notFound } from '../http/errors.js';
import { replicaGaveUp } from './read-side.js';

// What a read on the replica is read again on the primary for (services/read-side.ts
// `onReadSide`; the real replica's lost connections are in test/replica.test.ts).
describe('a read the replica gave up', () => {
  it('is one whose connection was lost or refused, or that a hot standby cancelled for its recovery', () => {
    for (const error of [
      pgError('ECONNRESET'),
      pgError('57P01', 'terminating connection due to administrator command'),
      new Error('Connection terminated unexpectedly'),
      pgError('40001', 'canceling statement due to conflict with recovery'),
      pgError('40P01', 'canceling statement due to conflict with recovery'),
      new Error('wrapped', { cause: pgError('08006') }),
    ]) {
      expect(replicaGaveUp(error), String(error)).toBe(true);
    }
  });

  it('is not one that failed for what it asked, or for an organisation that is not there', () => {
    for (const error of [pgError('23505'), pgError('22P02'), pgError('42P01'), notFound('organisation'), new Error('boom'), undefined, 'text']) {
      expect(replicaGaveUp(error), String(error)).toBe(false);
    }
  });
});

function pgError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}
