import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ATTACHMENT_MAX_MB, DEFAULT_ORG_ATTACHMENTS_MB } from '@ritm/domain/attachment';
import { parseSecretKey, SecretKeyError } from './evidence/secrets.js';
import { message, render, type Message } from './http/messages.js';

/** Runtime configuration, read once from the environment and validated at start-up. */
export interface Config {
  /** `postgres://…` for a PostgreSQL server; absent means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /**
   * DATABASE_READ_URL: `postgres://…` of a streaming replica of DATABASE_URL that dashboards and
   * reports read from (summaries, periods, compliance, suggestions, reports); absent, they read the
   * primary. Everything that writes, signs in or must see its own writes stays on DATABASE_URL.
   */
  databaseReadUrl: string | undefined;
  /** Where the embedded database keeps its files. */
  dataDir: string;
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Pretty logs for a person at a terminal, JSON otherwise. */
  prettyLogs: boolean;
  /** Folder of the built admin to serve at `/` (RITM_ADMIN_DIST, else the monorepo's apps/admin/dist); served when it holds index.html. */
  adminDist: string | undefined;
  /** Set `Secure` on the session cookie (behind TLS). */
  secureCookies: boolean;
  /**
   * The reverse proxies whose `X-Forwarded-*` headers are believed: `false` (none, the default),
   * a number of hops in front of Ritm (`RITM_TRUST_PROXY=true` is one), or their addresses/CIDRs.
   * Only what the trusted hops appended counts: a client cannot pick its own address (and so its
   * login limits) by sending `X-Forwarded-For` itself.
   */
  trustProxy: false | number | string[];
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  /** Bytes every cache together keeps between requests (RITM_CACHE_MB): summaries, organisations' contributions, item lists. */
  cacheBytes: number;
  /** Largest attachment (a photo, a scan, a PDF) in bytes (RITM_ATTACHMENT_MAX_MB, default 10 MB). */
  attachmentMaxBytes: number;
  /** What one organisation's attachments may take together, in bytes (RITM_ORG_ATTACHMENTS_MB, default 500 MB). */
  orgAttachmentsBytes: number;
  /** Largest spreadsheet an import accepts, in bytes (RITM_IMPORT_MAX_MB, default 10). */
  importMaxBytes: number;
  /** How long `ritm serve` waits for a database server that is not up yet before giving up. */
  dbWaitSeconds: number;
  /**
   * The address people reach Ritm at (RITM_PUBLIC_URL, e.g. `https://ritm.example.org`), without a
   * trailing slash: calendar feed URLs and every mail's links are built on it. Unset, a request's
   * own origin is used; required with RITM_SMTP_URL (a mail has no request to take it from).
   */
  publicUrl: string | undefined;
  /** The clock that dates what is added (a norm's default start): tests set it; absent, the system's. */
  now?: () => Date;
  // issue 13 — evidence sources
  /** RITM_SECRET_KEY (32 bytes, hex or base64): seals the tokens of VK and Telegram bot sources; absent, such sources cannot be added. */
  secretKey: Buffer | undefined;
  /** RITM_FETCH_ALLOW_PRIVATE: whether sources may be fetched from private, loopback and link-local addresses (tests, an intranet site). */
  fetchAllowPrivate: boolean;
  /** RITM_FETCH_TIMEOUT_MS: how long one read of a source may take. */
  fetchTimeoutMs: number;
  /** RITM_FETCH_MAX_BYTES: the largest answer a source may give. */
  fetchMaxBytes: number;
  /** RITM_VK_API_URL: where the VK API answers (tests point it at a local server). */
  vkApiUrl: string;
  /** RITM_TELEGRAM_API_URL: where the Telegram Bot API answers. */
  telegramApiUrl: string;
  /**
   * Whether sources due a read are read on a schedule (the `evidence.read-due` job, every minute).
   * RITM_EVIDENCE_TICK_SECONDS was the scheduler's interval before the job runner: `0` still turns
   * scheduled reading off; any other value turns it on (the job runs each minute).
   */
  evidenceFetch: boolean;
  // issue 14 — jobs
  /** RITM_JOBS (on|off, default on): whether this process works jobs; off, it still sends them (another process works them). */
  jobs: boolean;
  /** RITM_JOBS_STUCK_MINUTES (default 10): a due job or due mail waiting longer than this is listed as stuck (`/api/health` degraded, `ritm jobs` exit 1). */
  jobsStuckMinutes: number;
  /** RITM_JOBS_SCHEMA (default `pgboss`): the schema pg-boss keeps its jobs in on a PostgreSQL server. */
  jobsSchema: string;
  // issue 14 — mail
  /**
   * RITM_SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`): where mail is handed over.
   * Unset, nothing is mailed and nothing fails: notifications stay in the bell.
   */
  smtpUrl: string | undefined;
  /** RITM_MAIL_FROM (`Ритм <ritm@example.org>`): the sender; required with RITM_SMTP_URL (as is RITM_PUBLIC_URL). */
  mailFrom: string | undefined;
}

