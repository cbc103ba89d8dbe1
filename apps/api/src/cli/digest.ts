import { parseArgs } from 'node:util';
import type { DigestNowResult } from '@ritm/contracts/digest';
import { loadConfig } from '../config.js';
import { message, render } from '../http/messages.js';
import { sendDigestsNow } from '../notifications/digest-job.js';
import { openOrAskServer } from './control.js';
import { cliLanguage, orgOption } from './usage.js';

export interface DigestIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * `ritm digest --org ID [--dry-run] [--force] [--lang ru|en]`: the weekly digests of everyone with
 * an editing or directing role in the organisation's subtree, sent now whatever their slot (still
 * once a week unless `--force`); `--dry-run` prints each as text (in its reader's language) and
 * writes nothing. From the database, or through the running server when it holds the embedded
 * one. 0 when done, 1 when there is no such organisation.
 */
export async function runDigestCommand(argv: string[], io: DigestIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { org: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, force: { type: 'boolean', default: false }, lang: { type: 'string' } },
    strict: true,
  });
  const lang = cliLanguage(values.lang, io.env);
  const request = { orgId: orgOption(values.org), dryRun: values['dry-run'], force: values.force };
  const config = loadConfig(io.env, io.cwd);
  const result = await openOrAskServer(
    config,
    lang,
    (database) => sendDigestsNow(database.db, config, request),
    (client) => client.request<DigestNowResult>('POST', '/digest', request),
  );
  if (!result.found) {
    io.stderr(`ritm: ${render(message('cli.noOrg', { id: request.orgId }), lang)}\n`);
    return 1;
  }
  if (result.digests.length === 0) io.stdout(`${render(message('digest.cli.none'), lang)}\n`);
  for (const { email, week, outcome, text } of result.digests) {
    if (outcome === 'preview') io.stdout(`=== ${email} · ${week} ===\n${text ?? ''}\n`);
    else io.stdout(`${render(message(outcome === 'mailed' ? 'digest.cli.sent' : outcome === 'in_app' ? 'digest.cli.inApp' : 'digest.cli.already', { email, week }), lang)}\n`);
  }
  return 0;
}
