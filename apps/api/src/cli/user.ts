import { parseArgs } from 'node:util';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password.js';
import { invocationDir, loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { findUserByEmail, insertUser } from '../repositories/users.js';
import { message, render } from '../http/messages.js';
import { cliLanguage, UsageError } from './usage.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createUserCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'boolean', default: false },
      lang: { type: 'string' },
    },
    strict: true,
  });
  const lang = cliLanguage(values.lang, process.env);
  if (!values.email || !EMAIL.test(values.email)) throw new UsageError(message('cli.email'));
  if (!values.password || values.password.length < MIN_PASSWORD_LENGTH) throw new UsageError(message('cli.password', { min: MIN_PASSWORD_LENGTH }));
  const config = loadConfig(process.env, invocationDir());
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    if (await findUserByEmail(database.db, values.email)) {
      process.stderr.write(`ritm: ${render(message('cli.user.exists', { email: values.email }), lang)}\n`);
      return 1;
    }
    const passwordHash = await hashPassword(values.password);
    const created = await database.db.transaction().execute((trx) =>
      insertUser(trx, { email: values.email!, name: values.name ?? '', passwordHash, isAdmin: values.admin ?? false }),
    );
    process.stdout.write(`${render(message(created.isAdmin ? 'cli.user.createdAdmin' : 'cli.user.created', { email: created.email, id: created.id }), lang)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
