import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PLACEMENT_STATUSES } from '@ritm/domain/materials';
import { request, type RequestOptions } from '../../../api/client.js';
import { i18n, LOCALES } from '../../../i18n.js';
import { material, storesIn } from './material-test-setup.js';
import { ratePercent, tallyLabel, tallySegments, tallyText, useMaterialList } from './use-materials.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const twoOfThree = { pending: 0, placed: 2, overdue: 0, declined: 1, total: 3 };

describe('a tally as the sender reads it', () => {
  afterEach(() => {
    i18n.global.locale.value = 'ru';
  });

  it('draws placed, pending, overdue and declined in that order, each by its share, and leaves out the empty ones', () => {
    expect(tallySegments({ pending: 1, placed: 2, overdue: 0, declined: 1, total: 4 })).toEqual([
      { status: 'placed', count: 2, percent: 50 },
      { status: 'pending', count: 1, percent: 25 },
      { status: 'declined', count: 1, percent: 25 },
    ]);
    expect(tallySegments({ pending: 0, placed: 0, overdue: 0, declined: 0, total: 0 })).toEqual([]);
  });

  it('says «2 из 3» and the whole sentence for a screen reader, in Russian and English', () => {
    expect(tallyText(twoOfThree)).toBe('2 из 3');
    expect(tallyLabel(twoOfThree)).toBe('Размещено 2 из 3: размещено 2, отказ 1');
    expect(ratePercent(twoOfThree)).toBe(67);
    i18n.global.locale.value = 'en';
    expect(tallyText(twoOfThree)).toBe('2 of 3');
    expect(tallyLabel(twoOfThree)).toBe('Placed 2 of 3: placed 2, declined 1');
  });

  it('names every placement status in every language', () => {
    for (const locale of LOCALES) for (const status of PLACEMENT_STATUSES) expect(i18n.global.te(`materials.status.${status}`, locale)).toBe(true);
  });
});

describe('lists of materials', () => {
  beforeEach(() => {
    storesIn('ck');
    requestMock.mockReset().mockImplementation(async (_path: string, o: RequestOptions = {}) => {
      const q = o.query ?? {};
      if (q.direction === 'below') return { materials: [material({ id: 'below', orgId: 'terr', deadline: '2026-11-28', tally: { pending: 3, placed: 0, overdue: 1, declined: 0, total: 4 } })] };
      return { materials: [material({ id: 'own', deadline: '2026-12-01' })] };
    });
  });

  it('reads what the organisation sent', async () => {
    const list = useMaterialList('sent');
    await list.load();
    expect(requestMock).toHaveBeenCalledWith('/orgs/ck/materials', { query: { direction: 'sent' } });
    expect(list.materials.value.map((m) => m.id)).toEqual(['own']);
  });

  it('shows a director what is still open below: its own and its subordinates’ materials, the nearest deadline first, summed', async () => {
    const list = useMaterialList('below');
    await list.load();
    expect(requestMock.mock.calls.map(([path, o]) => [path, o?.query])).toEqual([
      ['/orgs/ck/materials', { direction: 'sent', open: true }],
      ['/orgs/ck/materials', { direction: 'below', open: true }],
    ]);
    expect(list.materials.value.map((m) => m.id)).toEqual(['below', 'own']);
    expect(list.total.value).toEqual({ pending: 4, placed: 1, overdue: 1, declined: 0, total: 6 });
  });
});
