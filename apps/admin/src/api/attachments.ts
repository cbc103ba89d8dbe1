import type { Attachment, AttachmentList } from '@ritm/contracts/items';
import { ApiError, clientLocale, request } from './client.js';

/** How much of an upload has been sent, 0–100. */
export type UploadProgress = (percent: number) => void;

const base = (orgId: string, itemId: string) => `/orgs/${orgId}/items/${itemId}/attachments`;

/**
 * Sends a file as the request's body (the API tells its type by content), with progress. Fetch
 * cannot report an upload's progress, hence XMLHttpRequest; errors come back as {@link ApiError}
 * in the API's words, like every other request's.
 */
function sendFile(path: string, file: File, onProgress: UploadProgress): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}?${new URLSearchParams({ name: file.name })}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', clientLocale());
    // Whatever the browser guesses; never a form type, which the API refuses from a browser.
    xhr.setRequestHeader('Content-Type', file.type && !/^(text\/plain|multipart\/|application\/x-www-form)/.test(file.type) ? file.type : 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status === 201) return resolve(data as Attachment);
      const error = (data as { error?: { code: string; message: string; details?: { path: string; message: string }[] } } | undefined)?.error;
      reject(error ? new ApiError(xhr.status, error.code, error.message, error.details ?? []) : new ApiError(xhr.status, 'http', `HTTP ${xhr.status}`));
    };
    xhr.send(file);
  });
}

export const attachmentsApi = {
  list: (orgId: string, itemId: string) => request<AttachmentList>(base(orgId, itemId)).then((r) => r.attachments),
  upload: (orgId: string, itemId: string, file: File, onProgress: UploadProgress = () => {}) => sendFile(base(orgId, itemId), file, onProgress),
  remove: (orgId: string, itemId: string, id: string) => request<void>(`${base(orgId, itemId)}/${id}`, { method: 'DELETE' }),
  /** Where the browser downloads the file (the session cookie goes with it). */
  href: (orgId: string, itemId: string, id: string) => `/api${base(orgId, itemId)}/${id}`,
};
