import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import type { Attachment } from '@ritm/contracts/items';
import { DEFAULT_ATTACHMENT_MAX_MB } from '@ritm/domain/attachment';
import { isConfirmed } from '@ritm/domain/evidence';
import { statusClass } from '@ritm/domain/item';
import { attachmentsApi } from '../../../api/attachments.js';
import { ApiError } from '../../../api/client.js';
import type { PlanItem } from '../../../api/types.js';
import { errorText, useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { useCalendarStore } from '../../../stores/calendar.js';

const MB = 1_048_576;

/** What the evidence block says of an item: confirmed, only claimed, or nothing yet (not done). */
export type EvidenceState = 'confirmed' | 'claimed' | 'not_done';

/**
 * The evidence block's state for an item with `count` attachments: the domain's rule, so the
 * badge says what the server counts.
 *
 * @example evidenceState({ status: 'published', url: null }, 1) // 'confirmed'
 */
export function evidenceState(item: Pick<PlanItem, 'status' | 'url'>, count: number): EvidenceState {
  if (statusClass(item.status) !== 'done') return 'not_done';
  return isConfirmed({ status: item.status, url: item.url, attachmentCount: count }) ? 'confirmed' : 'claimed';
}

/** A file's size as people read it: 512 Б, 1,4 МБ. */
export function fileSize(bytes: number, locale: string): string {
  const ru = locale === 'ru';
  if (bytes < 1024) return `${bytes} ${ru ? 'Б' : 'B'}`;
  const kb = bytes / 1024;
  const format = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  return kb < 1024 ? `${format(kb)} ${ru ? 'КБ' : 'KB'}` : `${format(kb / 1024)} ${ru ? 'МБ' : 'MB'}`;
}

/** An API refusal in the server's own words (they name the limit or the accepted types), else ours. */
export function refusalText(error: unknown): string {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.message ? error.message : errorText(error);
}

/**
 * The attachments of the item open in the drawer: listed when it opens, uploaded with progress,
 * deleted; each change updates the item in the calendar (its count, whether it is confirmed) and
 * asks the server for the norms' statuses again.
 */
export function useItemEvidence(item: Ref<PlanItem | null>, options: { maxMb?: number } = {}) {
  const calendar = useCalendarStore();
  const notify = useNotify();
  const { t } = i18n.global;
  const maxMb = options.maxMb ?? DEFAULT_ATTACHMENT_MAX_MB;
  const attachments = shallowRef<Attachment[]>([]);
  const loading = ref(false);
  const uploading = ref<{ name: string; percent: number } | null>(null);
  const error = ref<string | null>(null);
  const deleting = ref<string | null>(null);
  const state = computed<EvidenceState>(() => (item.value ? evidenceState(item.value, attachments.value.length) : 'not_done'));

  async function load(): Promise<void> {
    const current = item.value;
    attachments.value = [];
    error.value = null;
    if (!current) return;
    loading.value = true;
    try {
      const listed = await attachmentsApi.list(current.orgId, current.id);
      if (item.value?.id === current.id) attachments.value = listed;
    } catch (e) {
      error.value = refusalText(e);
    } finally {
      loading.value = false;
    }
  }
  watch(() => item.value?.id, load, { immediate: true });

  function counted(current: PlanItem, count: number): void {
    const known = calendar.items.find((i) => i.id === current.id) ?? current;
    calendar.put({ ...known, attachmentCount: count, confirmed: isConfirmed({ status: known.status, url: known.url, attachmentCount: count }) });
    // The norm strip counts confirmed items: ask the server again (the browser's preview shows meanwhile).
    calendar.afterChange();
  }

  async function upload(file: File): Promise<boolean> {
    const current = item.value;
    if (!current) return false;
    error.value = null;
    if (file.size > maxMb * MB) {
      error.value = t('evidence.tooLarge', { name: file.name, limit: maxMb });
      return false;
    }
    uploading.value = { name: file.name, percent: 0 };
    try {
      const created = await attachmentsApi.upload(current.orgId, current.id, file, (percent) => {
        if (uploading.value) uploading.value = { name: file.name, percent };
      });
      attachments.value = [...attachments.value, created];
      counted(current, attachments.value.length);
      notify.success(t('evidence.uploaded', { name: file.name }));
      return true;
    } catch (e) {
      error.value = refusalText(e);
      return false;
    } finally {
      uploading.value = null;
    }
  }

  async function remove(attachment: Attachment): Promise<void> {
    const current = item.value;
    if (!current) return;
    deleting.value = attachment.id;
    error.value = null;
    try {
      await attachmentsApi.remove(current.orgId, current.id, attachment.id);
      attachments.value = attachments.value.filter((a) => a.id !== attachment.id);
      counted(current, attachments.value.length);
      notify.success(t('evidence.deleted'));
    } catch (e) {
      error.value = refusalText(e);
    } finally {
      deleting.value = null;
    }
  }

  const href = (attachment: Attachment) => (item.value ? attachmentsApi.href(item.value.orgId, item.value.id, attachment.id) : '#');

  return { attachments, loading, uploading, error, deleting, state, maxMb, load, upload, remove, href };
}
