import { describe, expect, it } from 'vitest';
import { daysAgo } from './relative-time.js';

describe('how long ago, in words', () => {
  it('uses each language’s plural forms, and the words for today and yesterday', () => {
    expect([1, 2, 5, 21, 0].map((d) => daysAgo(d, 'ru'))).toEqual(['вчера', 'позавчера', '5 дней назад', '21 день назад', 'сегодня']);
    expect([1, 2, 0].map((d) => daysAgo(d, 'en'))).toEqual(['yesterday', '2 days ago', 'today']);
    expect([3, 22].map((d) => daysAgo(d, 'ru'))).toEqual(['3 дня назад', '22 дня назад']);
  });
});
