import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { Audience, KeyMessage } from '../../../api/types.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { centre } from '../../calendar/composables/calendar-test-setup.js';
import { channel } from '../../../test/fixtures.js';
import { audienceCatalogue, channelCatalogue, checkForm, keyMessageCatalogue, useCatalogue } from './use-catalogue.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);
const writes = () => requestMock.mock.calls.filter(([, o]) => o?.method && o.method !== 'GET').map(([path, o]) => [o?.method, path, o?.body, o?.version]);
const reads = () => requestMock.mock.calls.filter(([, o]) => !o?.method).map(([path]) => path);

const families: Audience = { id: 'families', orgId: 'org', name: 'Семьи', description: '', version: 4 };
const message: KeyMessage = { id: 'km', orgId: 'org', text: 'Работа рядом', priority: 1, audienceIds: [], version: 7 };

/** The centre's catalogue screen, the API answering writes and reading back `lists`. */
function setUp(lists: { channels: object[]; audiences: object[]; keyMessages: object[] }): void {
  createTestingPinia({ stubActions: false, createSpy: vi.fn });
  const orgs = useOrgsStore();
  orgs.list = [centre];
  orgs.currentId = 'org';
  requestMock.mockReset().mockImplementation(async (path: string, o: RequestOptions = {}) => {
    if (o.method === 'POST') return { id: 'new', version: 1 };
    if (o.method) return o.method === 'DELETE' ? undefined : {};
    return path.endsWith('/members') ? [] : lists;
  });
}

describe('a catalogue screen', () => {
  beforeEach(() => setUp({ channels: [], audiences: [], keyMessages: [] }));

  it('offers editing only where the server grants catalogue.edit: a viewer or a director sees no add form', () => {
    const orgs = useOrgsStore();
    expect(useCatalogue(channelCatalogue).canEdit.value).toBe(true);
    orgs.list = [{ ...centre, role: 'viewer', roles: ['viewer'], capabilities: ['org.read'] }];
    expect(useCatalogue(channelCatalogue).canEdit.value).toBe(false);
    orgs.list = [{ ...centre, role: 'director', roles: ['director'], capabilities: ['org.read', 'plan.approve', 'exemption.grant', 'audit.read'] }];
    expect(useCatalogue(audienceCatalogue).canEdit.value).toBe(false);
  });

  it('loads the catalogue afresh when it opens', async () => {
    useCatalogue(audienceCatalogue);
    await new Promise((r) => setTimeout(r, 0));
    expect(reads()).toEqual(expect.arrayContaining(['/orgs/org/channels', '/orgs/org/audiences', '/orgs/org/key-messages']));
  });

  it('creates a channel with the trimmed fields, keeps its type for the next one and reloads', async () => {
    const screen = useCatalogue(channelCatalogue);
    Object.assign(screen.form, { type: 'telegram', name: '  Телеграм ЦЗН ', url: ' https://t.me/czn ', since: '2026-01-01' });
    requestMock.mockClear();
    await screen.add();
    expect(writes()).toEqual([['POST', '/orgs/org/channels', { type: 'telegram', name: 'Телеграм ЦЗН', url: 'https://t.me/czn', since: '2026-01-01' }, undefined]]);
    expect(screen.form).toEqual({ type: 'telegram', name: '', url: '', since: '2026-01-01' });
    expect(reads()).toContain('/orgs/org/channels');
  });

  it('sends no channel with a bad link or without a name, and says why', async () => {
    const screen = useCatalogue(channelCatalogue);
    screen.form.url = 'www.czn.ru';
    await screen.add();
    expect(writes()).toEqual([]);
    expect(screen.errors.value).toEqual({ name: 'Обязательное поле', url: 'Ссылка должна начинаться с http:// или https://' });
  });

  it('renames an audience and switches a channel off with the versions they were shown at', async () => {
    await useCatalogue(audienceCatalogue).update(families, { name: 'Многодетные семьи' });
    await useCatalogue(channelCatalogue).update(channel({ version: 3 }), { active: false });
    expect(writes()).toEqual([
      ['PATCH', '/orgs/org/audiences/families', { name: 'Многодетные семьи' }, 4],
      ['PATCH', '/orgs/org/channels/vk', { active: false }, 3],
    ]);
  });

  it('deletes a key message with its version', async () => {
    await useCatalogue(keyMessageCatalogue).remove(message);
    expect(writes()).toEqual([['DELETE', '/orgs/org/key-messages/km', undefined, 7]]);
  });

  it('keeps the priority and audiences of a key message for the next one', async () => {
    const screen = useCatalogue(keyMessageCatalogue);
    Object.assign(screen.form, { text: 'Пособие без очередей', priority: 1, audienceIds: ['families'] });
    await screen.add();
    expect(writes()).toEqual([['POST', '/orgs/org/key-messages', { text: 'Пособие без очередей', priority: 1, audienceIds: ['families'] }, undefined]]);
    expect(screen.form).toEqual({ text: '', priority: 1, audienceIds: ['families'] });
  });

  it('shows a refused add above the form and keeps what was typed', async () => {
    const screen = useCatalogue(audienceCatalogue);
    Object.assign(screen.form, { name: 'Семьи', description: 'С детьми' });
    requestMock.mockRejectedValueOnce(new ApiError(409, 'duplicate', 'exists'));
    await screen.add();
    expect(writes()).toEqual([['POST', '/orgs/org/audiences', { name: 'Семьи', description: 'С детьми' }, undefined]]);
    expect(screen.errors.value).toEqual({ form: expect.any(String) });
    expect(screen.form).toEqual({ name: 'Семьи', description: 'С детьми' });
  });
});

