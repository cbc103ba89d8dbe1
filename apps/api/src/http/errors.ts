import { message, notFoundMessage, render, type Detail, type Language, type Message, type Noun, type PlainKey } from './messages.js';

/**
 * An error the API answers with its own status and code; anything else becomes a bare 500.
 * Its message and each field detail are catalogue messages (http/messages.ts), answered in the
 * caller's language; free text does not type-check.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly msg: Message,
    readonly details?: readonly Detail[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(render(msg, 'en'));
    this.name = 'HttpError';
  }

  messageIn(lang: Language): string {
    return render(this.msg, lang);
  }
}

const asMessage = (key: PlainKey | Message): Message => (typeof key === 'string' ? { key } : key);

export const badRequest = (msg: PlainKey | Message, details?: readonly Detail[]) => new HttpError(400, 'validation', asMessage(msg), details);
export const unauthorized = () => new HttpError(401, 'unauthorized', message('signInFirst'));
export const forbidden = (msg: PlainKey | Message = 'forbidden') => new HttpError(403, 'forbidden', asMessage(msg));
/** Also used for what exists but lies outside the caller's organisations: its existence is not revealed. */
export const notFound = (what: Noun = 'resource') => new HttpError(404, 'not_found', notFoundMessage(what));
export const versionRequired = () => new HttpError(428, 'version_required', message('versionRequired'));
export const versionConflict = (currentVersion: number) =>
  new HttpError(409, 'version_conflict', message('versionConflict'), undefined, { currentVersion });
export const conflict = (code: string, msg: PlainKey | Message) => new HttpError(409, code, asMessage(msg));
