import { randomUUID } from 'node:crypto';
import type { Role } from '@ritm/domain/access';
import type { KnownOrganisationKind } from '@ritm/domain/organisation';
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

export interface TestOrgOptions {
  name?: string;
  kind?: KnownOrganisationKind;
  parentId?: string;
  timezone?: string;
  members?: number;
}

/** Inserts an organisation directly (materialised path and depth as the migration wants them). */
export async function createOrg(database: Database, options: TestOrgOptions = {}): Promise<{ id: string; path: string }> {
  const { db } = database;
  const id = randomUUID();
  const parent = options.parentId
    ? await db.selectFrom('organisations').select(['path', 'depth']).where('id', '=', options.parentId).executeTakeFirstOrThrow()
    : undefined;
  const path = `${parent?.path ?? '/'}${id}/`;
  await db
    .insertInto('organisations')
    .values({
      id,
      parent_id: options.parentId ?? null,
      path,
      depth: parent ? parent.depth + 1 : 0,
      kind: options.kind ?? 'employment_center',
      name: options.name ?? `Организация ${id.slice(0, 8)}`,
      timezone: options.timezone ?? 'Europe/Moscow',
      members: options.members ?? null,
      figures: '{}',
    })
    .execute();
  return { id, path };
}

export async function addMember(database: Database, userId: string, orgId: string, role: Role): Promise<void> {
  await database.db.insertInto('memberships').values({ user_id: userId, org_id: orgId, role }).execute();
}

/** How many answers came back with each status code, as the throttling tests report them. */
export function countStatuses(statusCodes: number[]): Record<number, number> {
  return statusCodes.reduce<Record<number, number>>((counts, code) => ({ ...counts, [code]: (counts[code] ?? 0) + 1 }), {});
}