describe('editing and deleting a catalogue entry', () => {
  beforeEach(() => setUp({ channels: [], audiences: [{ ...families, name: 'Семьи с детьми', version: 5 }], keyMessages: [] }));

  it('edits every field the API accepts, sent with the version it was shown at', async () => {
    const screen = useCatalogue(channelCatalogue);
    screen.edit(channel({ version: 3, url: null, since: null }));
    Object.assign(screen.editForm, { type: 'telegram', name: ' Телеграм ', url: 'https://t.me/czn', since: '2026-02-01' });
    requestMock.mockClear();
    await screen.save();
    expect(writes()).toEqual([['PATCH', '/orgs/org/channels/vk', { type: 'telegram', name: 'Телеграм', url: 'https://t.me/czn', since: '2026-02-01' }, 3]]);
    expect(screen.editing.value).toBeNull();
  });

  it('checks an edit with the same rules as an add, and sends nothing wrong', async () => {
    const screen = useCatalogue(audienceCatalogue);
    screen.edit(families);
    screen.editForm.name = ' ';
    requestMock.mockClear();
    await screen.save();
    expect(writes()).toEqual([]);
    expect(screen.editErrors.value).toEqual({ name: 'Обязательное поле' });
  });

  it('on a stale version says so in words and offers to load the entry as it is now', async () => {
    const screen = useCatalogue(audienceCatalogue);
    screen.edit(families);
    screen.editForm.name = 'Многодетные';
    requestMock.mockRejectedValueOnce(new ApiError(409, 'version_conflict', 'Version conflict', [], 5));
    await screen.save();
    expect(screen.stale.value).toBe(true);
    expect(screen.editErrors.value).toEqual({ form: 'Запись уже изменил другой пользователь.' });
    await screen.reloadEditing();
    expect(screen.editForm).toEqual({ name: 'Семьи с детьми', description: '' });
    expect(screen.editing.value).toMatchObject({ version: 5 });
    expect(screen.stale.value).toBe(false);
  });

  it("shows the server's words when an entry items use cannot be deleted, and keeps it", async () => {
    const screen = useCatalogue(audienceCatalogue);
    requestMock.mockRejectedValueOnce(new ApiError(409, 'audience_in_use', 'Нельзя удалить: аудитория указана в публикациях (2 шт.). Сначала уберите её из них'));
    await screen.remove(families);
    expect(screen.removeError.value).toBe('Нельзя удалить: аудитория указана в публикациях (2 шт.). Сначала уберите её из них');
  });
});

describe("checking an add form with the contract's schema", () => {
  it('skips an optional field left empty and says how long a text may be', () => {
    expect(checkForm({ name: 'Семьи', description: '' }, audienceCatalogue.checks)).toEqual({});
    expect(checkForm({ name: 'я'.repeat(301), description: '' }, audienceCatalogue.checks)).toEqual({ name: 'Не длиннее 300 символов' });
  });
});
