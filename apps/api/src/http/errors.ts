/** An error the API answers with its own status and code; anything else becomes a bare 500. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Array<{ path: string; message: string }>,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, details?: Array<{ path: string; message: string }>) =>
  new HttpError(400, 'validation', message, details);
export const unauthorized = () => new HttpError(401, 'unauthorized', 'Sign in first');
export const forbidden = () => new HttpError(403, 'forbidden', 'Your role does not allow this');
/** Also used for what exists but lies outside the caller's organisations: its existence is not revealed. */
export const notFound = (what = 'resource') => new HttpError(404, 'not_found', `No such ${what}`);
export const versionRequired = () =>
  new HttpError(428, 'version_required', 'Send the version you edited: an If-Match header or a "version" field');
export const versionConflict = (currentVersion: number) =>
  new HttpError(409, 'version_conflict', 'Someone else changed this in the meantime', undefined, { currentVersion });
export const conflict = (code: string, message: string) => new HttpError(409, code, message);
