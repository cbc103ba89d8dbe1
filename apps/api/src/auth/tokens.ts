import { createHash, randomBytes } from 'node:crypto';

/** A new secret for a session or an API token: 256 random bits, URL-safe. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Only hashes are stored, so a leaked database does not leak usable sessions or tokens. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
