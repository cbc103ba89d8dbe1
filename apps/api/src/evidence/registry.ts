import type { EvidenceSourceType } from '@ritm/domain/evidence-source';
import type { FetchAdapter, FetchOptions, UploadAdapter } from './adapter.js';

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
