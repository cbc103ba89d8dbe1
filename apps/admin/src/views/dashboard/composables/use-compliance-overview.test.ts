import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { ComplianceSummary, OrganisationCompliance } from '../../../api/types.js';
import { calendarOf, centre } from '../../calendar/composables/calendar-test-setup.js';
import { heatCells, useComplianceOverview, worstFirst } from './use-compliance-overview.js';

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

  it("colours each heatmap cell with the organisation's worst status in that column", () => {
    const rows = [org('a', 'missed'), org('b', 'met')];
    const columns = [summaryOf(org('a', 'gap'), org('b', 'met')), summaryOf(org('a', 'missed'))];
    expect(heatCells(rows, columns)).toEqual([
      { org: 0, column: 0, status: 'gap' },
      { org: 0, column: 1, status: 'missed' },
      { org: 1, column: 0, status: 'met' },
      { org: 1, column: 1, status: null },
    ]);
  });

  describe('loading', () => {
    beforeEach(() => {
      const stores = calendarOf({});
      stores.orgs.list = [centre, { ...centre, id: 'child', parentId: 'org', name: 'ЦЗН Ленинского района', depth: 1 }];
      vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-25T09:00:00Z') });
      requestMock.mockReset().mockImplementation(async (path: string, o: RequestOptions = {}) => {
        if (path === '/orgs/org/compliance/summary') return summaryOf(org('org', 'gap'), org('child', 'missed'));
        if (path === '/orgs/child/plans') throw new ApiError(403, 'forbidden', 'no');
        if (path === '/orgs/org/plans') return { plans: [{ id: 'p', title: 'План', status: o.query?.status }] };
        if (path === '/norm-presets') return { presets: [{ id: 'mintrud', norms: [{ id: 'social-posts', title: 'Посты' }] }] };
        return null;
      });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('asks the summary for the quarter and for each week of it, and the plans of the subtree waiting for a director', async () => {
      const overview = useComplianceOverview();
      await overview.start();
      const summaries = requestMock.mock.calls.filter(([p]) => p === '/orgs/org/compliance/summary').map(([, o]) => o?.query);
      expect(summaries[0]).toEqual({ from: '2026-10-01', to: '2026-12-31' });
      expect(summaries.length).toBe(1 + overview.columns.value.length);
      expect(summaries[1]).toEqual({ from: overview.columns.value[0]?.start, to: overview.columns.value[0]?.end });
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
      expect(requestMock.mock.calls.filter(([p]) => p === '/orgs/org/compliance/summary')).toHaveLength(4);
      overview.anchor.value = '2027-01-10';
      await nextTick();
      await settle();
      expect(requestMock).toHaveBeenCalledWith('/orgs/org/compliance/summary', { query: { from: '2027-01-01', to: '2027-03-31' } });
    });
  });
});
