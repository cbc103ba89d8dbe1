import { parseArgs } from 'node:util';
import { message, render, type Message } from '../http/messages.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { createEvidenceReader } from '../evidence/registry.js';
import { listFetchedSources } from '../repositories/evidence-sources.js';
import { findOrgContext } from '../repositories/org-context.js';
import { readSource, sourceErrorMessage } from '../services/evidence.js';
import { cliLanguage, orgOption, subcommandError } from './usage.js';

export interface EvidenceIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * `ritm evidence fetch --org ID [--subtree] [--lang ru|en]`: reads the organisation's fetched
 * sources (feeds, VK, Telegram bots; with `--subtree`, those of every organisation below it too,
 * archives left out) now, one after another, and prints per source what the read did. Straight
 * from the database, as the other commands: on the embedded database the server must be stopped.
 * 0 when every source was read, 1 when any failed (its error is kept on the source, as the
 * scheduler's would be).
 */
export async function runEvidenceCommand(argv: string[], io: EvidenceIo): Promise<number> {
  const [which, ...rest] = argv;
  if (which !== 'fetch') throw subcommandError('evidence', which, 'fetch');
  const { values } = parseArgs({ args: rest, options: { org: { type: 'string' }, subtree: { type: 'boolean', default: false }, lang: { type: 'string' } }, strict: true });
  const lang = cliLanguage(values.lang, io.env);
  const orgId = orgOption(values.org);
  const config = loadConfig(io.env, io.cwd);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const org = await findOrgContext(database.db, orgId);
    if (!org) {
      io.stderr(`ritm: ${render(message('cli.noOrg', { id: orgId }), lang)}\n`);
      return 1;
    }
    const sources = await listFetchedSources(database.db, org.path, values.subtree);
    if (sources.length === 0) io.stdout(`${render(message('cli.evidence.none'), lang)}\n`);
    const reader = createEvidenceReader(config, database.db);
    let failed = 0;
    for (const source of sources) {
      const outcome = await readSource(reader, source.id, { kind: 'fetch' }, { userId: null });
      let said: Message;
      if (outcome === undefined) said = message('cli.evidence.gone');
      else if (!outcome.ok) {
        failed += 1;
        said = message('cli.evidence.failed', { problem: sourceErrorMessage(outcome.error) });
      } else {
        const { read, matched, unplanned, updated } = outcome.result;
        said = outcome.result.notModified ? message('cli.evidence.notModified') : message('cli.evidence.read', { read, matched, unplanned, updated });
      }
      io.stdout(`${source.name} (${source.type}, ${source.id}): ${render(said, lang)}\n`);
    }
    return failed === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}
