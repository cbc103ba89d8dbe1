import { storableText } from '@ritm/contracts/common';
import type { SourceErrorCode } from '@ritm/domain/evidence-source';
import { truncate } from './html-text.js';

/**
 * Reading a source failed in a way the editor should see on the source (a feed that is not a
 * feed, an expired token, an address that does not answer). Adapters and parsers throw it; the
 * evidence service stores it as the source's last error and the API answers it translated
 * (`evidence_source_<code>`). Anything else thrown while reading is a bug and stays a 500.
 */
export class SourceError extends Error {
  readonly params: Record<string, string | number>;

  constructor(
    readonly code: SourceErrorCode,
    params: Record<string, string | number> = {},
  ) {
    // Its words may quote what was read (a chat's type, a CSV heading, a service's message): kept
    // as the source's last error, they must be storable and short.
    const kept = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? truncate(storableText(value), MAX_PARAM_LENGTH) : value]));
    super(`${code}${Object.keys(kept).length > 0 ? ` ${JSON.stringify(kept)}` : ''}`);
    this.params = kept;
    this.name = 'SourceError';
  }
}

const MAX_PARAM_LENGTH = 300;
