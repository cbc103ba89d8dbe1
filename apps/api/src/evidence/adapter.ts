import type { EvidenceSourceType, FetchedPost, ReachRow } from '@ritm/domain/evidence-source';

// The seam between the evidence service (storage, matching, scheduling) and the places posts come
// from. An adapter knows one format or API and nothing of Ritm's tables; the service knows no
// format. Adapters throw `SourceError` for anything the editor should see.

/** What an adapter needs of a stored source to read it. */
export interface SourceToRead {
  id: string;
  type: EvidenceSourceType;
  /** A feed's address. */
  url: string | null;
  /** A VK community or a Telegram chat, as the user gave it. */
  target: string | null;
  /** The decrypted token of a VK or Telegram bot source. */
  token: string | null;
  /** What the last successful read left for the next one (ETag, Last-Modified, an update offset). */
  state: SourceState;
}

/** Kept between reads of a source; adapters define what they keep, the service stores it as JSON. */
export interface SourceState {
  etag?: string;
  lastModified?: string;
  /** Telegram Bot API: the next `getUpdates` offset. */
  offset?: number;
  /** A public Telegram channel's name, for `https://t.me/<name>/<id>` links. */
  username?: string;
}

/** What one read gave. */
export interface SourceReading {
  /** The server answered 304: nothing changed since `state`. `posts` is then empty. */
  notModified: boolean;
  posts: FetchedPost[];
  /** The state to keep for the next read (replaces the old one). */
  state: SourceState;
}

/** Limits and switches every network read obeys (from the configuration). */
export interface FetchOptions {
  /** Whether private, loopback and link-local addresses may be fetched (`RITM_FETCH_ALLOW_PRIVATE`). */
  allowPrivate: boolean;
  /** Per request, in milliseconds. */
  timeoutMs: number;
  /** Largest body read, in bytes. */
  maxBytes: number;
  /** Most redirects followed. */
  maxRedirects: number;
  /** Aborts the read (the server is closing). */
  signal?: AbortSignal;
}

/** Reads a fetched source (feed, VK, Telegram bot) over the network. */
export type FetchAdapter = (source: SourceToRead, options: FetchOptions) => Promise<SourceReading>;

/** Reads an uploaded file of a source: posts (a Telegram export) or statistics rows (CSV). */
export type UploadReading = { kind: 'posts'; posts: FetchedPost[]; username?: string } | { kind: 'reach'; rows: ReachRow[] };
export type UploadAdapter = (body: Uint8Array, source: SourceToRead) => UploadReading;

/** An HTTP answer, its body read whole (within `FetchOptions.maxBytes`). */
export interface HttpAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
  /** The address finally answered, after redirects. */
  url: string;
}

/**
 * A GET that obeys `FetchOptions` (no private addresses unless allowed, timeouts, size limit,
 * redirects checked hop by hop) and throws `SourceError` (`unreachable`, `timeout`, `too_large`,
 * `too_many_redirects`, `private_address`) when it cannot answer. Any status comes back as an
 * answer: what a status means is the caller's business (a feed's 304, VK's 200 with an error).
 * Implemented by `evidence/http.ts` (`safeGet`); adapters take it as a parameter so their tests
 * can run against local servers through the same guard.
 */
export type HttpGet = (url: string, options: FetchOptions & { headers?: Record<string, string> }) => Promise<HttpAnswer>;
