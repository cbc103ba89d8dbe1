import type { ImportMapping, ImportPreview } from '@ritm/contracts/imports';
import { ApiError, request } from './client.js';

export type { ImportMapping, ImportPreview };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The type a file is sent as: browsers call a .csv `application/vnd.ms-excel` on Windows and
 * some send nothing at all; the server reads the bytes anyway, but a form type (text/plain) is
 * refused by the cross-site defence, so the admin always names a file type itself.
 *
 * @example uploadType('план.CSV') // 'text/csv'
 */
export function uploadType(fileName: string): string {
  return /\.csv$/i.test(fileName) || /\.txt$/i.test(fileName) ? 'text/csv' : XLSX_TYPE;
}

export interface UploadOptions {
  dryRun: boolean;
  mapping?: ImportMapping;
  locale: string;
  /** Called as the file goes up: the share sent, 0 … 1. */
  onProgress?: (share: number) => void;
}

/** The answer to an upload: a preview (200) or the same with problems (422). */
export interface UploadResult {
  ok: boolean;
  preview: ImportPreview;
}

/**
 * Sends a file to `POST /orgs/:orgId/imports` as the request body. XMLHttpRequest rather than
 * fetch: only it reports how much of a large upload has gone. Any answer but 200/422 becomes an
 * {@link ApiError}, as the one client makes them.
 */
export function uploadImport(orgId: string, file: Blob & { name?: string }, options: UploadOptions): Promise<UploadResult> {
  const query = new URLSearchParams({ dryRun: String(options.dryRun) });
  if (options.mapping) query.set('mapping', JSON.stringify(options.mapping));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/orgs/${orgId}/imports?${query.toString()}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', uploadType(file.name ?? ''));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', options.locale);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if ((xhr.status === 200 || xhr.status === 422) && typeof data === 'object' && data !== null && 'rows' in data) {
        resolve({ ok: xhr.status === 200, preview: data as ImportPreview });
        return;
      }
      const error = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      reject(new ApiError(xhr.status, error?.code ?? (xhr.status >= 500 ? 'server' : 'http'), error?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.send(file);
  });
}

export const importsApi = {
  mapping: (orgId: string) => request<ImportMapping>(`/orgs/${orgId}/imports/mapping`),
  saveMapping: (orgId: string, mapping: ImportMapping) => request<ImportMapping>(`/orgs/${orgId}/imports/mapping`, { method: 'PUT', body: mapping }),
};
