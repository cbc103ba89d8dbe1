import { describe, expect, it } from 'vitest';
import { feedWindow } from './calendar-feed.js';

describe('feedWindow', () => {
  it('reaches three months back and twelve ahead', () => {
    expect(feedWindow('2026-11-30')).toEqual({ from: '2026-08-30', to: '2027-11-30' });
  });

  it('clamps to the last day of a shorter month', () => {
    expect(feedWindow('2026-05-31')).toEqual({ from: '2026-02-28', to: '2027-05-31' });
    expect(feedWindow('2027-02-28').from).toBe('2026-11-28');
  });

  it('crosses the year backwards', () => {
    expect(feedWindow('2027-01-15')).toEqual({ from: '2026-10-15', to: '2028-01-15' });
  });
});
