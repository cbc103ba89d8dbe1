import { MESSAGES, type Language, type LocalizedMessage } from './messages.js';

/**
 * An error the API answers with its own status and code; anything else becomes a bare 500.
 * Give the message from `MESSAGES` (http/messages.ts) so that it answers in the caller's
 * language; a plain string is sent as it is.
 */
export class HttpError extends Error {
  readonly localized: LocalizedMessage | undefined;

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string | LocalizedMessage,
    readonly details?: Array<{ path: string; message: string }>,
    readonly extra?: Record<string, unknown>,
  ) {
    super(typeof message === 'string' ? message : message.en);
    this.name = 'HttpError';
    this.localized = typeof message === 'string' ? undefined : message;
  }

  messageIn(lang: Language): string {
    return this.localized?.[lang] ?? this.message;
  }
}

export const badRequest = (message: string | LocalizedMessage, details?: Array<{ path: string; message: string }>) =>
  new HttpError(400, 'validation', message, details);
export const unauthorized = () => new HttpError(401, 'unauthorized', MESSAGES.signInFirst);
export const forbidden = () => new HttpError(403, 'forbidden', MESSAGES.forbidden);
/** Also used for what exists but lies outside the caller's organisations: its existence is not revealed. */
export const notFound = (what = 'resource') => new HttpError(404, 'not_found', MESSAGES.notFound(what));
export const versionRequired = () => new HttpError(428, 'version_required', MESSAGES.versionRequired);
export const versionConflict = (currentVersion: number) =>
  new HttpError(409, 'version_conflict', MESSAGES.versionConflict, undefined, { currentVersion });
export const conflict = (code: string, message: string | LocalizedMessage) => new HttpError(409, code, message);
