import { describe, expect, it } from 'vitest';
import { CacheBudget, jsonLength, StampedMemo } from './stamped-memo.js';

// Keys and stamps of one character each: a value's size is its own plus 2.
const body = (bytes: number) => Buffer.alloc(bytes - 2);
const bodyLength = (value: Buffer) => value.length;

describe('StampedMemo', () => {
  it('gives a value back only under the stamp it was kept with', () => {
    const memo = new StampedMemo<string>(100, (value) => value.length);
    memo.set('november', '3:0', 'list');
    expect(memo.get('november', '3:0')).toBe('list');
    expect(memo.get('november', '4:0')).toBeUndefined();
    expect(memo.get('december', '3:0')).toBeUndefined();
    expect([memo.hits, memo.misses]).toEqual([1, 2]);
  });

  it('lets the least recently used values go once their bytes pass the budget', () => {
    const memo = new StampedMemo<Buffer>(100, bodyLength);
    memo.set('a', 's', body(40));
    memo.set('b', 's', body(40));
    memo.get('a', 's');
    memo.set('c', 's', body(40));
    expect(memo.bytes).toBe(80);
    expect(memo.get('b', 's')).toBeUndefined();
    expect(memo.get('a', 's')?.length).toBe(38);
    expect(memo.get('c', 's')?.length).toBe(38);
  });

  it('counts a value with its key and stamp, and keeps nothing larger than the budget', () => {
    const memo = new StampedMemo<Buffer>(100, bodyLength);
    memo.set('a', '1', body(40));
    memo.set('a', '2', body(30));
    expect(memo.bytes).toBe(30);
    memo.set('key', 'a long stamp', Buffer.alloc(10));
    expect(memo.bytes).toBe(30 + 10 + 3 + 12);
    memo.set('huge', '1', body(101));
    expect(memo.get('huge', '1')).toBeUndefined();
    expect(memo.bytes).toBe(55);
    memo.clear();
    expect([memo.bytes, memo.get('a', '2')]).toEqual([0, undefined]);
  });

  it('measures values of JSON by the length of their text', () => {
    const memo = new StampedMemo<object>(1000, jsonLength);
    memo.set('k', 's', { counts: { met: 3 } });
    expect(memo.bytes).toBe(JSON.stringify({ counts: { met: 3 } }).length + 2);
  });
});

describe('CacheBudget', () => {
  it('is shared by its memos: the oldest value of any memo goes first, and no memo sees another one’s keys', () => {
    const budget = new CacheBudget(100);
    const summaries = new StampedMemo<Buffer>(budget, bodyLength);
    const lists = new StampedMemo<Buffer>(budget, bodyLength);
    summaries.set('k', 's', body(30));
    lists.set('k', 's', body(30));
    expect(summaries.get('k', 's')?.length).toBe(28);
    lists.set('l', 's', body(50));
    // 110 bytes: the list under `k`, least recently used, goes; the summary read since stays.
    expect([budget.bytes, summaries.bytes, lists.bytes]).toEqual([80, 30, 50]);
    expect(lists.get('k', 's')).toBeUndefined();
    expect(summaries.get('k', 's')).toBeDefined();
    summaries.clear();
    expect([budget.bytes, lists.get('l', 's')?.length]).toEqual([50, 48]);
  });

  it('keeps nothing with a budget of 0 bytes', () => {
    const memo = new StampedMemo<Buffer>(new CacheBudget(0), bodyLength);
    memo.set('k', 's', body(2));
    expect(memo.get('k', 's')).toBeUndefined();
  });
});
