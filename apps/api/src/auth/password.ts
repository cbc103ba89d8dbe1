import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** A hash of a random password, verified against when the account does not exist so that
 * timing does not reveal which e-mail addresses have accounts. Made on first use. */
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword(`dummy-${crypto.randomUUID()}`));
}

// No 0/O, 1/l/I: an administrator reads it out or copies it; 14 of 57 characters are about 80 bits.
const TEMPORARY_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const TEMPORARY_LENGTH = 14;

/** A random one-time password an administrator hands over; the user replaces it at first sign-in. */
export function temporaryPassword(): string {
  const bytes = new Uint32Array(TEMPORARY_LENGTH);
  crypto.getRandomValues(bytes);
  // 2^32 is not a multiple of 57: the bias is under 2^-25 per character, far below what matters here.
  return Array.from(bytes, (value) => TEMPORARY_ALPHABET[value % TEMPORARY_ALPHABET.length]).join('');
}
