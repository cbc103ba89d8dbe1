import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, sendFile, type RequestOptions } from '../../../api/client.js';
import { received, storesIn } from './material-test-setup.js';
import { useReceivedMaterials } from './use-received-materials.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn(), sendFile: vi.fn() }));
const requestMock = vi.mocked(request);
const sendFileMock = vi.mocked(sendFile);
const writes = () => requestMock.mock.calls.filter(([, o]) => o?.method).map(([path, o]) => [o?.method, path, o?.body]);

const inbox = [
  received({ material: { id: 'done', title: 'Уже размещён', deadline: '2026-11-20' }, placement: { orgId: 'p1', status: 'placed', url: 'https://vk.com/wall-1_1' } }),
  received({ material: { id: 'late', title: 'Просрочен', deadline: '2026-11-22' }, placement: { orgId: 'p1', itemId: 'task-late', status: 'overdue' } }),
  received({ material: { id: 'soon', title: 'Скоро срок', deadline: '2026-12-01', text: 'Текст ЦК' }, placement: { orgId: 'p1', itemId: 'task-soon' } }),
];

describe('materials received from above', () => {
  beforeEach(() => {
    storesIn('p1');
    requestMock.mockReset().mockImplementation(async (path: string, o: RequestOptions = {}) => (o.method ? {} : path.endsWith('/received-materials') ? { received: inbox } : {}));
    sendFileMock.mockReset().mockResolvedValue({ status: 201, data: { id: 'photo', name: 'стенд.jpg' } });
  });

  it('lists what is still owed first, the nearest deadline first, then what was answered', async () => {
    const list = useReceivedMaterials();
    await list.load();
    expect(requestMock).toHaveBeenCalledWith('/orgs/p1/received-materials');
    expect(list.received.value.map((r) => r.material.id)).toEqual(['late', 'soon', 'done']);
    expect(list.openCount.value).toBe(2);
  });

  it('places one with the URL where it was published, and reads the list again', async () => {
    const list = useReceivedMaterials();
    await list.load();
    list.open(list.received.value[1]!, 'place');
    list.answers.draft.url = ' https://vk.com/wall-5_77 ';
    expect(await list.submit()).toBe(true);
    expect(writes()).toEqual([['POST', '/orgs/p1/materials/soon/place', { url: 'https://vk.com/wall-5_77' }]]);
    expect(list.opened.value).toBeNull();
    expect(requestMock.mock.calls.filter(([path]) => path.endsWith('/received-materials'))).toHaveLength(2);
  });

  it('places one with a photo of the stand: the photo goes to the task item first, as any evidence does', async () => {
    const list = useReceivedMaterials();
    await list.load();
    list.open(list.received.value[0]!, 'place');
    list.answers.draft.photo = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'стенд.jpg', { type: 'image/jpeg' });
    expect(await list.submit()).toBe(true);
    expect(sendFileMock.mock.calls[0]?.[0]).toMatch(/^\/orgs\/p1\/items\/task-late\/attachments\?name=/);
    expect(writes()).toEqual([['POST', '/orgs/p1/materials/late/place', {}]]);
  });

  it('asks for a link or a photo, and for a link that is one, before asking the server', async () => {
    const list = useReceivedMaterials();
    await list.load();
    list.open(list.received.value[0]!, 'place');
    expect(await list.submit()).toBe(false);
    expect(list.answers.errors.url).toBe('Нужна ссылка или фото');
    list.answers.draft.url = 'не ссылка';
    expect(await list.submit()).toBe(false);
    expect(list.answers.errors.url).toBeTruthy();
    expect(writes()).toEqual([]);
  });

  it('says the server’s refusal in its words', async () => {
    const list = useReceivedMaterials();
    await list.load();
    list.open(list.received.value[0]!, 'place');
    list.answers.draft.url = 'https://vk.com/wall-5_78';
    requestMock.mockRejectedValueOnce(new ApiError(400, 'placement_needs_evidence', 'Нужна ссылка на публикацию или фото'));
    expect(await list.submit()).toBe(false);
    expect(list.answers.errors.form).toBe('Нужна ссылка на публикацию или фото');
    expect(list.opened.value?.material.id).toBe('late');
  });

  it('adapts the text, starting from the material’s own', async () => {
    const list = useReceivedMaterials();
    await list.load();
    list.open(list.received.value[1]!, 'adapt');
    expect(list.answers.draft.text).toBe('Текст ЦК');
    list.answers.draft.text = 'Наш текст для цеха';
    expect(await list.submit()).toBe(true);
    expect(writes()).toEqual([['POST', '/orgs/p1/materials/soon/adapt', { title: 'Скоро срок', text: 'Наш текст для цеха' }]]);
  });

  it('declines only with a reason', async () => {
    const list = useReceivedMaterials();
    await list.load();
    list.open(list.received.value[1]!, 'decline');
    list.answers.draft.reason = '   ';
    expect(await list.submit()).toBe(false);
    expect(list.answers.errors.reason).toBe('Обязательное поле');
    list.answers.draft.reason = 'Стенд на ремонте до января';
    expect(await list.submit()).toBe(true);
    expect(writes()).toEqual([['POST', '/orgs/p1/materials/soon/decline', { reason: 'Стенд на ремонте до января' }]]);
  });
});
