import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client.js';
import type { PlanItem } from '../api/types.js';
import { planItem } from '../test/fixtures.js';
import { useCalendarStore } from './calendar.js';

const getMock = vi.fn<(orgId: string, id: string) => Promise<PlanItem>>();
const updateMock = vi.fn<() => Promise<PlanItem>>();
const auditMock = vi.fn<() => Promise<unknown>>();
vi.mock('../api/items.js', () => ({ itemsApi: { get: (orgId: string, id: string) => getMock(orgId, id), update: () => updateMock() } }));
vi.mock('../api/compliance.js', () => ({ auditApi: { list: () => auditMock() }, complianceApi: {}, exemptionsApi: {}, normsApi: {} }));

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
