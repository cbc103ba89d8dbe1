import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EVIDENCE_POST_STATES, EVIDENCE_SOURCE_TYPES } from '@ritm/domain/evidence-source';
import { ApiError, request, sendFile, type RequestOptions } from '../../../api/client.js';
import type { EvidenceReadResult, EvidenceSource } from '../../../api/evidence.js';
import { i18n } from '../../../i18n.js';
import en from '../../../locales/en/evidence-sources.json';
import ru from '../../../locales/ru/evidence-sources.json';
import { useOrgsStore } from '../../../stores/orgs.js';
import { centre } from '../../calendar/composables/calendar-test-setup.js';
import { blankSourceForm, checkSourceForm, readSummary, sourceFacts, toSourceCreate, useEvidenceSources } from './use-evidence-sources.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn(), sendFile: vi.fn() }));
const requestMock = vi.mocked(request);
const sendFileMock = vi.mocked(sendFile);
const writes = () => requestMock.mock.calls.filter(([, o]) => o?.method).map(([path, o]) => [o?.method, path, o?.body, o?.version]);

export function source(overrides: Partial<EvidenceSource> = {}): EvidenceSource {
  return {
    id: 'src',
    orgId: 'org',
    channelId: 'site',
    type: 'feed',
    name: 'Новости сайта',
    url: 'https://czn.example/feed',
    target: null,
    hasToken: false,
    enabled: true,
    intervalMinutes: 30,
    lastFetchedAt: null,
    lastSuccessAt: null,
    nextFetchAt: null,
    lastError: null,
    postCount: 0,
    version: 2,
    createdAt: '2026-11-20T07:00:00.000Z',
    ...overrides,
  };
}

const result = (overrides: Partial<EvidenceReadResult> = {}): EvidenceReadResult => ({
  source: source({ postCount: 3, lastFetchedAt: '2026-11-25T07:00:00.000Z', version: 3 }),
  notModified: false,
  read: 3,
  matched: 2,
  unplanned: 1,
  updated: 0,
  unknownRows: [],
  ...overrides,
});

function setUp(capabilities: string[] = centre.capabilities, listed: EvidenceSource[] = [source(), source({ id: 'vk-src', channelId: 'vk', type: 'vk', url: null, target: 'club1', hasToken: true })]) {
  createTestingPinia({ stubActions: false, createSpy: vi.fn });
  const orgs = useOrgsStore();
  orgs.list = [{ ...centre, capabilities: capabilities as typeof centre.capabilities }];
  orgs.currentId = 'org';
  requestMock.mockReset().mockImplementation(async (path: string, o: RequestOptions = {}) => {
    if (path.endsWith('/fetch')) return result();
    if (o.method === 'POST') return { id: 'new', version: 1 };
    if (o.method === 'PATCH') return source({ ...(o.body as object), version: 3 });
    if (o.method === 'DELETE') return undefined;
    return { sources: listed };
  });
  sendFileMock.mockReset();
}

