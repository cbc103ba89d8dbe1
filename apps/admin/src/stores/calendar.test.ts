import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client.js';
import type { PlanItem } from '../api/types.js';
import { planItem } from '../test/fixtures.js';
import { useCalendarStore } from './calendar.js';

const getMock = vi.fn<(orgId: string, id: string) => Promise<PlanItem>>();
const updateMock = vi.fn<() => Promise<PlanItem>>();
const listMock = vi.fn<() => Promise<PlanItem[]>>();
const createMock = vi.fn<() => Promise<PlanItem>>();
const auditMock = vi.fn<() => Promise<unknown>>();
const complianceMock = vi.fn<() => Promise<unknown>>();
vi.mock('../api/items.js', () => ({
  itemsApi: { get: (orgId: string, id: string) => getMock(orgId, id), update: () => updateMock(), list: () => listMock(), create: () => createMock() },
}));
vi.mock('../api/compliance.js', () => ({
  auditApi: { list: () => auditMock() },
  complianceApi: { get: () => complianceMock() },
  exemptionsApi: { list: async () => [] },
  normsApi: { effective: async () => [] },
}));

/** A promise and the function that settles it, for answers that arrive in an order the test picks. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const item = planItem;

const refused = new ApiError(409, 'version_conflict', 'Someone else changed this in the meantime');

describe('a refused save in the calendar store', () => {
  beforeEach(() => {
    createTestingPinia({ stubActions: false });
    getMock.mockReset();
    updateMock.mockReset().mockRejectedValue(refused);
    auditMock.mockReset();
  });

  it('names whoever saved the item on the server and when, without reading the audit log', async () => {
    getMock.mockResolvedValue(item({ version: 2, at: '2026-11-25', updatedAt: '2026-11-23T00:15:00.000Z', updatedBy: { id: 'b', name: 'Мария Второва' } }));
    const calendar = useCalendarStore();
    calendar.orgId = 'org';
    expect(await calendar.update(item(), { title: 'Моё' })).toBeNull();
    expect(calendar.conflict).toMatchObject({ mine: { title: 'Моё' }, by: 'Мария Второва', at: '2026-11-23T00:15:00.000Z', itemId: 'item' });
    expect(auditMock).not.toHaveBeenCalled();
  });

  it('falls back to the audit log for an item that names no last editor', async () => {
    getMock.mockResolvedValue(item({ version: 2 }));
    auditMock.mockResolvedValue({ entries: [{ entityId: 'item', user: { name: '', email: 'director@czn.ru' } }] });
    const calendar = useCalendarStore();
    calendar.orgId = 'org';
    await calendar.update(item(), { title: 'Моё' });
    expect(calendar.conflict?.by).toBe('director@czn.ru');
  });
});

describe('answers that arrive out of order in the calendar store', () => {
  beforeEach(() => {
    createTestingPinia({ stubActions: false });
    listMock.mockReset();
    complianceMock.mockReset();
    getMock.mockReset();
    createMock.mockReset();
  });

  it("shows the server's latest judgement, not an older one that arrives after it", async () => {
    const calendar = useCalendarStore();
    const before = deferred<unknown>();
    const after = deferred<unknown>();
    listMock.mockResolvedValue([]);
    complianceMock.mockResolvedValueOnce(null).mockReturnValueOnce(before.promise).mockReturnValueOnce(after.promise);
    await calendar.load('org', 'week', '2026-11-25');
    // Asked twice (a photo attached, then another): the first answer arrives last.
    const first = calendar.refreshCompliance();
    const second = calendar.refreshCompliance();
    after.resolve({ norms: [], asked: 'after' });
    await second;
    before.resolve({ norms: [], asked: 'before' });
    await first;
    expect(calendar.serverCompliance).toEqual({ norms: [], asked: 'after' });
  });

  it('shows a list as soon as it is read: an item saved while the judgement is still out stays', async () => {
    const calendar = useCalendarStore();
    const judgement = deferred<unknown>();
    const created = item({ id: 'new', title: 'Новый пост' });
    listMock.mockResolvedValue([]);
    complianceMock.mockReturnValueOnce(judgement.promise).mockResolvedValue(null);
    createMock.mockResolvedValue(created);
    getMock.mockResolvedValue(created);
    const loading = calendar.load('org', 'week', '2026-11-25');
    await vi.waitFor(() => expect(listMock).toHaveBeenCalledTimes(1));
    await Promise.resolve();
    await calendar.create({ kind: 'post', title: 'Новый пост', at: '2026-11-25', channelIds: [] } as never);
    judgement.resolve(null);
    await loading;
    expect(calendar.items.map((i) => i.id)).toEqual(['new']);
  });

  it('keeps a save that answers after the calendar moved to another organisation out of it', async () => {
    const calendar = useCalendarStore();
    listMock.mockResolvedValue([]);
    complianceMock.mockResolvedValue(null);
    await calendar.load('org', 'week', '2026-11-25');
    const saving = deferred<PlanItem>();
    updateMock.mockReturnValueOnce(saving.promise);
    const pending = calendar.update(item(), { title: 'Моё' });
    await calendar.load('other', 'week', '2026-11-25');
    saving.resolve(item({ title: 'Моё', version: 2 }));
    await pending;
    expect(calendar.items).toEqual([]);
    updateMock.mockRejectedValueOnce(refused);
    getMock.mockResolvedValue(item({ version: 3 }));
    const late = calendar.update(item(), { title: 'Моё' });
    calendar.reset();
    await late;
    expect(calendar.conflict).toBeNull();
  });

  it('reads the list again when an item was saved while it was being read, and stops loading', async () => {
    const calendar = useCalendarStore();
    const stale = deferred<PlanItem[]>();
    const created = item({ id: 'new', title: 'Новый пост' });
    complianceMock.mockResolvedValue(null);
    listMock.mockReturnValueOnce(stale.promise).mockResolvedValueOnce([created]);
    createMock.mockResolvedValue(created);
    getMock.mockResolvedValue(created);
    const loading = calendar.load('org', 'week', '2026-11-25');
    await vi.waitFor(() => expect(listMock).toHaveBeenCalledTimes(1));
    await calendar.create({ kind: 'post', title: 'Новый пост', at: '2026-11-25', channelIds: [] } as never);
    // The list asked before the save answers without the new item.
    stale.resolve([]);
    await loading;
    expect(listMock).toHaveBeenCalledTimes(2);
    expect(calendar.items.map((i) => i.id)).toEqual(['new']);
    expect(calendar.loading).toBe(false);
  });
});
