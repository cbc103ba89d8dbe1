import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request } from '../api/client.js';
import type { ProductionCalendar } from '../api/production-calendar.js';
import { useProductionCalendarStore } from './production-calendar.js';

vi.mock('../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const year2027: ProductionCalendar = {
  year: 2027,
  decree: null,
  days: [{ id: 'd1', orgId: null, orgName: null, day: '2027-02-23', kind: 'holiday', name: 'День защитника Отечества', source: 'ТК РФ, ст. 112', shipped: true, version: 1, updatedAt: '2026-01-01T00:00:00.000Z' }],
  may: { edit: false },
} as unknown as ProductionCalendar;

describe('the production calendar store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    requestMock.mockReset();
  });

  it('asks again for a year the server could not give, so gap drafts do not lose the holidays until the next sign-in', async () => {
    const store = useProductionCalendarStore();
    requestMock.mockRejectedValueOnce(new ApiError(503, 'unavailable', 'База данных недоступна'));
    await store.load('org', '2027-02-01', '2027-02-28');
    expect(store.daysOf('org').size).toBe(0);

    requestMock.mockResolvedValueOnce(year2027);
    await store.load('org', '2027-02-01', '2027-02-28');
    expect([...store.daysOf('org').keys()]).toEqual(['2027-02-23']);
    expect(store.workingCalendar('org').holidays).toContain('2027-02-23');

    // Loaded once, kept: no third request.
    await store.load('org', '2027-02-01', '2027-02-28');
    expect(requestMock).toHaveBeenCalledTimes(2);
  });
});
