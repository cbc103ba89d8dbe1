import { nextTick, ref } from 'vue';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { AuditEntry } from '../../../api/types.js';
import { i18n } from '../../../i18n.js';
import { shownChanges, useAuditLog, valueText } from './use-audit-log.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);
const settle = () => new Promise((r) => setTimeout(r, 0));

const VK = '0b5f3f36-3a4e-4a25-9a3c-1d5b8a3d0001';
const ANNA = '0b5f3f36-3a4e-4a25-9a3c-1d5b8a3d0002';
const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id: '10',
  at: '2026-11-20T09:30:00.000Z',
  orgId: 'org',
  orgName: 'ЦЗН Кировского района',
  user: { id: ANNA, name: 'Анна', email: 'anna@example.ru' },
  entity: 'item',
  entityId: 'i1',
  action: 'update',
  before: null,
  after: null,
  ...overrides,
});

describe('an audit entry on screen', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'ru';
  });

  it('shows only the fields that changed, before → after, with names for ids and dates formatted', () => {
    const changes = shownChanges(
      entry({
        before: { id: 'i1', title: 'Ярмарка', channelIds: [], at: '2026-11-20', status: 'planned', version: 3 },
        after: { id: 'i1', title: 'Ярмарка', channelIds: [VK], at: '2026-11-21', status: 'planned', version: 4 },
      }),
      { [VK]: 'ВК ЦЗН' },
      'Europe/Moscow',
      'ru',
    );
    expect(changes).toEqual([
      { field: 'channelIds', label: 'каналы', before: '—', after: 'ВК ЦЗН' },
      { field: 'at', label: 'дата', before: '20.11.2026', after: '21.11.2026' },
    ]);
  });

  it('writes yes/no, numbers, instants in the organisation’s zone and nested rules in words', () => {
    expect(valueText(true, {}, 'Europe/Moscow', 'ru')).toBe('да');
    expect(valueText(1500, {}, 'Europe/Moscow', 'ru')).toBe('1\u00a0500');
    expect(valueText('2026-11-20T09:30:00.000Z', {}, 'Europe/Moscow', 'ru')).toBe('20 нояб. 2026, 12:30');
    expect(valueText({ min: 2, per: 'week' }, {}, 'Europe/Moscow', 'ru')).toBe('не менее: 2; за период: week');
    expect(valueText(null, {}, 'Europe/Moscow', 'ru')).toBe('—');
  });
});

describe('the audit log screen', () => {
  beforeEach(() => {
    requestMock.mockReset().mockImplementation(async (path: string) => {
      if (path.endsWith('/members')) return { members: [{ userId: ANNA, name: 'Анна', email: 'anna@example.ru' }] };
      return { entries: [entry()], nextBefore: '10', names: { [VK]: 'ВК ЦЗН' } };
    });
  });

  it('reloads the first page with every filter the person sets, as the API names them', async () => {
    const log = useAuditLog(ref('org'));
    await log.open();
    Object.assign(log.filters, { userId: ANNA, entity: 'channel', action: 'delete', range: ['2026-11-01', '2026-11-30'] });
    await nextTick();
    await settle();
    const audits = requestMock.mock.calls.filter(([path]) => path.endsWith('/audit')).map(([, o]) => (o as RequestOptions).query);
    expect(audits.at(0)).toEqual({ limit: 50 });
    expect(audits.at(-1)).toEqual({ limit: 50, userId: ANNA, entity: 'channel', action: 'delete', from: '2026-11-01', to: '2026-11-30' });
    expect(log.people.value).toEqual([{ value: ANNA, label: 'Анна' }]);
  });

  it('pages on from the last entry and keeps the names of both pages', async () => {
    const log = useAuditLog(ref('org'));
    await log.open();
    requestMock.mockImplementationOnce(async () => ({ entries: [entry({ id: '9' })], nextBefore: null, names: { [ANNA]: 'Анна' } }));
    await log.more();
    expect(requestMock.mock.calls.at(-1)?.[1]).toMatchObject({ query: { limit: 50, before: '10' } });
    expect(log.entries.value.map((e) => e.id)).toEqual(['10', '9']);
    expect(log.names.value).toEqual({ [VK]: 'ВК ЦЗН', [ANNA]: 'Анна' });
    expect(log.next.value).toBeNull();
  });

  it('says "no access" when the server refuses (403), rather than showing an empty list', async () => {
    requestMock.mockReset().mockRejectedValue(new ApiError(403, 'forbidden', 'Недостаточно прав'));
    const log = useAuditLog(ref('org'));
    await log.open();
    expect(log.denied.value).toBe(true);
    expect(requestMock.mock.calls.filter(([path]) => path.endsWith('/members'))).toEqual([]);
  });

  it('names every entity and action it offers as a filter', () => {
    const log = useAuditLog(ref('org'));
    for (const option of [...log.entityOptions.value, ...log.actionOptions.value]) expect(option.label).not.toBe(option.value);
  });
});
