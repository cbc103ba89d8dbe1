import type { Attachment, AttachmentList } from '@ritm/contracts/items';
import { apiErrorOf, clientLocale, request, sendFile } from './client.js';

/** How much of an upload has been sent, 0–100. */
export type UploadProgress = (percent: number) => void;

const base = (orgId: string, itemId: string) => `/orgs/${orgId}/items/${itemId}/attachments`;

/**
 * Sends a file as the request's body (the API tells its type by content), with progress. Fetch
 * cannot report an upload's progress, hence XMLHttpRequest; errors come back as {@link ApiError}
 * in the API's words, like every other request's.
 */
export async function uploadFile<T = Attachment>(path: string, file: File, onProgress: UploadProgress): Promise<T> {
  // Whatever the browser guesses; never a form type, which the API refuses from a browser.
  const contentType = file.type && !/^(text\/plain|multipart\/|application\/x-www-form)/.test(file.type) ? file.type : 'application/octet-stream';
  const { status, data } = await sendFile(`${path}?${new URLSearchParams({ name: file.name })}`, file, {
    contentType,
    locale: clientLocale(),
    onProgress: (fraction) => onProgress(Math.round(fraction * 100)),
  });
  if (status === 201) return data as T;
  throw apiErrorOf({ status, statusText: '' }, data);
}

export const attachmentsApi = {
  list: (orgId: string, itemId: string) => request<AttachmentList>(base(orgId, itemId)).then((r) => r.attachments),
  upload: (orgId: string, itemId: string, file: File, onProgress: UploadProgress = () => {}) => uploadFile(base(orgId, itemId), file, onProgress),
  remove: (orgId: string, itemId: string, id: string) => request<void>(`${base(orgId, itemId)}/${id}`, { method: 'DELETE' }),
  /** Where the browser downloads the file (the session cookie goes with it). */
  href: (orgId: string, itemId: string, id: string) => `/api${base(orgId, itemId)}/${id}`,
};
