import { parseArgs } from 'node:util';
import { recordAudit } from '../repositories/audit.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { createApiToken } from '../repositories/tokens.js';
import { findUserByEmail } from '../repositories/users.js';
import { UsageError } from './usage.js';

/** `ritm token create --email E --name N [--expires-days D]`: prints a personal API token once. */
export async function createTokenCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, name: { type: 'string' }, 'expires-days': { type: 'string' } },
    strict: true,
  });
  if (!values.email) throw new UsageError('--email: the e-mail of the user the token acts as is required');
  if (!values.name) throw new UsageError('--name: a name to recognise the token by is required');
  const days = values['expires-days'];
  if (days !== undefined && !/^[1-9]\d{0,3}$/.test(days)) throw new UsageError('--expires-days: a whole number of days, 1…9999');
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const user = await findUserByEmail(database.db, values.email);
    if (!user || user.disabled) {
      process.stderr.write(`ritm: no active user with e-mail ${values.email}\n`);
      return 1;
    }
    const created = await database.db.transaction().execute(async (trx) => {
      const token = await createApiToken(trx, user.id, values.name!, days === undefined ? undefined : Number(days));
      await recordAudit(trx, { orgId: null, userId: user.id, entity: 'api_token', entityId: token.id, action: 'create', after: { name: token.name, expiresAt: token.expiresAt, via: 'cli' } });
      return token;
    });
    // The secret alone on stdout, so that `TOKEN=$(ritm token create …)` works; the rest on stderr.
    process.stdout.write(`${created.token}\n`);
    process.stderr.write(
      `API token "${created.name}" for ${user.email}${created.expiresAt ? `, valid until ${created.expiresAt}` : ''}. It is shown only now; send it as "Authorization: Bearer <token>".\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
