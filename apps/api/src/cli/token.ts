import { parseArgs } from 'node:util';
import { CreateTokenBody } from '@ritm/contracts/tokens';
import { Value } from 'typebox/value';
import { recordAudit } from '../repositories/audit.js';
import { invocationDir, loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { createApiToken } from '../repositories/tokens.js';
import { findUserByEmail } from '../repositories/users.js';
import { message, render } from '../http/messages.js';
import { bound, cliLanguage, UsageError } from './usage.js';

/** `ritm token create --email E --name N [--expires-days D]`: prints a personal API token once. */
export async function createTokenCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, name: { type: 'string' }, 'expires-days': { type: 'string' }, lang: { type: 'string' } },
    strict: true,
  });
  const lang = cliLanguage(values.lang, process.env);
  if (!values.email) throw new UsageError(message('cli.tokenEmail'));
  // The API's own rules for a token (contracts/tokens): a name of words, a lifetime in whole days.
  const { name: nameRule, expiresInDays: daysRule } = CreateTokenBody.properties;
  if (!Value.Check(nameRule, values.name)) throw new UsageError(message('cli.tokenName', { max: bound(nameRule, 'maxLength') }));
  const days = values['expires-days'];
  if (days !== undefined && !(/^[1-9]\d*$/.test(days) && Value.Check(daysRule, Number(days)))) throw new UsageError(message('cli.expiresDays', { max: bound(daysRule, 'maximum') }));
  const config = loadConfig(process.env, invocationDir());
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const user = await findUserByEmail(database.db, values.email);
    if (!user || user.disabled) {
      process.stderr.write(`ritm: ${render(message('cli.noUser', { email: values.email }), lang)}\n`);
      return 1;
    }
    const created = await database.db.transaction().execute(async (trx) => {
      const token = await createApiToken(trx, user.id, values.name!, days === undefined ? undefined : Number(days));
      await recordAudit(trx, { orgId: null, userId: user.id, entity: 'api_token', entityId: token.id, action: 'create', after: { name: token.name, expiresAt: token.expiresAt, via: 'cli' } });
      return token;
    });
    // The secret alone on stdout, so that `TOKEN=$(ritm token create …)` works; the rest on stderr.
    process.stdout.write(`${created.token}\n`);
    const until = created.expiresAt ? message('cli.token.until', { date: created.expiresAt }) : '';
    process.stderr.write(`${render(message('cli.token.created', { name: created.name, email: user.email, until }), lang)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
