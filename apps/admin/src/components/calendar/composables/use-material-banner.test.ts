import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick, ref } from 'vue';
import { request, type RequestOptions } from '../../../api/client.js';
import type { PlanItem } from '../../../api/types.js';
import { useCalendarStore } from '../../../stores/calendar.js';
import { planItem } from '../../../test/fixtures.js';
import { calendarOf } from '../../../views/calendar/composables/calendar-test-setup.js';
import { detail, placement } from '../../../views/materials/composables/material-test-setup.js';
import { useMaterialBanner } from './use-material-banner.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);
const writes = () => requestMock.mock.calls.filter(([, o]) => o?.method).map(([path, o]) => [o?.method, path, o?.body]);

// The task at the centre («org» in the calendar's test stores), with a photo of the stand already attached in the drawer.
const task = planItem({ id: 'task', orgId: 'org', title: 'Коллективный договор', materialId: 'm1', attachmentCount: 1 });
const answered = { ...task, status: 'published' as const, version: 2 };

describe('the drawer’s banner of a placement task', () => {
  let placed = false;
  beforeEach(() => {
    placed = false;
    calendarOf({ items: [task] });
    requestMock.mockReset().mockImplementation(async (path: string, o: RequestOptions = {}) => {
      if (o.method) {
        placed = true;
        return {};
      }
      if (path === '/orgs/org/items/task') return answered;
      return detail([placement({ orgId: 'org', itemId: 'task', status: placed ? 'placed' : 'pending' }), placement({ orgId: 'below', orgName: 'Ниже' })], {
        orgName: 'ЦК профсоюза',
      });
    });
  });

  it('reads the material and this organisation’s own placement for a task, and nothing for a plain item', async () => {
    const item = ref<PlanItem | null>(task);
    const banner = useMaterialBanner(item);
    await vi.waitFor(() => expect(banner.material.value?.orgName).toBe('ЦК профсоюза'));
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/materials/m1');
    expect(banner.placement.value?.orgId).toBe('org');
    expect(banner.open.value).toBe(true);

    item.value = planItem({ id: 'plain' });
    await nextTick();
    expect(banner.material.value).toBeNull();
    expect(requestMock.mock.calls.filter(([path]) => path.includes('/materials/'))).toHaveLength(1);
  });

  it('places with the photo already attached, then reads the task again into the calendar', async () => {
    const banner = useMaterialBanner(ref<PlanItem | null>(task));
    await vi.waitFor(() => expect(banner.material.value).not.toBeNull());
    banner.start('place');
    expect(await banner.submit()).toBe(true);
    expect(writes()).toEqual([['POST', '/orgs/org/materials/m1/place', {}]]);
    expect(useCalendarStore().items.find((i) => i.id === 'task')?.status).toBe('published');
    await vi.waitFor(() => expect(banner.placement.value?.status).toBe('placed'));
    expect(banner.open.value).toBe(false);
    expect(banner.mode.value).toBeNull();
  });

  it('declines with a reason from the drawer', async () => {
    const banner = useMaterialBanner(ref<PlanItem | null>(task));
    await vi.waitFor(() => expect(banner.material.value).not.toBeNull());
    banner.start('decline');
    banner.answers.draft.reason = 'Нет стенда';
    expect(await banner.submit()).toBe(true);
    expect(writes()).toEqual([['POST', '/orgs/org/materials/m1/decline', { reason: 'Нет стенда' }]]);
  });
});
