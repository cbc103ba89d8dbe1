import { parseArgs } from 'node:util';
import { message, render } from '../http/messages.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { createEvidenceReader } from '../evidence/registry.js';
import { listFetchedSources } from '../repositories/evidence-sources.js';
import { findOrgContext } from '../repositories/org-context.js';
import { readSource, sourceErrorMessage } from '../services/evidence.js';
import { cliLanguage, subcommandError, UsageError } from './usage.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const WORDS = {
  ru: {
    noOrg: (id: string) => `организации ${id} нет`,
    none: 'Источников, которые Ритм читает сам, нет',
    read: (r: { read: number; matched: number; unplanned: number; updated: number }) =>
      `прочитано ${r.read}: сопоставлено ${r.matched}, внеплановых ${r.unplanned}, обновлён охват ${r.updated}`,
    notModified: 'не изменился с прошлого чтения',
    failed: 'ошибка',
    gone: 'удалён',
  },
  en: {
    noOrg: (id: string) => `no organisation ${id}`,
    none: 'No sources that Ritm fetches itself',
    read: (r: { read: number; matched: number; unplanned: number; updated: number }) =>
      `read ${r.read}: matched ${r.matched}, unplanned ${r.unplanned}, reach updated ${r.updated}`,
    notModified: 'not modified since the last read',
    failed: 'error',
    gone: 'deleted',
  },
} as const;

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
  if (!values.org || !UUID.test(values.org)) throw new UsageError(message('cli.org'));
  const config = loadConfig(io.env, io.cwd);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const org = await findOrgContext(database.db, values.org);
    if (!org) {
      io.stderr(`ritm: ${WORDS[lang].noOrg(values.org)}\n`);
      return 1;
    }
    const sources = await listFetchedSources(database.db, org.path, values.subtree);
    if (sources.length === 0) io.stdout(`${WORDS[lang].none}\n`);
    const reader = createEvidenceReader(config, database.db);
    let failed = 0;
    for (const source of sources) {
      const outcome = await readSource(reader, source.id, { kind: 'fetch' }, { userId: null });
      let said: string;
      if (outcome === undefined) said = WORDS[lang].gone;
      else if (!outcome.ok) {
        failed += 1;
        said = `${WORDS[lang].failed}: ${render(sourceErrorMessage(outcome.error), lang)}`;
      } else said = outcome.result.notModified ? WORDS[lang].notModified : WORDS[lang].read(outcome.result);
      io.stdout(`${source.name} (${source.type}, ${source.id}): ${said}\n`);
    }
    return failed === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}
