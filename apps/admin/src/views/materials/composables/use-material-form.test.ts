import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, sendFile } from '../../../api/client.js';
import { material, storesIn, TREE } from './material-test-setup.js';
import { channelTypesFor, draftProblems, materialBody, targetCandidates, useMaterialForm, type MaterialDraft } from './use-material-form.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn(), sendFile: vi.fn() }));
const requestMock = vi.mocked(request);
const sendFileMock = vi.mocked(sendFile);

const draft = (overrides: Partial<MaterialDraft> = {}): MaterialDraft => ({
  title: '  Коллективный договор  ',
  text: 'Текст',
  deadline: '2026-12-01',
  placeOn: null,
  kind: 'stand_update',
  channelTypes: [],
  targetMode: 'orgs',
  targetOrgIds: ['p1', 'p2'],
  targetKinds: [],
  files: [],
  ...overrides,
});

describe('who a material may go to', () => {
  it('offers every live organisation below the sender, parents first, never itself, an archived one or another tree', () => {
    expect(targetCandidates(TREE, 'ck').map((o) => o.id)).toEqual(['terr', 'p1', 'p2']);
    expect(targetCandidates(TREE, 'terr').map((o) => o.id)).toEqual(['p1', 'p2']);
    expect(targetCandidates(TREE, 'p1')).toEqual([]);
  });
});

describe('the request a draft makes', () => {
  it('names the chosen organisations, trims the texts, and leaves the day to the deadline unless it differs', () => {
    expect(materialBody(draft())).toEqual({ title: 'Коллективный договор', text: 'Текст', deadline: '2026-12-01', kind: 'stand_update', targetOrgIds: ['p1', 'p2'] });
    expect(materialBody(draft({ placeOn: '2026-12-01' }))).not.toHaveProperty('placeOn');
    expect(materialBody(draft({ placeOn: '2026-11-28', channelTypes: ['info_stand', 'vk'] }))).toMatchObject({ placeOn: '2026-11-28', channelTypes: ['info_stand', 'vk'] });
  });

  it('asks for the whole subtree, of the chosen kinds when there are some, and never names organisations with it', () => {
    expect(materialBody(draft({ targetMode: 'subtree' }))).toMatchObject({ targetSubtree: true });
    expect(materialBody(draft({ targetMode: 'subtree' }))).not.toHaveProperty('targetOrgIds');
    expect(materialBody(draft({ targetMode: 'subtree', targetKinds: ['union_primary'] }))).toMatchObject({ targetSubtree: true, targetKinds: ['union_primary'] });
  });

  it('refuses an empty title, a task day after the deadline and a choice that reaches nobody', () => {
    const candidates = targetCandidates(TREE, 'ck');
    expect(draftProblems(draft(), candidates)).toEqual({});
    expect(draftProblems(draft({ title: '  ', placeOn: '2026-12-02', targetOrgIds: [] }), candidates)).toEqual({
      title: 'Обязательное поле',
      placeOn: 'День задачи не может быть позже срока',
      targets: 'Выберите хотя бы одну организацию',
    });
    expect(draftProblems(draft({ targetMode: 'subtree', targetKinds: ['employment_center'] }), candidates)).toEqual({ targets: 'Выберите хотя бы одну организацию' });
  });
});

describe('where a material may be placed', () => {
  it('suggests only the channel types its kind goes on, as for any item', () => {
    expect(channelTypesFor('stand_update')).toEqual(['info_stand', 'info_zone']);
    expect(channelTypesFor('post')).not.toContain('info_stand');
  });
});

describe('sending a material', () => {
  beforeEach(() => {
    storesIn('ck');
    requestMock.mockReset().mockResolvedValue(material({ id: 'new', tally: { pending: 3, placed: 0, overdue: 0, declined: 0, total: 3 } }));
    sendFileMock.mockReset().mockResolvedValue({ status: 201, data: { id: 'a1', name: 'плакат.pdf', contentType: 'application/pdf', size: 4 } });
  });

  it('starts with a week to the deadline and counts who the subtree choice reaches', () => {
    const form = useMaterialForm();
    expect(form.draft.deadline > '2026-01-01').toBe(true);
    form.draft.targetMode = 'subtree';
    expect(form.subtreeCount.value).toBe(3);
    form.draft.targetKinds = ['union_primary'];
    expect(form.subtreeCount.value).toBe(2);
    expect(form.options.orgKinds.value.map((o) => o.value)).toEqual(['union_territorial', 'union_primary']);
  });

  it('drops a suggested channel type the new kind cannot go on, and shows a refused one beside the field', async () => {
    const form = useMaterialForm();
    form.draft.kind = 'stand_update';
    await Promise.resolve();
    form.draft.channelTypes = ['info_stand'];
    expect(form.options.channelTypes.value.map((o) => o.value)).toEqual(['info_stand', 'info_zone']);
    form.draft.kind = 'post';
    await vi.waitFor(() => expect(form.draft.channelTypes).toEqual([]));

    Object.assign(form.draft, draft({ kind: 'stand_update', channelTypes: ['info_stand'] }));
    requestMock.mockRejectedValueOnce(new ApiError(400, 'materialInvalid', 'Материал заполнен неверно', [{ path: 'body.channelTypes[0]', message: 'Этот вид материала так не размещают' }]));
    expect(await form.submit()).toBeNull();
    expect(form.errors).toEqual({ channelTypes: 'Этот вид материала так не размещают' });
  });

  it('posts the material, then its files to it', async () => {
    const form = useMaterialForm();
    Object.assign(form.draft, draft({ deadline: '2026-12-01' }));
    form.addFiles([new File(['%PDF'], 'плакат.pdf', { type: 'application/pdf' })]);
    const sent = await form.submit();
    expect(requestMock).toHaveBeenCalledWith('/orgs/ck/materials', { method: 'POST', body: materialBody(draft()) });
    expect(sendFileMock.mock.calls[0]?.[0]).toBe('/orgs/ck/materials/new/attachments?name=%D0%BF%D0%BB%D0%B0%D0%BA%D0%B0%D1%82.pdf');
    expect(sent?.attachments.map((a) => a.name)).toEqual(['плакат.pdf']);
  });

  it('shows a refused target beside the targets, in the server’s words, and sends no file', async () => {
    requestMock.mockRejectedValueOnce(new ApiError(400, 'validation', 'Проверьте поля', [{ path: 'body.targetOrgIds[1]', message: 'Организация не ниже отправителя' }]));
    const form = useMaterialForm();
    Object.assign(form.draft, draft());
    form.addFiles([new File(['x'], 'a.pdf')]);
    expect(await form.submit()).toBeNull();
    expect(form.errors.targets).toBe('Организация не ниже отправителя');
    expect(sendFileMock).not.toHaveBeenCalled();
  });

  it('keeps the material sent when a file is refused, and says which', async () => {
    sendFileMock.mockResolvedValueOnce({ status: 400, data: { error: { code: 'attachment_type', message: 'Это не фото и не PDF' } } });
    const form = useMaterialForm();
    Object.assign(form.draft, draft());
    form.addFiles([new File(['x'], 'записка.jpg')]);
    expect((await form.submit())?.id).toBe('new');
    expect(form.errors.form).toBe('Материал отправлен, но файл «записка.jpg» не принят: Это не фото и не PDF');
  });

  it('checks the draft before asking the server', async () => {
    const form = useMaterialForm();
    expect(await form.submit()).toBeNull();
    expect(form.errors).toMatchObject({ title: 'Обязательное поле', targets: 'Выберите хотя бы одну организацию' });
    expect(requestMock).not.toHaveBeenCalled();
  });
});
