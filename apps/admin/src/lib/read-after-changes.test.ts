import { describe, expect, it } from 'vitest';
import { readAfterChanges } from './read-after-changes.js';

describe('a list read while changes are made', () => {
  it('is read once when nothing changed meanwhile', async () => {
    let reads = 0;
    expect(await readAfterChanges(async () => ++reads, () => 0)).toBe(1);
    expect(reads).toBe(1);
  });

  it('is read again after a change made during the read, until one read saw none', async () => {
    let changes = 0;
    let reads = 0;
    const answer = await readAfterChanges(async () => {
      reads++;
      if (reads === 1) changes++;
      return reads;
    }, () => changes);
    expect([answer, reads]).toEqual([2, 2]);
  });

  it('stops after its tries however often things change', async () => {
    let changes = 0;
    let reads = 0;
    const answer = await readAfterChanges(async () => {
      changes++;
      return ++reads;
    }, () => changes);
    expect([answer, reads]).toEqual([3, 3]);
  });
});
