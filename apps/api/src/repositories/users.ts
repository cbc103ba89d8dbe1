import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Role } from '@ritm/domain/access';

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  locale: 'ru' | 'en';
  version: number;
}

export interface UserWithHash extends User {
  passwordHash: string;
  disabled: boolean;
  mustChangePassword: boolean;
}

const columns = ['id', 'email', 'name', 'is_admin', 'locale', 'version', 'password_hash', 'disabled_at', 'must_change_password'] as const;

function toUser(row: {
  id: string;
  email: string;
  name: string;
  is_admin: boolean;
  locale: 'ru' | 'en';
  version: number;
  password_hash: string;
  disabled_at: Date | null;
  must_change_password: boolean;
}): UserWithHash {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.is_admin,
    locale: row.locale,
    version: row.version,
    passwordHash: row.password_hash,
    disabled: row.disabled_at !== null,
    mustChangePassword: row.must_change_password,
  };
}

export async function findUserByEmail(db: Kysely<DB>, email: string): Promise<UserWithHash | undefined> {
  const row = await db
    .selectFrom('users')
    .select(columns)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row && toUser(row);
}

export async function findUserById(db: Kysely<DB>, id: string): Promise<UserWithHash | undefined> {
  const row = await db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

export interface NewUser {
  email: string;
  name?: string;
  passwordHash: string;
  isAdmin?: boolean;
  locale?: 'ru' | 'en';
  /** The password is a temporary one an administrator was shown. */
  mustChangePassword?: boolean;
}

export async function insertUser(trx: Transaction<DB>, user: NewUser): Promise<UserWithHash> {
  const row = await trx
    .insertInto('users')
    .values({
      email: user.email,
      name: user.name ?? '',
      password_hash: user.passwordHash,
      is_admin: user.isAdmin ?? false,
      locale: user.locale ?? 'ru',
      must_change_password: user.mustChangePassword ?? false,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toUser(row);
}

/** What a user sees of themselves: who they are and the organisations they are members of, in tree order. */
export interface UserProfile {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  locale: 'ru' | 'en';
  memberships: Array<{ orgId: string; orgName: string; role: Role }>;
  mustChangePassword: boolean;
}

export async function findUserProfile(db: Kysely<DB>, userId: string): Promise<UserProfile | undefined> {
  const user = await db.selectFrom('users').select(['id', 'email', 'name', 'is_admin', 'locale', 'must_change_password']).where('id', '=', userId).executeTakeFirst();
  if (!user) return undefined;
  const memberships = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select(['m.org_id', 'o.name', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('o.path')
    .execute();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.is_admin,
    locale: user.locale,
    memberships: memberships.map((m) => ({ orgId: m.org_id, orgName: m.name, role: m.role })),
    mustChangePassword: user.must_change_password,
  };
}
