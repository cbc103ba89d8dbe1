import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintSecret, openSecret, parseSecretKey, sealSecret } from './secrets.js';

const key = randomBytes(32);

describe('parseSecretKey', () => {
  it('reads 32 bytes as hex, base64 and URL-safe base64', () => {
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretKey(key.toString('hex').toUpperCase())).toEqual(key);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey(` ${key.toString('base64url')}\n`)).toEqual(key);
  });

  it('refuses what is not 32 bytes, naming the variable and never echoing the value', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => parseSecretKey(short)).toThrow(/RITM_SECRET_KEY must be 32 bytes, it decodes to 16/);
    expect(() => parseSecretKey('')).toThrow(/RITM_SECRET_KEY is empty/);
    expect(() => parseSecretKey('not a key at all!')).toThrow(/RITM_SECRET_KEY is neither base64 nor hex/);
    // 64 characters of base64 that are not hex: 48 bytes, too long.
    expect(() => parseSecretKey('z'.repeat(64))).toThrow(/decodes to 48/);
    try {
      parseSecretKey(short);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });
});

describe('sealSecret / openSecret', () => {
  it('gives back what was sealed, and two seals of one token differ', () => {
    const token = 'vk1.a.Токен-с-юникодом_0123456789';
    const a = sealSecret(token, key);
    const b = sealSecret(token, key);
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(token);
    expect(openSecret(a, key)).toBe(token);
    expect(openSecret(b, key)).toBe(token);
    expect(openSecret(sealSecret('', key), key)).toBe('');
  });

  it('refuses a changed byte, another key, a cut text and an unknown version', () => {
    const sealed = sealSecret('123456:ABC-DEF', key);
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    for (const at of [0, 12, 28, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at]! ^= 1;
      expect(() => openSecret(`v1:${changed.toString('base64url')}`, key), `byte ${at}`).toThrow(/cannot be opened/);
    }
    expect(() => openSecret(sealed, randomBytes(32))).toThrow(/sealed under another RITM_SECRET_KEY/);
    expect(() => openSecret(`v1:${bytes.subarray(0, 20).toString('base64url')}`, key)).toThrow(/cut short/);
    expect(() => openSecret(`v2:${sealed.slice(3)}`, key)).toThrow(/unknown version/);
    expect(() => sealSecret('x', randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('fingerprintSecret', () => {
  it('is equal for equal tokens under one key, and tells nothing without the key', () => {
    const key = randomBytes(32);
    expect(fingerprintSecret('123456:bot-token', key)).toBe(fingerprintSecret('123456:bot-token', key));
    expect(fingerprintSecret('123456:bot-token', key)).not.toBe(fingerprintSecret('123456:bot-token2', key));
    expect(fingerprintSecret('123456:bot-token', key)).not.toBe(fingerprintSecret('123456:bot-token', randomBytes(32)));
    expect(fingerprintSecret('123456:bot-token', key)).toMatch(/^[0-9a-f]{64}$/);
  });
});
