import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { ComplianceSummary, OrganisationCompliance } from '../../../api/types.js';
import { calendarOf, centre } from '../../calendar/composables/calendar-test-setup.js';
import { TREND_WEEKS, useComplianceOverview, worstFirst } from './use-compliance-overview.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const org = (orgId: string, worst: OrganisationCompliance['worst']) => ({ orgId, name: orgId, worst }) as OrganisationCompliance;
const summaryOf = (...organisations: OrganisationCompliance[]) => ({ organisations }) as ComplianceSummary;
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the compliance overview', () => {
  it('lists the organisations worst first, keeping the tree order among equals', () => {
    const rows = [org('a', 'met'), org('b', 'missed'), org('c', null), org('d', 'at_risk'), org('e', 'missed')];
    expect(worstFirst(rows).map((o) => o.orgId)).toEqual(['b', 'e', 'd', 'a', 'c']);
  });

  describe('loading', () => {
    beforeEach(() => {
      const stores = calendarOf({});
      stores.orgs.list = [centre, { ...centre, id: 'child', parentId: 'org', name: 'ЦЗН Ленинского района', depth: 1 }];
      vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-25T09:00:00Z') });
      requestMock.mockReset().mockImplementation(async (path: string, o: RequestOptions = {}) => {
        if (path === '/orgs/org/compliance/summary') return summaryOf(org('org', 'gap'), org('child', 'missed'));
        if (path === '/orgs/org/compliance/periods') return { periods: [], organisations: [], granularity: o.query?.granularity };
        if (path === '/orgs/child/plans') throw new ApiError(403, 'forbidden', 'no');
        if (path === '/orgs/org/plans') return { plans: [{ id: 'p', title: 'План', status: o.query?.status }] };
        if (path === '/norm-presets') return { presets: [{ id: 'mintrud', norms: [{ id: 'social-posts', title: 'Посты' }] }] };
        return null;
      });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('asks the summary for the quarter, its weeks in one request, the trend, and the plans of the subtree waiting for a director', async () => {
      const overview = useComplianceOverview();
      await overview.start();
      const summaries = requestMock.mock.calls.filter(([p]) => p === '/orgs/org/compliance/summary').map(([, o]) => o?.query);
      expect(summaries).toEqual([{ from: '2026-10-01', to: '2026-12-31' }]);
      const periods = requestMock.mock.calls.filter(([p]) => p === '/orgs/org/compliance/periods').map(([, o]) => o?.query);
      // The heatmap's quarter week by week, and the trend: the last twelve weeks up to today.
      expect(periods).toEqual([
        { from: '2026-10-01', to: '2026-12-31', granularity: 'week' },
        { from: '2026-09-09', to: '2026-11-25', granularity: 'week' },
      ]);
      expect(TREND_WEEKS).toBe(12);
      expect(overview.sorted.value.map((o) => o.orgId)).toEqual(['child', 'org']);
      // The child's plans cannot be read: its list is left out, the rest stays.
      expect(overview.awaiting.value).toEqual([
        { id: 'p', title: 'План', status: 'submitted', orgName: 'ЦЗН Кировского района' },
        // A plan changed since approval waits for the director's signature again.
        { id: 'p', title: 'План', status: 'changed', orgName: 'ЦЗН Кировского района' },
      ]);
      expect(overview.titles.value.get('social-posts')).toBe('Посты');
    });

    it('reloads by month columns and for the next quarter', async () => {
      const overview = useComplianceOverview();
      overview.step.value = 'month';
      await nextTick();
      await settle();
      expect(requestMock.mock.calls.filter(([p]) => p === '/orgs/org/compliance/summary')).toHaveLength(1);
      expect(requestMock).toHaveBeenCalledWith('/orgs/org/compliance/periods', { query: { from: '2026-10-01', to: '2026-12-31', granularity: 'month' } });
      overview.anchor.value = '2027-01-10';
      await nextTick();
      await settle();
      expect(requestMock).toHaveBeenCalledWith('/orgs/org/compliance/summary', { query: { from: '2027-01-01', to: '2027-03-31' } });
      expect(requestMock).toHaveBeenCalledWith('/orgs/org/compliance/periods', { query: { from: '2027-01-01', to: '2027-03-31', granularity: 'month' } });
    });
  });
});