describe('the sources add form', () => {
  beforeEach(() => setUp());

  it('sends only the chosen type’s fields, trimmed, an empty name left out', () => {
    expect(toSourceCreate({ ...blankSourceForm(), url: ' https://czn.example/feed ', token: 'left over' })).toEqual({ type: 'feed', url: 'https://czn.example/feed', intervalMinutes: 30 });
    expect(toSourceCreate({ ...blankSourceForm(), type: 'vk', community: 'club123', token: ' vk1.a.secret ', name: 'Группа' })).toEqual({
      type: 'vk',
      community: 'club123',
      token: 'vk1.a.secret',
      name: 'Группа',
      intervalMinutes: 30,
    });
    expect(toSourceCreate({ ...blankSourceForm(), type: 'telegram_bot', chat: '@czn_news', token: '123:ABC' })).toMatchObject({ type: 'telegram_bot', chat: '@czn_news', token: '123:ABC' });
    expect(toSourceCreate({ ...blankSourceForm(), type: 'telegram_export', username: '' })).toEqual({ type: 'telegram_export' });
    expect(toSourceCreate({ ...blankSourceForm(), type: 'stats_csv', url: 'x' })).toEqual({ type: 'stats_csv' });
  });

  it('checks each type’s fields with the contract’s rules and says what is wrong', () => {
    expect(checkSourceForm({ ...blankSourceForm(), url: 'czn.example/feed' })).toEqual({ url: 'Ссылка должна начинаться с http:// или https://' });
    expect(checkSourceForm({ ...blankSourceForm(), type: 'vk', community: 'https://vk.com/czn' })).toEqual({
      community: expect.stringContaining('id сообщества'),
      token: 'Обязательное поле',
    });
    expect(checkSourceForm({ ...blankSourceForm(), type: 'telegram_bot', chat: 'czn', token: 't' })).toEqual({ chat: expect.stringContaining('@имя') });
    expect(checkSourceForm({ ...blankSourceForm(), url: 'https://czn.example/feed', intervalMinutes: 2 })).toEqual({ intervalMinutes: 'От 5 до 1440 минут' });
    expect(checkSourceForm({ ...blankSourceForm(), type: 'stats_csv' })).toEqual({});
  });

  it('creates a feed on the open channel, forgets the token and reloads the list', async () => {
    const screen = useEvidenceSources();
    screen.open('site');
    Object.assign(screen.form, { type: 'vk', community: '-123', token: 'secret' });
    await screen.add();
    expect(writes()).toEqual([['POST', '/orgs/org/channels/site/sources', { type: 'vk', community: '-123', token: 'secret', intervalMinutes: 30 }, undefined]]);
    expect(screen.form.token).toBe('');
    expect(screen.form.type).toBe('vk');
    expect(screen.sources.value).toHaveLength(2);
  });

  it('keeps a source just added when the list asked before it answers after it', async () => {
    const screen = useEvidenceSources();
    const server = requestMock.getMockImplementation()!;
    let first: (value: unknown) => void = () => {};
    requestMock.mockImplementationOnce(() => new Promise((resolve) => (first = resolve)));
    const opening = screen.load();
    screen.open('site');
    Object.assign(screen.form, { type: 'feed', url: 'https://czn.example/feed' });
    requestMock.mockImplementation(server);
    await screen.add();
    expect(screen.sources.value).toHaveLength(2);
    first({ sources: [] });
    await opening;
    expect(screen.sources.value).toHaveLength(2);
  });

  it('shows the server’s refusal in its words (no secret key on the server)', async () => {
    const screen = useEvidenceSources();
    screen.open('site');
    Object.assign(screen.form, { type: 'vk', community: '123', token: 'secret' });
    requestMock.mockRejectedValueOnce(new ApiError(409, 'evidence_source_secret_key_missing', 'На сервере не задан RITM_SECRET_KEY'));
    await screen.add();
    expect(screen.errors.value).toEqual({ form: 'На сервере не задан RITM_SECRET_KEY' });
    expect(screen.form.token).toBe('secret');
  });
});

