import { parseArgs } from 'node:util';
import type { JobsStatus } from '@ritm/contracts/health';
import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/connection.js';
import { placeholdersOf, render, type Language, type MessageKey } from '../http/messages.js';
import { openOrAskServer } from './control.js';
import { cliLanguage } from './usage.js';

const WORDS = {
  ru: {
    runner: (r: JobsStatus) => `Задания: ${r.runner === 'pg-boss' ? 'pg-boss на сервере PostgreSQL' : 'таблица встроенной базы'}${r.working ? '' : ' (этот процесс их не выполняет)'}`,
    schedules: 'Расписания (UTC)',
    last: 'последний запуск',
    next: 'следующий',
    never: 'не запускалось',
    state: { completed: 'выполнено', failed: 'не удалось', active: 'выполняется' },
    queues: 'Очереди',
    queue: (q: JobsStatus['queues'][number]) => `ждут ${q.queued}, выполняются ${q.active}, не удалось за 24 ч ${q.failed}`,
    lastFailure: 'последняя ошибка',
    mail: 'Почта',
    mailLine: (m: JobsStatus['mail']) => `ждут отправки ${m.pending}${m.oldestDueAt ? ` (старейшее с ${m.oldestDueAt})` : ''}, не отправлено ${m.failed}`,
    mailFailure: (f: NonNullable<JobsStatus['mail']['lastFailure']>) => `последнее неотправленное: ${f.at}, ${f.to}, ${f.kind}: ${f.error}`,
    stuck: 'Не движутся',
    reasons: {
      waiting: 'задание ждёт с',
      expired: 'попытка просрочена с',
      'mail-waiting': 'письмо ждёт отправки с',
      'mail-failed': 'письмо не удалось отправить (за 7 дней), последнее записано',
    } as Record<string, string>,
    allMoving: 'Все очереди движутся',
  },
  en: {
    runner: (r: JobsStatus) => `Jobs: ${r.runner === 'pg-boss' ? 'pg-boss on the PostgreSQL server' : "the embedded database's table"}${r.working ? '' : ' (this process does not work them)'}`,
    schedules: 'Schedules (UTC)',
    last: 'last run',
    next: 'next',
    never: 'never run',
    state: { completed: 'completed', failed: 'failed', active: 'running' },
    queues: 'Queues',
    queue: (q: JobsStatus['queues'][number]) => `waiting ${q.queued}, running ${q.active}, failed in 24 h ${q.failed}`,
    lastFailure: 'last failure',
    mail: 'Mail',
    mailLine: (m: JobsStatus['mail']) => `waiting to be sent ${m.pending}${m.oldestDueAt ? ` (the oldest since ${m.oldestDueAt})` : ''}, failed ${m.failed}`,
    mailFailure: (f: NonNullable<JobsStatus['mail']['lastFailure']>) => `the last failed: ${f.at}, ${f.to}, ${f.kind}: ${f.error}`,
    stuck: 'Not moving',
    reasons: {
      waiting: 'a job has waited since',
      expired: 'a try has been past its expiry since',
      'mail-waiting': 'a mail has waited to be sent since',
      'mail-failed': 'mail could not be sent (in the last 7 days), the last one written',
    } as Record<string, string>,
    allMoving: 'Every queue moves',
  },
} as const;

export interface JobsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

// A mail's kind as its reader knows it («возвращённые планы»), or its code when the catalogue has no name for it.
const mailKindName = (kind: string, lang: Language): string => {
  const key = `mail.kind.${kind}`;
  return placeholdersOf(key) === undefined ? kind : render({ key: key as MessageKey }, lang);
};

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
export function formatJobsStatus(status: JobsStatus, lang: 'ru' | 'en'): string {
  const w = WORDS[lang];
  const lines = [w.runner(status), '', w.schedules];
  for (const s of status.schedules) {
    const last = s.lastRunAt ? `${w.last} ${s.lastRunAt}${s.lastState ? ` (${w.state[s.lastState]})` : ''}` : w.never;
    lines.push(`  ${s.name}  ${s.cron}  ${last}; ${w.next} ${s.nextRunAt ?? '—'}`);
  }
  lines.push('', w.queues);
  for (const q of status.queues) {
    lines.push(`  ${q.name}: ${w.queue(q)}`);
    if (q.lastFailure) lines.push(`    ${w.lastFailure} ${q.lastFailure.at}: ${q.lastFailure.message}`);
  }
  lines.push('', w.mail, `  ${w.mailLine(status.mail)}`);
  if (status.mail.lastFailure) lines.push(`  ${w.mailFailure({ ...status.mail.lastFailure, kind: mailKindName(status.mail.lastFailure.kind, lang) })}`);
  lines.push('');
  if (status.stuck.length === 0) lines.push(w.allMoving);
  else {
    lines.push(w.stuck);
    for (const s of status.stuck) lines.push(`  ${s.name}: ${w.reasons[s.reason] ?? s.reason} ${s.since}`);
  }
  return `${lines.join('\n')}\n`;
}
