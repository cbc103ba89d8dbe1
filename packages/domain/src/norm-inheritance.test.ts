import { describe, expect, it } from 'vitest';
import { inheritNorms, type NormSetting } from './norm-inheritance.js';

interface Row extends NormSetting {
  org: string;
}
const row = (org: string, key: string, enabled = true): Row => ({ org, key, enabled });

describe('norm inheritance', () => {
  const settings = new Map<string, Row[]>([
    ['region', [row('region', 'posts'), row('region', 'events'), row('region', 'site')]],
    ['centre', [row('centre', 'events', false), row('centre', 'own')]],
    ['other', [row('other', 'posts', false)]],
  ]);

  it('passes a norm set above down to the whole subtree', () => {
    const inherited = inheritNorms(['region', 'centre'], settings);
    expect(inherited.get('posts')).toEqual({ setting: row('region', 'posts'), overrides: false });
  });

  it('lets the nearest organisation override a norm, switching it off too', () => {
    const inherited = inheritNorms(['region', 'centre'], settings);
    expect(inherited.get('events')).toEqual({ setting: row('centre', 'events', false), overrides: true });
    expect(inherited.get('own')).toEqual({ setting: row('centre', 'own'), overrides: false });
  });

  it('keeps the order in which keys first appear from the top', () => {
    expect([...inheritNorms(['region', 'centre'], settings).keys()]).toEqual(['posts', 'events', 'site', 'own']);
  });

  it('reads only the lineage', () => {
    expect(inheritNorms(['region'], settings).get('posts')?.setting.org).toBe('region');
    expect(inheritNorms([], settings).size).toBe(0);
  });
});
