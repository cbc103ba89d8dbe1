import { parseArgs } from 'node:util';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password.js';
import { invocationDir, loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { findUserByEmail, insertUser } from '../repositories/users.js';
import { UsageError } from './usage.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createUserCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.email || !EMAIL.test(values.email)) throw new UsageError('--email: an e-mail address is required');
  if (!values.password || values.password.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`--password: at least ${MIN_PASSWORD_LENGTH} characters are required`);
  }
  const config = loadConfig(process.env, invocationDir());
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    if (await findUserByEmail(database.db, values.email)) {
      process.stderr.write(`ritm: a user with e-mail ${values.email} already exists\n`);
      return 1;
    }
    const passwordHash = await hashPassword(values.password);
    const created = await database.db.transaction().execute((trx) =>
      insertUser(trx, { email: values.email!, name: values.name ?? '', passwordHash, isAdmin: values.admin ?? false }),
    );
    process.stdout.write(`created user ${created.email} (${created.id})${created.isAdmin ? ' as administrator' : ''}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
