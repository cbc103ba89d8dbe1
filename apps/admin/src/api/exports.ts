import { ApiError, apiErrorOf, clientLocale } from './client.js';

// Files the API writes (issue 12): items as XLSX/CSV, a plan's signed form as XLSX/PDF. The
// browser downloads them with the session's cookie; an error answer comes back as an ApiError.

export type ItemExportFormat = 'xlsx' | 'csv';
export type PlanExportFormat = 'xlsx' | 'pdf';

export const itemsExportUrl = (orgId: string, range: { from: string; to: string }, format: ItemExportFormat): string =>
  `/api/orgs/${orgId}/items/export?${new URLSearchParams({ from: range.from, to: range.to, format })}`;

export const planExportUrl = (orgId: string, planId: string, format: PlanExportFormat): string =>
  `/api/orgs/${orgId}/plans/${planId}/export?${new URLSearchParams({ format })}`;

/**
 * The file name a `Content-Disposition` gives: the UTF-8 `filename*` (RFC 5987) when there is one,
 * else the plain `filename`, else `fallback`.
 *
 * @example fileNameOf(`attachment; filename="plan.pdf"; filename*=UTF-8''%D0%BF%D0%BB%D0%B0%D0%BD.pdf`, 'x') // 'план.pdf'
 */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded !== undefined) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      // A malformed name: the plain one below.
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(disposition ?? '')?.[1] || fallback;
}

/** A downloaded file: its bytes and the name the API gave it. */
export interface DownloadedFile {
  blob: Blob;
  name: string;
}

/** Fetches a file with the session; an error answer becomes an {@link ApiError} in the API's words. */
export async function fetchFile(url: string, fallbackName: string): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': clientLocale() } });
  } catch (error) {
    throw new ApiError(0, 'network', (error as Error).message);
  }
  if (!response.ok) throw apiErrorOf(response, await response.json().catch(() => undefined));
  return { blob: await response.blob(), name: fileNameOf(response.headers.get('content-disposition'), fallbackName) };
}

/** Hands a file to the browser's downloads, under its name. */
export function saveFile(file: DownloadedFile): void {
  const href = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = file.name;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the object URL can go once the event loop turns.
  setTimeout(() => URL.revokeObjectURL(href), 0);
}
