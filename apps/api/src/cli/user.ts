import { parseArgs } from 'node:util';
import { CreateUserBody, Email, Password } from '@ritm/contracts/users';
import { Value } from 'typebox/value';
import { hashPassword } from '../auth/password.js';
import { invocationDir, loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { findUserByEmail, insertUser } from '../repositories/users.js';
import { message, render } from '../http/messages.js';
import { bound, cliLanguage, UsageError } from './usage.js';

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
  // The API's own rules for a new user (contracts/users): the command line makes no user the API would refuse.
  if (!Value.Check(Email, values.email)) throw new UsageError(message('cli.email', { max: bound(Email, 'maxLength') }));
  if (!Value.Check(Password, values.password)) throw new UsageError(message('cli.password', { min: bound(Password, 'minLength'), max: bound(Password, 'maxLength') }));
  if (values.name !== undefined && !Value.Check(CreateUserBody.properties.name, values.name)) throw new UsageError(message('cli.userName', { max: bound(CreateUserBody.properties.name, 'maxLength') }));
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
