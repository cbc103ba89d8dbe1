import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { message, render, type Message } from '../http/messages.js';

// Tokens of VK and Telegram bot sources are kept sealed at rest (AES-256-GCM under
// RITM_SECRET_KEY): a copy of the database alone does not let anyone read a community's wall or
// a channel's updates. Sealing is authenticated, so a changed byte is refused, never decrypted
// into another token.

const KEY_BYTES = 32;
/** GCM's recommended nonce size (NIST SP 800-38D §8.2); random per seal, never reused under one key. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
/**
 * What a sealed text starts with: the scheme (AES-256-GCM, `iv ‖ tag ‖ ciphertext` in base64url).
 * A later key or algorithm gets `v2:`, and `openSecret` can still tell the old texts apart.
 */
const VERSION = 'v1:';

/** Why RITM_SECRET_KEY cannot be read, in the catalogue's words (`config.secret*`). */
export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
  readonly said: Message;
  constructor(
    readonly fault: 'empty' | 'encoding' | 'length',
    /** What a base64 key decoded to, when that is the fault. */
    decodedBytes = 0,
  ) {
    const said =
      fault === 'empty' ? message('config.secretEmpty') : fault === 'encoding' ? message('config.secretEncoding') : message('config.secretLength', { bytes: KEY_BYTES, got: decodedBytes });
    super(`RITM_SECRET_KEY ${render(said, 'en')}`);
    this.said = said;
  }
}

/**
 * Reads RITM_SECRET_KEY: 32 bytes written as 64 hexadecimal digits or as base64 (standard or
 * URL-safe, padded or not), e.g. the output of `openssl rand -base64 32`. Throws a
 * {@link SecretKeyError} that names the variable and says what is wrong; the key itself is never echoed.
 *
 * @example parseSecretKey('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef').length // 32
 */
export function parseSecretKey(text: string): Buffer {
  const value = text.trim();
  if (value === '') throw new SecretKeyError('empty');
  if (/^[0-9a-fA-F]+$/.test(value) && value.length === KEY_BYTES * 2) return Buffer.from(value, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) throw new SecretKeyError('encoding');
  const key = Buffer.from(value.replace(/=+$/, '').replaceAll('-', '+').replaceAll('_', '/'), 'base64');
  if (key.length !== KEY_BYTES) throw new SecretKeyError('length', key.length);
  return key;
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new Error(`a secret key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

/**
 * Seals a secret (a token) for storage: `v1:` and base64url of a fresh random IV, the GCM tag and
 * the ciphertext. Two seals of one text differ.
 */
export function sealSecret(plain: string, key: Buffer): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

/**
 * Opens what {@link sealSecret} sealed. Throws when the text is of an unknown version, cut short,
 * changed, or sealed under another key (GCM cannot tell the last two apart).
 */
export function openSecret(sealed: string, key: Buffer): string {
  checkKey(key);
  if (!sealed.startsWith(VERSION)) throw new Error('the sealed secret is of an unknown version (expected v1:)');
  const bytes = Buffer.from(sealed.slice(VERSION.length), 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('the sealed secret is cut short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('the sealed secret cannot be opened: it was changed, or sealed under another RITM_SECRET_KEY');
  }
}

/**
 * A fingerprint of a secret under the key (HMAC-SHA256, hex): equal for equal secrets, so two
 * sources holding one token can be told apart without opening either, and useless without the key.
 */
export function fingerprintSecret(plain: string, key: Buffer): string {
  return createHmac('sha256', key).update('ritm-token-fingerprint\u0000').update(plain, 'utf8').digest('hex');
}
