import type { ImportMapping, ImportPreview } from '@ritm/contracts/imports';
import { apiErrorOf, request, sendFile } from './client.js';

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
 * `ApiError`, as the one client makes them.
 */
export async function uploadImport(orgId: string, file: Blob & { name?: string }, options: UploadOptions): Promise<UploadResult> {
  const query = new URLSearchParams({ dryRun: String(options.dryRun) });
  if (options.mapping) query.set('mapping', JSON.stringify(options.mapping));
  const { status, data } = await sendFile(`/orgs/${orgId}/imports?${query.toString()}`, file, {
    contentType: uploadType(file.name ?? ''),
    locale: options.locale,
    ...(options.onProgress && { onProgress: options.onProgress }),
  });
  if ((status === 200 || status === 422) && typeof data === 'object' && data !== null && 'rows' in data) return { ok: status === 200, preview: data as ImportPreview };
  throw apiErrorOf({ status, statusText: '' }, data);
}

export const importsApi = {
  mapping: (orgId: string) => request<ImportMapping>(`/orgs/${orgId}/imports/mapping`),
  saveMapping: (orgId: string, mapping: ImportMapping) => request<ImportMapping>(`/orgs/${orgId}/imports/mapping`, { method: 'PUT', body: mapping }),
};
