import { describe, expect, it } from 'vitest';
import { isUuid } from './uuid.js';

describe('isUuid', () => {
  it('takes the canonical form in either case', () => {
    expect(isUuid('3f0c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b')).toBe(true);
    expect(isUuid('3F0C1A2B-4D5E-4F60-8A7B-9C0D1E2F3A4B')).toBe(true);
  });

  it('refuses anything else: other groupings, braces, a missing or extra digit, other letters, text around it', () => {
    for (const text of ['', '3f0c1a2b4d5e4f608a7b9c0d1e2f3a4b', '{3f0c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b}', '3f0c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4', '3f0c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4bb', '3g0c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b', ' 3f0c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b', '3f0c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b\n']) {
      expect(isUuid(text), JSON.stringify(text)).toBe(false);
    }
  });
});
