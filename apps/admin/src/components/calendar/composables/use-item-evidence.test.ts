import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import type { Attachment } from '@ritm/contracts/items';
import { attachmentsApi } from '../../../api/attachments.js';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import { planItem } from '../../../test/fixtures.js';
import { calendarOf } from '../../../views/calendar/composables/calendar-test-setup.js';
import { evidenceState, fileSize, useItemEvidence } from './use-item-evidence.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const stand = planItem({ id: 'stand', kind: 'stand_update', status: 'published', at: '2026-11-20', localDay: '2026-11-20' });
const photo: Attachment = {
  id: 'photo',
  itemId: 'stand',
  name: 'стенд.jpg',
  contentType: 'image/jpeg',
  size: 2_400_000,
  sha256: 'a'.repeat(64),
  uploadedAt: '2026-11-20T09:00:00.000Z',
  uploadedBy: { id: 'u', name: 'Мария' },
};
const file = (name: string, size: number) => new File([new Uint8Array(size)], name, { type: 'image/jpeg' });

describe("an item's evidence in the drawer", () => {
  beforeEach(() => {
    requestMock.mockReset();
    vi.restoreAllMocks();
  });

  it('says confirmed, claimed or nothing as the domain counts it', () => {
    expect(evidenceState(stand, 0)).toBe('claimed');
    expect(evidenceState(stand, 1)).toBe('confirmed');
    expect(evidenceState({ ...stand, url: 'https://vk.com/wall-1_1' }, 0)).toBe('confirmed');
    expect(evidenceState({ ...stand, status: 'planned' }, 3)).toBe('not_done');
  });

  it('shows sizes as people read them', () => {
    expect(fileSize(512, 'ru')).toBe('512 Б');
    expect(fileSize(2_400_000, 'ru')).toBe('2,3 МБ');
    expect(fileSize(1536, 'en')).toBe('1.5 KB');
  });

  it('lists the files when the item opens, and an upload confirms the item in the calendar and asks for the norms again', async () => {
    const { calendar } = calendarOf({ items: [stand] });
    requestMock.mockImplementation(async (path: string) => (path.endsWith('/attachments') ? { attachments: [] } : { results: [], overdue: [] }));
    const upload = vi.spyOn(attachmentsApi, 'upload').mockImplementation(async (_o, _i, _f, progress) => {
      progress?.(50);
      return photo;
    });
    const evidence = useItemEvidence(ref(stand));
    await flushPromises();
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/items/stand/attachments');
    expect(evidence.state.value).toBe('claimed');

    expect(await evidence.upload(file('стенд.jpg', 1000))).toBe(true);
    expect(upload).toHaveBeenCalledWith('org', 'stand', expect.any(File), expect.any(Function));
    expect(evidence.attachments.value).toEqual([photo]);
    expect(evidence.state.value).toBe('confirmed');
    expect(evidence.uploading.value).toBeNull();
    expect(calendar.items[0]).toMatchObject({ id: 'stand', attachmentCount: 1, confirmed: true });
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/compliance', expect.anything());
  });

  it('refuses a file over the limit before sending it, and shows the server’s refusal in its words', async () => {
    calendarOf({ items: [stand] });
    requestMock.mockResolvedValue({ attachments: [] });
    const upload = vi.spyOn(attachmentsApi, 'upload').mockRejectedValue(new ApiError(415, 'unsupported_media_type', 'Это не фото и не PDF'));
    const evidence = useItemEvidence(ref(stand), { maxMb: 1 });
    await flushPromises();
    expect(await evidence.upload(file('огромное.jpg', 2 * 1_048_576))).toBe(false);
    expect(upload).not.toHaveBeenCalled();
    expect(evidence.error.value).toBe('Файл «огромное.jpg» больше 1 МБ');
    expect(await evidence.upload(file('текст.jpg', 10))).toBe(false);
    expect(evidence.error.value).toBe('Это не фото и не PDF');
  });

  it('deletes a file, and the item is only claimed again', async () => {
    const { calendar } = calendarOf({ items: [{ ...stand, attachmentCount: 1, confirmed: true }] });
    requestMock.mockImplementation(async (path: string, options?: RequestOptions) =>
      options?.method === 'DELETE' ? undefined : path.endsWith('/attachments') ? { attachments: [photo] } : { results: [], overdue: [] },
    );
    const evidence = useItemEvidence(ref(stand));
    await flushPromises();
    expect(evidence.state.value).toBe('confirmed');
    await evidence.remove(photo);
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/items/stand/attachments/photo', { method: 'DELETE' });
    expect(evidence.attachments.value).toEqual([]);
    expect(calendar.items[0]).toMatchObject({ attachmentCount: 0, confirmed: false });
    expect(evidence.href(photo)).toBe('/api/orgs/org/items/stand/attachments/photo');
  });
});
