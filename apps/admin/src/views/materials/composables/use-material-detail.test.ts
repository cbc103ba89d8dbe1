import { beforeEach, describe, expect, it, vi } from 'vitest';
import { request } from '../../../api/client.js';
import { detail, placement, storesIn } from './material-test-setup.js';
import { placementLink, statusFilterOf, useMaterialDetail } from './use-material-detail.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const placements = [
  placement({ orgId: 'p1', orgName: 'Первичка А', status: 'placed', url: 'https://vk.com/wall-1_1' }),
  placement({ orgId: 'p2', orgName: 'Первичка Б', status: 'placed', itemId: 'task-p2', attachmentCount: 1 }),
  placement({ orgId: 'p3', orgName: 'Первичка В', status: 'declined', itemId: 'task-p3', declineReason: 'Стенд на ремонте' }),
  placement({ orgId: 'p4', orgName: 'Первичка Г', status: 'pending', itemId: null, localDay: null }),
];

describe('where a placement can be seen', () => {
  it('links the published page, else the task on the target’s calendar, else nothing', () => {
    expect(placementLink(placements[0]!)).toEqual({ href: 'https://vk.com/wall-1_1' });
    expect(placementLink(placements[1]!)).toMatchObject({ to: { name: 'calendar', query: { org: 'p2' } } });
    expect(placementLink(placements[3]!)).toBeNull();
  });

  it('reads the status filter from the address, and nothing else', () => {
    expect(statusFilterOf('declined')).toBe('declined');
    expect(statusFilterOf('lost')).toBeNull();
    expect(statusFilterOf(['placed'])).toBeNull();
  });
});

describe('a material’s placements', () => {
  beforeEach(() => {
    storesIn('ck');
    requestMock.mockReset().mockImplementation(async (_path, o) => (o?.method ? undefined : detail(placements, { tally: { pending: 1, placed: 2, overdue: 0, declined: 1, total: 4 } })));
  });

  it('lists the declined first, then what is owed, then the placed, and filters by status', async () => {
    const screen = useMaterialDetail(() => 'm1');
    await screen.load();
    expect(requestMock).toHaveBeenCalledWith('/orgs/ck/materials/m1');
    expect(screen.rows.value.map((p) => p.orgId)).toEqual(['p3', 'p4', 'p1', 'p2']);
    screen.status.value = 'placed';
    expect(screen.rows.value.map((p) => [p.orgId, p.attachmentCount])).toEqual([
      ['p1', 0],
      ['p2', 1],
    ]);
    screen.status.value = 'declined';
    expect(screen.rows.value[0]?.declineReason).toBe('Стенд на ремонте');
  });

  it('lets the sender withdraw it, and nobody else', async () => {
    const screen = useMaterialDetail(() => 'm1');
    await screen.load();
    expect(screen.mayWithdraw.value).toBe(true);
    expect(await screen.withdraw()).toBe(true);
    expect(requestMock).toHaveBeenCalledWith('/orgs/ck/materials/m1', { method: 'DELETE', version: 1 });

    storesIn('p1');
    const target = useMaterialDetail(() => 'm1');
    await target.load();
    expect(target.mayWithdraw.value).toBe(false);
  });

  it('says a material is missing when the server will not show it', async () => {
    requestMock.mockRejectedValueOnce(Object.assign(new Error('not found'), { status: 404 }));
    const screen = useMaterialDetail(() => 'gone');
    await screen.load();
    expect(screen.missing.value).toBe(true);
    expect(screen.material.value).toBeNull();
  });
});
