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
    complianceMock.mockReturnValueOnce(before.promise).mockReturnValueOnce(after.promise);
    const loading = calendar.load('org', 'week', '2026-11-25');
    await vi.waitFor(() => expect(complianceMock).toHaveBeenCalledTimes(1));
    // A photo is attached: the strip asks again while the first question is still out.
    calendar.afterChange();
    after.resolve({ norms: [], asked: 'after' });
    before.resolve({ norms: [], asked: 'before' });
    await loading;
    await vi.waitFor(() => expect(calendar.serverCompliance).toEqual({ norms: [], asked: 'after' }));
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
