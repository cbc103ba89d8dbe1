import { parseArgs } from 'node:util';
import type { JobsStatus } from '@ritm/contracts/health';
import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/connection.js';
import { message, placeholdersOf, render, type Language, type Message, type MessageKey } from '../http/messages.js';
import { openOrAskServer } from './control.js';
import { cliLanguage } from './usage.js';

export interface JobsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

// A mail's kind («возвращённые планы») from the catalogue, chosen at run time: undefined when the
// catalogue has no entry for it (a kind only tests send), and the code is shown as it is.
const catalogued = (key: string, params?: Message['params']): Message | undefined =>
  placeholdersOf(key) === undefined ? undefined : { key: key as MessageKey, ...(params && { params }) };

/**
 * `ritm jobs [--lang ru|en]`: the schedules (cron, last run and its state, next run), the queues
 * (waiting, running, failed in the last day, the last failure), the mail outbox (waiting, failed,
 * the last failure with its address, kind and the server's answer) and what does not move. From the
 * database, or through the running server's control channel when it holds the embedded database.
 * 0 when every queue moves, 1 when one is stuck.
 */
export async function runJobsCommand(argv: string[], io: JobsIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { lang: { type: 'string' } }, strict: true });
  const lang = cliLanguage(values.lang, io.env);
  const config = loadConfig(io.env, io.cwd);
  const status = await openOrAskServer(
    config,
    lang,
    (database) => localStatus(database, config),
    (client) => client.request<JobsStatus>('GET', '/jobs'),
  );
  io.stdout(formatJobsStatus(status, lang));
  return status.stuck.length === 0 ? 0 : 1;
}

/**
 * Every area's jobs defined on a runner that is never started: enough to read their state, and it
 * writes nothing (no queue, no schedule, no pg-boss install) just to look.
 */
export async function localStatus(database: Database, config: Config): Promise<JobsStatus> {
  const [{ createJobRunner }, { JOB_AREAS }, { createEvidenceReader }] = await Promise.all([
    import('../jobs/create-runner.js'),
    import('../jobs/definitions.js'),
    import('../evidence/registry.js'),
  ]);
  const log = { info: () => {}, warn: () => {}, error: () => {} };
  const runner = await createJobRunner(database, config, { log });
  const deps = { db: database.db, config, evidence: createEvidenceReader(config, database.db), log };
  for (const define of JOB_AREAS) define(runner, deps);
  return runner.status();
}

/** The status as `ritm jobs` prints it. */
export function formatJobsStatus(status: JobsStatus, lang: Language): string {
  const say = (said: Message) => render(said, lang);
  const runner = message(`cli.jobs.runner.${status.runner}`);
  const lines = [say(status.working ? message('cli.jobs.runs', { runner }) : message('cli.jobs.runsElsewhere', { runner })), '', say(message('cli.jobs.schedules'))];
  for (const s of status.schedules) {
    const last = !s.lastRunAt
      ? message('cli.jobs.neverRun')
      : s.lastState
        ? message('cli.jobs.lastRunState', { at: s.lastRunAt, state: message(`cli.jobs.state.${s.lastState}`) })
        : message('cli.jobs.lastRun', { at: s.lastRunAt });
    lines.push(`  ${s.name}  ${s.cron}  ${say(message('cli.jobs.schedule', { last, next: s.nextRunAt ?? '—' }))}`);
  }
  lines.push('', say(message('cli.jobs.queues')));
  for (const q of status.queues) {
    lines.push(`  ${q.name}: ${say(message('cli.jobs.queue', { queued: q.queued, active: q.active, failed: q.failed }))}`);
    if (q.lastFailure) lines.push(`    ${say(message('cli.jobs.queueFailure', { at: q.lastFailure.at, error: q.lastFailure.message }))}`);
  }
  const { mail } = status;
  const outbox = mail.oldestDueAt
    ? message('cli.jobs.mailQueueSince', { pending: mail.pending, since: mail.oldestDueAt, failed: mail.failed })
    : message('cli.jobs.mailQueue', { pending: mail.pending, failed: mail.failed });
  lines.push('', say(message('cli.jobs.mail')), `  ${say(outbox)}`);
  if (mail.lastFailure) {
    const { at, to, kind, error } = mail.lastFailure;
    lines.push(`  ${say(message('cli.jobs.mailFailure', { at, to, kind: catalogued(`mail.kind.${kind}`) ?? kind, error }))}`);
  }
  lines.push('');
  if (status.stuck.length === 0) lines.push(say(message('cli.jobs.allMoving')));
  else {
    lines.push(say(message('cli.jobs.stuck')));
    for (const s of status.stuck) {
      lines.push(`  ${s.name}: ${say(message(`cli.jobs.stuck.${s.reason}`, { since: s.since }))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
