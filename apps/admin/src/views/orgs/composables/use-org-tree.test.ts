import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { request } from '../../../api/client.js';
import { orgOf } from './org-test-setup.js';
import { moveTargets, treeRows, useOrgTree } from './use-org-tree.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const region = orgOf('region', null, { name: 'Департамент' });
const north = orgOf('north', 'region', { name: 'ЦЗН Северный', depth: 1 });
const east = orgOf('east', 'region', { name: 'ЦЗН Восточный', depth: 1 });
const office = orgOf('office', 'north', { name: 'Отдел', depth: 2 });

describe('the organisation tree', () => {
  beforeEach(() => {
    createTestingPinia({ stubActions: false, createSpy: vi.fn });
    requestMock.mockReset();
  });

  it('lists parents before children, siblings by name, indented by level', () => {
    const rows = treeRows([office, north, region, east], new Set());
    expect(rows.map((r) => [r.org.name, r.level, r.hasChildren, r.expanded])).toEqual([
      ['Департамент', 0, true, true],
      ['ЦЗН Восточный', 1, false, false],
      ['ЦЗН Северный', 1, true, true],
      ['Отдел', 2, false, false],
    ]);
  });

  it('hides what is below a collapsed organisation, and shows an organisation whose parent is not visible as a root', () => {
    expect(treeRows([region, north, office, east], new Set(['north'])).map((r) => r.org.id)).toEqual(['region', 'east', 'north']);
    expect(treeRows([north, office], new Set()).map((r) => [r.org.id, r.level])).toEqual([
      ['north', 0],
      ['office', 1],
    ]);
  });

  it('offers as new parents only organisations the user administers, outside its own subtree, not archived, not where it is', () => {
    const viewerOnly = orgOf('viewer-only', 'region', { as: 'viewer' });
    const archived = orgOf('archived', 'region', { inArchive: true, archivedAt: '2026-11-01T00:00:00Z' });
    const targets = moveTargets([region, north, east, office, viewerOnly, archived], north);
    expect(targets.map((o) => o.id)).toEqual(['east']);
    expect(moveTargets([region, north, east, office], office).map((o) => o.id)).toEqual(['region', 'east']);
  });

  it('asks for archived organisations only when the user wants them, folds and unfolds, and keeps the chosen one', async () => {
    requestMock.mockResolvedValue({ organisations: [region, north] });
    const tree = useOrgTree();
    await tree.load();
    expect(requestMock).toHaveBeenLastCalledWith('/orgs', {});
    expect(tree.selected.value?.id).toBe('region');
    tree.selectedId.value = 'north';
    tree.toggle('region');
    expect(tree.rows.value.map((r) => r.org.id)).toEqual(['region']);
    tree.toggle('region');
    expect(tree.rows.value).toHaveLength(2);
    await tree.setShowArchived(true);
    expect(requestMock).toHaveBeenLastCalledWith('/orgs', { query: { includeArchived: 'true' } });
    expect(tree.selected.value?.id).toBe('north');
    requestMock.mockResolvedValue({ organisations: [region] });
    await tree.load();
    expect(tree.selected.value?.id).toBe('region');
  });
});
