import type { Kysely } from 'kysely';
import type { EvidenceSourceType } from '@ritm/domain/evidence-source';
import { nowOf, type Config } from '../config.js';
import type { DB } from '../db/schema.js';
import type { EvidenceReader } from '../services/evidence.js';
import type { FetchAdapter, FetchOptions, UploadAdapter } from './adapter.js';
import { feedAdapter } from './feed-adapter.js';
import { readReachCsv } from './formats/reach-csv.js';
import { readTelegramExport } from './formats/telegram-export.js';
import { safeGet } from './http.js';
import { telegramBotAdapter } from './telegram-bot-adapter.js';
import { vkAdapter } from './vk-adapter.js';

/** Redirects a read follows (each hop checked again against private addresses). */
const MAX_REDIRECTS = 3;

/** Which adapter reads which type of source: fetched ones over the network, uploaded ones from a file. */
export interface AdapterRegistry {
  fetch: Partial<Record<EvidenceSourceType, FetchAdapter>>;
  upload: Partial<Record<EvidenceSourceType, UploadAdapter>>;
}

/** What reading sources needs from the configuration. */
export interface ReaderSettings {
  fetch: Omit<FetchOptions, 'signal'>;
  vkApiUrl: string;
  telegramApiUrl: string;
}

/**
 * The adapters of every source type. Everything fetched goes through the one guarded GET
 * (`safeGet`: no private addresses unless allowed, limits, redirects checked hop by hop).
 */
export function buildRegistry(settings: ReaderSettings): AdapterRegistry {
  return {
    fetch: {
      feed: feedAdapter(safeGet),
      vk: vkAdapter({ apiUrl: settings.vkApiUrl, get: safeGet }),
      telegram_bot: telegramBotAdapter({ apiUrl: settings.telegramApiUrl, get: safeGet }),
    },
    upload: { telegram_export: readTelegramExport, stats_csv: readReachCsv },
  };
}

/** The reader's settings from the configuration. */
export function readerSettings(config: Config): ReaderSettings {
  return {
    fetch: { allowPrivate: config.fetchAllowPrivate, timeoutMs: config.fetchTimeoutMs, maxBytes: config.fetchMaxBytes, maxRedirects: MAX_REDIRECTS },
    vkApiUrl: config.vkApiUrl,
    telegramApiUrl: config.telegramApiUrl,
  };
}

/** The evidence reader of an app or a command: adapters built from the configuration, its key and clock. */
export function createEvidenceReader(config: Config, db: Kysely<DB>): EvidenceReader {
  const settings = readerSettings(config);
  return { db, adapters: buildRegistry(settings), fetchOptions: settings.fetch, secretKey: config.secretKey, now: () => nowOf(config) };
}
