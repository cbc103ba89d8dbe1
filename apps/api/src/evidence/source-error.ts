import type { SourceErrorCode } from '@ritm/domain/evidence-source';

/**
 * Reading a source failed in a way the editor should see on the source (a feed that is not a
 * feed, an expired token, an address that does not answer). Adapters and parsers throw it; the
 * evidence service stores it as the source's last error and the API answers it translated
 * (`evidence_source_<code>`). Anything else thrown while reading is a bug and stays a 500.
 */
export class SourceError extends Error {
  constructor(
    readonly code: SourceErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code}${Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : ''}`);
    this.name = 'SourceError';
  }
}
