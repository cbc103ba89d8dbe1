import { ref } from 'vue';
import { fetchFile, itemsExportUrl, planExportUrl, saveFile, type DownloadedFile, type ItemExportFormat, type PlanExportFormat } from '../api/exports.js';
import { useNotify } from './use-notify.js';

/**
 * The «Экспорт» buttons' logic: which download is running (one at a time, its button shows it),
 * the file saved under the API's name, an error told in the UI language.
 */
export function useExport(save: (file: DownloadedFile) => void = saveFile) {
  const notify = useNotify();
  /** The format being downloaded, or null. */
  const busy = ref<string | null>(null);

  async function download(url: string, format: string, fallback: string): Promise<boolean> {
    if (busy.value !== null) return false;
    busy.value = format;
    try {
      save(await fetchFile(url, fallback));
      return true;
    } catch (error) {
      notify.error(error);
      return false;
    } finally {
      busy.value = null;
    }
  }

  return {
    busy,
    /** The organisation's items of the visible range. */
    exportItems: (orgId: string, range: { from: string; to: string }, format: ItemExportFormat) =>
      download(itemsExportUrl(orgId, range, format), format, `ritm-${range.from}-${range.to}.${format}`),
    /** A plan's signed form. */
    exportPlan: (orgId: string, planId: string, format: PlanExportFormat) => download(planExportUrl(orgId, planId, format), format, `ritm-plan.${format}`),
  };
}
