import { createTestingPinia } from '@pinia/testing';
import { flushPromises } from '@vue/test-utils';
import { capabilitiesOf } from '@ritm/domain/access';
import { shippedProductionYear } from '@ritm/domain/production-calendar';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { ProductionCalendar, ProductionDay } from '../../../api/production-calendar.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { useProductionCalendarStore } from '../../../stores/production-calendar.js';
import { centre } from '../../calendar/composables/calendar-test-setup.js';
import { useProductionCalendar } from './use-production-calendar.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const federal2026: ProductionDay[] = shippedProductionYear(2026)!.days.map((d, i) => ({
  ...d,
  id: `f${i}`,
  orgId: null,
  orgName: null,
  shipped: true,
  version: 1,
  updatedAt: '2025-10-01T00:00:00.000Z',
}));
const regional: ProductionDay = { id: 'r1', orgId: 'org', orgName: centre.name, day: '2026-09-21', kind: 'holiday', name: 'День региона', source: 'Закон', shipped: false, version: 1, updatedAt: '2026-02-01T00:00:00.000Z' };

function api(answer: (path: string, options?: RequestOptions) => unknown) {
  const calls: Array<{ path: string; options?: RequestOptions }> = [];
  requestMock.mockImplementation(async (path: string, options?: RequestOptions) => {
    calls.push({ path, ...(options && { options }) });
    return answer(path, options);
  });
  return calls;
}

const year = (days: ProductionDay[], edit: boolean): ProductionCalendar => ({ year: 2026, decree: 'Постановление № 1466', days, may: { edit } });

describe('the production calendar screen', () => {
  beforeEach(() => {
    requestMock.mockReset();
    vi.useFakeTimers({ now: new Date('2026-02-16T09:00:00Z'), toFake: ['Date'] });
    createTestingPinia({ stubActions: false, createSpy: vi.fn });
    const orgs = useOrgsStore();
    orgs.list = [{ ...centre, role: 'admin', roles: ['admin'], capabilities: capabilitiesOf(['admin']) }];
    orgs.currentId = 'org';
  });

  it("shows the current organisation's year month by month: the federal 2026 less the region's own holiday", async () => {
    const calls = api(() => year([...federal2026, regional], false));
    const screen = useProductionCalendar();
    await flushPromises();
    expect(calls[0]).toEqual({ path: '/orgs/org/production-calendar', options: { query: { year: 2026 } } });
    expect(screen.months.value.map((m) => m.working)).toEqual([15, 19, 21, 22, 19, 21, 23, 21, 21, 22, 20, 22]);
    expect(screen.totals.value).toEqual({ working: 246, hours: 246 * 8 - 4 });
    expect(screen.months.value[1]!.days.map((d) => d.name)).toEqual(['День защитника Отечества']);
    expect(screen.scopeOf(regional)).toBe(centre.name);
    expect(screen.scopeOf(federal2026[0]!)).toBe('Федеральный календарь');
    expect(screen.mayEdit.value).toBe(false);
    expect(screen.removable(regional)).toBe(false);
  });

  it('reads the federal calendar when asked, and lets only entries of the calendar shown be removed', async () => {
    const calls = api(() => year(federal2026, true));
    const screen = useProductionCalendar();
    screen.scope.value = 'federal';
    await flushPromises();
    expect(calls.at(-1)?.path).toBe('/production-calendar');
    expect(screen.totals.value.working).toBe(247);
    expect(screen.removable(federal2026[0]!)).toBe(true);
    expect(screen.removable(regional)).toBe(false);
  });

  it("adds the organisation's own day, then reads the calendars again", async () => {
    const production = useProductionCalendarStore();
    production.years = new Map([['org|2026', federal2026]]);
    let days = federal2026;
    const calls = api((path, options) => {
      if (options?.method === 'POST') {
        days = [...days, regional];
        return { id: 'r1', version: 1 };
      }
      return year(days, true);
    });
    const screen = useProductionCalendar();
    await flushPromises();
    Object.assign(screen.form, { day: '2026-09-21', kind: 'holiday', name: ' День региона ', source: 'Закон' });
    expect(await screen.add()).toBe(true);
    expect(calls.find((c) => c.options?.method === 'POST')).toEqual({
      path: '/orgs/org/production-calendar/days',
      options: { method: 'POST', body: { day: '2026-09-21', kind: 'holiday', name: 'День региона', source: 'Закон' } },
    });
    expect(screen.form.name).toBe('');
    expect(production.years.size).toBe(0);
    expect(screen.months.value[8]!.days.map((d) => d.name)).toEqual(['День региона']);
  });

  it("shows the server's reason when a day cannot be added, and refuses a date outside the year shown", async () => {
    api((path, options) => {
      if (options?.method === 'POST') throw new ApiError(400, 'validation', 'Запрос заполнен неверно', [{ path: 'body.day', message: 'рабочим выходным может быть только суббота или воскресенье' }]);
      return year(federal2026, true);
    });
    const screen = useProductionCalendar();
    await flushPromises();
    Object.assign(screen.form, { day: '2026-09-22', kind: 'working_weekend', name: 'Суббота' });
    expect(await screen.add()).toBe(false);
    expect(screen.formError.value).toBe('рабочим выходным может быть только суббота или воскресенье');
    Object.assign(screen.form, { day: '2027-01-11' });
    expect(await screen.add()).toBe(false);
    expect(screen.formError.value).toBe('Выберите дату в 2026 году');
  });

  it('removes an entry with its version', async () => {
    const calls = api((path, options) => (options?.method === 'DELETE' ? undefined : year([...federal2026, regional], true)));
    const screen = useProductionCalendar();
    await flushPromises();
    await screen.remove(regional);
    expect(calls.find((c) => c.options?.method === 'DELETE')).toEqual({ path: '/orgs/org/production-calendar/days/r1', options: { method: 'DELETE', version: 1 } });
  });
});

describe('the effective calendars the calendar view reads', () => {
  beforeEach(() => {
    requestMock.mockReset();
    createTestingPinia({ stubActions: false, createSpy: vi.fn });
  });

  it('loads each year of a range once and gives its holidays to the suggestions', async () => {
    const calls = api((path, options) => year(options?.query?.year === 2026 ? federal2026 : [], false));
    const production = useProductionCalendarStore();
    await production.load('org', '2025-12-29', '2026-03-01');
    await production.load('org', '2026-02-01', '2026-02-28');
    expect(calls.map((c) => c.options?.query?.year)).toEqual([2025, 2026]);
    expect(production.daysOf('org').get('2026-02-23')?.name).toBe('День защитника Отечества');
    expect(production.workingCalendar('org').holidays).toContain('2026-02-23');
    expect(production.daysOf(null).size).toBe(0);
  });
});
