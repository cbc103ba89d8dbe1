import type { App } from '../src/app.js';
import { hashPassword } from '../src/auth/password.js';
import type { Database } from '../src/db/connection.js';
import { insertUser, type UserWithHash } from '../src/repositories/users.js';

export const TEST_PASSWORD = 'correct horse battery';

// One hash for all test users: argon2id is slow on purpose, and tests make many users.
let passwordHash: Promise<string> | undefined;

export async function createUser(
  database: Database,
  email: string,
  options: { isAdmin?: boolean; name?: string } = {},
): Promise<UserWithHash> {
  const hash = await (passwordHash ??= hashPassword(TEST_PASSWORD));
  return database.db
    .transaction()
    .execute((trx) => insertUser(trx, { email, passwordHash: hash, isAdmin: options.isAdmin ?? false, name: options.name ?? '' }));
}

/** Signs in and returns the headers a browser would send afterwards (cookie, same origin). */
export async function login(app: App, email: string, password = TEST_PASSWORD): Promise<Record<string, string>> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login of ${email} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'ritm_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `ritm_session=${cookie.value}` };
}
