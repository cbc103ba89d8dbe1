import { createTestingPinia } from '@pinia/testing';
import { capabilitiesOf } from '@ritm/domain/access';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me, OrgNode } from '../api/types.js';
import { useOrgsStore } from './orgs.js';

const listMock = vi.fn<() => Promise<OrgNode[]>>();
vi.mock('../api/orgs.js', () => ({ orgsApi: { list: () => listMock() } }));

function org(id: string, parentId: string | null, depth: number, name = id): OrgNode {
  return { id, parentId, name, kind: 'employment_center', timezone: 'Asia/Vladivostok', members: null, figures: {}, depth, version: 1, role: 'editor', roles: ['editor'], capabilities: capabilitiesOf(['editor']) };
}

const me: Me = { id: 'u', email: 'a@b.c', name: 'A', isAdmin: false, locale: 'ru', memberships: [{ orgId: 'root', orgName: 'Root', role: 'editor' }] };

describe('the organisations store', () => {
  beforeEach(() => {
    localStorage.clear();
    createTestingPinia({ stubActions: false });
    listMock.mockReset();
  });

  it('builds the tree and starts in the first membership', async () => {
    listMock.mockResolvedValue([org('child', 'root', 1, 'ЦЗН Кировского района'), org('root', null, 0, 'Управление')]);
    const orgs = useOrgsStore();
    await orgs.load(me);
    expect(orgs.tree).toEqual([{ key: 'root', label: 'Управление', children: [{ key: 'child', label: 'ЦЗН Кировского района' }] }]);
    expect(orgs.currentId).toBe('root');
    expect(orgs.timeZone).toBe('Asia/Vladivostok');
    expect(orgs.subtreeIds('root')).toEqual(['root', 'child']);
  });

  it('starts a director who also edits a centre below in the centre they plan', async () => {
    listMock.mockResolvedValue([org('root', null, 0), org('child', 'root', 1)]);
    const orgs = useOrgsStore();
    await orgs.load({
      ...me,
      memberships: [
        { orgId: 'root', orgName: 'Управление', role: 'director' },
        { orgId: 'child', orgName: 'ЦЗН', role: 'editor' },
      ],
    });
    expect(orgs.currentId).toBe('child');
  });

  it('remembers the organisation picked last', async () => {
    listMock.mockResolvedValue([org('root', null, 0), org('child', 'root', 1)]);
    const orgs = useOrgsStore();
    await orgs.load(me);
    orgs.select('child');
    orgs.reset();
    await orgs.load(me);
    expect(orgs.currentId).toBe('child');
  });

  it('ignores a remembered organisation the user can no longer see', async () => {
    localStorage.setItem('ritm.org', 'gone');
    listMock.mockResolvedValue([org('root', null, 0)]);
    const orgs = useOrgsStore();
    await orgs.load(me);
    expect(orgs.currentId).toBe('root');
  });

  it('lets a director above who also edits this organisation both edit and approve', async () => {
    listMock.mockResolvedValue([{ ...org('root', null, 0), role: 'director', roles: ['director', 'editor'] }]);
    const orgs = useOrgsStore();
    await orgs.load(me);
    expect(orgs.canEdit).toBe(true);
    expect(orgs.canApprove).toBe(true);
  });

  it('gives editors edit rights and directors approval rights', async () => {
    listMock.mockResolvedValue([{ ...org('root', null, 0), role: 'director', roles: ['director'] }]);
    const orgs = useOrgsStore();
    await orgs.load(me);
    expect(orgs.canEdit).toBe(false);
    expect(orgs.canApprove).toBe(true);
  });
});