describe('a channel’s sources', () => {
  beforeEach(() => setUp());

  it('lists the organisation’s sources by channel and opens one channel’s panel at a time', async () => {
    const screen = useEvidenceSources();
    await screen.load();
    expect(screen.ofChannel('site').map((s) => s.id)).toEqual(['src']);
    screen.open('site');
    screen.open('vk');
    expect(screen.openChannelId.value).toBe('vk');
    screen.open('vk');
    expect(screen.openChannelId.value).toBeNull();
  });

  it('tells when a source was read, when it is read next and its error as the server words it, never a token', () => {
    const facts = sourceFacts(
      source({ lastFetchedAt: '2026-11-25T07:00:00.000Z', nextFetchAt: '2026-11-25T07:30:00.000Z', lastError: { code: 'timeout', message: 'Сайт не ответил за 15 секунд', at: '2026-11-25T07:00:00.000Z' } }),
      'Europe/Moscow',
      'ru',
    );
    expect(facts).toEqual({ address: 'https://czn.example/feed', lastRead: '25 нояб. 2026, 10:00', nextRead: '25 нояб. 2026, 10:30', error: 'Сайт не ответил за 15 секунд', token: null });
    expect(sourceFacts(source({ type: 'vk', url: null, target: 'club1', hasToken: true }), 'Europe/Moscow', 'ru')).toMatchObject({ address: 'club1', lastRead: 'ещё не читался', token: 'токен сохранён' });
    expect(sourceFacts(source({ type: 'stats_csv', url: null }), 'Europe/Moscow', 'ru').nextRead).toBe('по загрузке файла');
    expect(sourceFacts(source({ enabled: false }), 'Europe/Moscow', 'ru').nextRead).toBe('отключён');
  });

  it('reads a source now and says what the read did', async () => {
    const screen = useEvidenceSources();
    await screen.load();
    await screen.fetchNow(screen.sources.value[0]!);
    expect(writes()).toEqual([['POST', '/orgs/org/channels/site/sources/src/fetch', undefined, undefined]]);
    expect(screen.outcomes.value.src).toEqual({ ok: true, lines: ['Прочитано публикаций: 3. Совпали с планом: 2, вне плана: 1, обновлён охват: 0.'] });
    expect(screen.sources.value[0]!.postCount).toBe(3);
    expect(screen.reading.value).toBeNull();
  });

  it('shows a refused read in the server’s words and reloads the source with its last error', async () => {
    const screen = useEvidenceSources();
    await screen.load();
    requestMock.mockRejectedValueOnce(new ApiError(422, 'evidence_source_malformed', 'Это не лента RSS, Atom или JSON Feed'));
    await screen.fetchNow(screen.sources.value[0]!);
    expect(screen.outcomes.value.src).toEqual({ ok: false, lines: ['Это не лента RSS, Atom или JSON Feed'] });
    expect(requestMock.mock.calls.filter(([path, o]) => path === '/orgs/org/evidence/sources' && !o?.method)).toHaveLength(2);
  });

  it('uploads a Telegram export as JSON and statistics as CSV, and lists unknown rows', async () => {
    const screen = useEvidenceSources();
    const exportSource = source({ id: 'tg', type: 'telegram_export', url: null });
    sendFileMock.mockResolvedValueOnce({ status: 200, data: result({ source: exportSource }) });
    await screen.upload(exportSource, new Blob(['{}']));
    expect(sendFileMock.mock.calls[0]!.slice(0, 1)).toEqual(['/orgs/org/channels/site/sources/tg/upload']);
    expect(sendFileMock.mock.calls[0]![2]).toMatchObject({ contentType: 'application/json' });
    const csv = source({ id: 'csv', type: 'stats_csv', url: null });
    sendFileMock.mockResolvedValueOnce({ status: 200, data: result({ source: csv, read: 2, matched: 0, unplanned: 0, updated: 2, unknownRows: [4, 7] }) });
    await screen.upload(csv, new Blob(['date,views']));
    expect(sendFileMock.mock.calls[1]![2]).toMatchObject({ contentType: 'text/csv' });
    expect(screen.outcomes.value.csv!.lines).toEqual(['Прочитано публикаций: 2. Совпали с планом: 0, вне плана: 0, обновлён охват: 2.', 'Строки, в которых нет известной публикации: 4, 7.']);
    sendFileMock.mockResolvedValueOnce({ status: 422, data: { error: { code: 'evidence_source_wrong_kind', message: 'Это выгрузка личного чата, а не канала' } } });
    await screen.upload(exportSource, new Blob(['{}']));
    expect(screen.outcomes.value.tg).toEqual({ ok: false, lines: ['Это выгрузка личного чата, а не канала'] });
  });

  it('says a source is unchanged when the server answered 304', () => {
    expect(readSummary(result({ notModified: true }))).toEqual(['С прошлого чтения в источнике ничего не изменилось.']);
  });

  it('switches a source off and deletes one with the versions they were shown at', async () => {
    const screen = useEvidenceSources();
    await screen.load();
    await screen.setEnabled(screen.sources.value[0]!, false);
    expect(screen.sources.value[0]!.enabled).toBe(false);
    await screen.remove(screen.sources.value[1]!);
    expect(writes()).toEqual([
      ['PATCH', '/orgs/org/channels/site/sources/src', { enabled: false, version: 2 }, 2],
      ['DELETE', '/orgs/org/channels/vk/sources/vk-src', undefined, 2],
    ]);
    expect(screen.sources.value.map((s) => s.id)).toEqual(['src']);
  });

  it('offers configuring with catalogue.edit and reading with item.edit, as the server grants them', () => {
    expect(useEvidenceSources().canConfigure.value).toBe(true);
    setUp(['org.read']);
    const viewer = useEvidenceSources();
    expect([viewer.canConfigure.value, viewer.canRead.value]).toEqual([false, false]);
  });
});

describe('the evidence sources’ texts', () => {
  const keys = (node: unknown, prefix = ''): string[] =>
    typeof node === 'object' && node !== null ? Object.entries(node).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k)) : [prefix];

  it('has every text in Russian and in English', () => {
    expect(keys(en).sort()).toEqual(keys(ru).sort());
  });

  it('names every source type and post state in both languages', () => {
    for (const locale of ['ru', 'en'] as const) {
      for (const type of EVIDENCE_SOURCE_TYPES) expect(i18n.global.te(`evidenceSources.types.${type}`, locale)).toBe(true);
      for (const state of EVIDENCE_POST_STATES) expect(i18n.global.te(`evidenceSources.review.states.${state}`, locale)).toBe(true);
    }
  });
});