/** The instant now by the app's clock ({@link Config.now}, else the system's). */
export function nowOf(config: Pick<Config, 'now'>): Date {
  return config.now?.() ?? new Date();
}

/**
 * The address mail links on when e-mail is on (RITM_SMTP_URL), else undefined: no mail is written.
 * `loadConfig` requires RITM_PUBLIC_URL with RITM_SMTP_URL, so e-mail on always has it.
 */
export function mailPublicUrl(config: Pick<Config, 'smtpUrl' | 'publicUrl'>): string | undefined {
  return config.smtpUrl === undefined ? undefined : config.publicUrl;
}

/** A variable that stops the start, with what is wrong with it in the catalogue's words (`config.*`). */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: Message,
  ) {
    super(`${variable}: ${render(reason, 'en')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, message('config.wholeNumber', { raw }));
  const value = Number(raw);
  // The text given, not the number it became: 99999999999999999999999 read back as 1e+23 confuses.
  if (value < min || value > max) throw new ConfigError(name, message('config.between', { min, max, raw }));
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, message('config.boolean', { raw }));
}

/** `RITM_PUBLIC_URL`: an http(s) origin, with an optional path prefix; stored without the trailing slash. */
function publicUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.RITM_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('RITM_PUBLIC_URL', message('config.httpUrl', { raw }));
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new ConfigError('RITM_PUBLIC_URL', message('config.publicUrl', { raw }));
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** `RITM_TRUST_PROXY`: false, true (one hop), a number of hops, or a comma-separated list of addresses/CIDRs. */
function trustedProxies(env: NodeJS.ProcessEnv): Config['trustProxy'] {
  const raw = env.RITM_TRUST_PROXY?.trim();
  if (raw === undefined || raw === '') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) throw new ConfigError('RITM_TRUST_PROXY', message('config.proxyHops', { hops }));
    return hops === 0 ? false : hops;
  }
  if (['true', 'yes', 'on', 'false', 'no', 'off'].includes(raw.toLowerCase())) return flag(env, 'RITM_TRUST_PROXY', false) ? 1 : false;
  const addresses = raw.split(',').map((part) => part.trim());
  if (addresses.some((a) => !/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(a))) {
    throw new ConfigError('RITM_TRUST_PROXY', message('config.proxy', { raw }));
  }
  return addresses;
}

function logFormat(env: NodeJS.ProcessEnv): boolean {
  const raw = env.RITM_LOG_FORMAT;
  if (raw === undefined || raw === '') return Boolean(process.stdout.isTTY) && env.NODE_ENV !== 'production';
  if (raw !== 'pretty' && raw !== 'json') throw new ConfigError('RITM_LOG_FORMAT', message('config.logFormat', { raw }));
  return raw === 'pretty';
}

/** `RITM_SECRET_KEY`: absent is allowed (token sources are then refused); malformed stops the start. */
function secretKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  const raw = env.RITM_SECRET_KEY;
  if (raw === undefined || raw === '') return undefined;
  try {
    return parseSecretKey(raw);
  } catch (error) {
    if (!(error instanceof SecretKeyError)) throw error;
    throw new ConfigError('RITM_SECRET_KEY', error.said);
  }
}

/** An http(s) base address of a third-party API, stored without the trailing slash. */
function apiUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, message('config.httpUrl', { raw }));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, message('config.httpUrl', { raw }));
  return raw.replace(/\/+$/, '');
}

/**
 * `RITM_SMTP_URL` with `RITM_MAIL_FROM` and `RITM_PUBLIC_URL`: a mail needs a sender, and every mail
 * carries links into the admin and a one-click unsubscribe link, which need Ritm's own address
 * (Ritm does not guess it). Each well-formed.
 */
function mail(env: NodeJS.ProcessEnv): Pick<Config, 'smtpUrl' | 'mailFrom'> {
  const smtpUrl = env.RITM_SMTP_URL?.trim() || undefined;
  const mailFrom = env.RITM_MAIL_FROM?.trim() || undefined;
  if (smtpUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(smtpUrl);
    } catch {
      url = undefined;
    }
    // The address may carry a password: never repeat it in the error.
    if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '') {
      throw new ConfigError('RITM_SMTP_URL', message('config.smtpUrl'));
    }
    if (mailFrom === undefined) throw new ConfigError('RITM_MAIL_FROM', message('config.mailFromRequired'));
    if (publicUrl(env) === undefined) {
      throw new ConfigError('RITM_PUBLIC_URL', message('config.publicUrlRequired'));
    }
  }
  // `addr@host` or `Name <addr@host>`: nodemailer would otherwise send from whatever it guessed.
  if (mailFrom !== undefined && !/^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(mailFrom)) {
    throw new ConfigError('RITM_MAIL_FROM', message('config.mailFrom', { raw: mailFrom }));
  }
  return { smtpUrl, mailFrom };
}

/** A PostgreSQL schema name: lower-case letters, digits and underscores. */
function schemaName(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) throw new ConfigError(name, message('config.schema', { raw }));
  return raw;
}

/** Where `pnpm build` puts the admin, found from this file so it does not depend on the working folder. */
export const DEFAULT_ADMIN_DIST = fileURLToPath(new URL('../../admin/dist', import.meta.url));

/** A PostgreSQL server's URL, or a ConfigError naming the variable: the driver would only say «Invalid URL» when it first connects. */
function checkPostgresUrl(name: string, value: string): void {
  if (!/^postgres(ql)?:\/\//.test(value)) throw new ConfigError(name, message('config.postgresScheme'));
  // A port past 65535, a bracket left open, a space in the host.
  if (!URL.canParse(value)) throw new ConfigError(name, message('config.postgresUrl'));
}

/**
 * Reads and validates the configuration.
 * @throws ConfigError naming the variable when a value is malformed.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined) checkPostgresUrl('DATABASE_URL', databaseUrl);
  const databaseReadUrl = env.DATABASE_READ_URL || undefined;
  if (databaseReadUrl !== undefined) {
    checkPostgresUrl('DATABASE_READ_URL', databaseReadUrl);
    // A replica of the embedded database does not exist: the embedded one has no streaming.
    if (databaseUrl === undefined) throw new ConfigError('DATABASE_READ_URL', message('config.readNeedsPrimary'));
  }
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', message('config.logLevel', { levels: LOG_LEVELS.join(', ') }));
  }
  const host = env.HOST || '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', message('config.host', { raw: host }));
  const adminDist = env.RITM_ADMIN_DIST ? path.resolve(cwd, env.RITM_ADMIN_DIST) : DEFAULT_ADMIN_DIST;
  return {
    databaseUrl,
    databaseReadUrl,
    dataDir: path.resolve(cwd, env.RITM_DATA_DIR || 'data'),
    port: integer(env, 'PORT', 3000, 0, 65535),
    host,
    logLevel,
    prettyLogs: logFormat(env),
    adminDist,
    secureCookies: flag(env, 'RITM_SECURE_COOKIES', false),
    trustProxy: trustedProxies(env),
    bodyLimit: integer(env, 'RITM_BODY_LIMIT', 1_048_576, 1024, 100 * 1_048_576),
    // 0 keeps nothing: every summary and list is read afresh.
    cacheBytes: integer(env, 'RITM_CACHE_MB', 32, 0, 16_384) * 1_048_576,
    dbWaitSeconds: integer(env, 'RITM_DB_WAIT_SECONDS', 60, 0, 86_400),
    // A bytea value is at most 1 GB; a file is read whole into memory on upload and download.
    attachmentMaxBytes: integer(env, 'RITM_ATTACHMENT_MAX_MB', DEFAULT_ATTACHMENT_MAX_MB, 1, 100) * 1_048_576,
    orgAttachmentsBytes: integer(env, 'RITM_ORG_ATTACHMENTS_MB', DEFAULT_ORG_ATTACHMENTS_MB, 1, 1_048_576) * 1_048_576,
    publicUrl: publicUrl(env),
    importMaxBytes: integer(env, 'RITM_IMPORT_MAX_MB', 10, 1, 200) * 1_048_576,
    secretKey: secretKey(env),
    fetchAllowPrivate: flag(env, 'RITM_FETCH_ALLOW_PRIVATE', false),
    fetchTimeoutMs: integer(env, 'RITM_FETCH_TIMEOUT_MS', 15_000, 1000, 300_000),
    fetchMaxBytes: integer(env, 'RITM_FETCH_MAX_BYTES', 5 * 1_048_576, 1024, 100 * 1_048_576),
    vkApiUrl: apiUrl(env, 'RITM_VK_API_URL', 'https://api.vk.com'),
    telegramApiUrl: apiUrl(env, 'RITM_TELEGRAM_API_URL', 'https://api.telegram.org'),
    evidenceFetch: integer(env, 'RITM_EVIDENCE_TICK_SECONDS', 60, 0, 86_400) !== 0,
    jobs: flag(env, 'RITM_JOBS', true),
    jobsStuckMinutes: integer(env, 'RITM_JOBS_STUCK_MINUTES', 10, 1, 10_080),
    jobsSchema: schemaName(env, 'RITM_JOBS_SCHEMA', 'pgboss'),
    ...mail(env),
  };
}

/**
 * The folder the user ran the command from: pnpm runs a package's scripts inside the package,
 * but `RITM_DATA_DIR=./data` or `ritm check ./scenario.json` mean the user's folder.
 */
export function invocationDir(): string {
  return process.env.INIT_CWD ?? process.cwd();
}
