import { describe, expect, it } from 'vitest';
import { StampedMemo } from './stamped-memo.js';

describe('StampedMemo', () => {
  it('gives a value back only under the stamp it was kept with', () => {
    const memo = new StampedMemo<string>(10);
    memo.set('november', '3:0', 'list');
    expect(memo.get('november', '3:0')).toBe('list');
    expect(memo.get('november', '4:0')).toBeUndefined();
    expect(memo.get('december', '3:0')).toBeUndefined();
    expect([memo.hits, memo.misses]).toEqual([1, 2]);
  });

  it('lets the least recently used values go beyond its capacity, one each by default', () => {
    const memo = new StampedMemo<string>(2);
    memo.set('a', 's', 'a');
    memo.set('b', 's', 'b');
    memo.get('a', 's');
    memo.set('c', 's', 'c');
    expect(memo.size).toBe(2);
    expect(memo.get('b', 's')).toBeUndefined();
    expect(memo.get('a', 's')).toBe('a');
    expect(memo.get('c', 's')).toBe('c');
  });

  it('counts sizes when told how, and keeps nothing larger than its capacity', () => {
    const memo = new StampedMemo<Buffer>(100, (body) => body.length);
    memo.set('a', '1', Buffer.alloc(40));
    memo.set('b', '1', Buffer.alloc(40));
    memo.get('a', '1');
    memo.set('c', '1', Buffer.alloc(40));
    expect(memo.size).toBe(80);
    expect(memo.get('b', '1')).toBeUndefined();
    memo.set('a', '2', Buffer.alloc(30));
    expect(memo.size).toBe(70);
    memo.set('huge', '1', Buffer.alloc(101));
    expect(memo.get('huge', '1')).toBeUndefined();
    expect(memo.size).toBe(70);
    memo.clear();
    expect([memo.size, memo.get('a', '2')]).toEqual([0, undefined]);
  });
});
