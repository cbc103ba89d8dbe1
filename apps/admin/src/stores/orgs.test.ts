import { createTestingPinia } from '@pinia/testing';
import { capabilitiesOf } from '@ritm/domain/access';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client.js';
import type { Me, Organisation } from '../api/types.js';
import { orgsFromMemberships, useOrgsStore } from './orgs.js';

const listMock = vi.fn<() => Promise<Organisation[]>>();
vi.mock('../api/orgs.js', () => ({ orgsApi: { list: () => listMock() } }));

function org(id: string, parentId: string | null, depth: number, name = id): Organisation {
  return { id, parentId, name, kind: 'employment_center', timezone: 'Asia/Vladivostok', members: null, figures: {}, countOnlyConfirmed: false, depth, version: 1, role: 'editor', roles: ['editor'], capabilities: capabilitiesOf(['editor']), archivedAt: null, archivedBy: null, inArchive: false };
}

const me: Me = { id: 'u', email: 'a@b.c', name: 'A', isAdmin: false, locale: 'ru', memberships: [{ orgId: 'root', orgName: 'Root', role: 'editor' }], mustChangePassword: false };

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
    const director: Partial<Organisation> = { role: 'director', roles: ['director'], capabilities: capabilitiesOf(['director']) };
    listMock.mockResolvedValue([{ ...org('root', null, 0), ...director }, org('child', 'root', 1)]);
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

  it('lets a director above who also edits this organisation both edit and approve, as the server says', async () => {
    listMock.mockResolvedValue([{ ...org('root', null, 0), role: 'director', roles: ['director', 'editor'], capabilities: capabilitiesOf(['director', 'editor']) }]);
    const orgs = useOrgsStore();
    await orgs.load(me);
    expect(orgs.can('plan.edit')).toBe(true);
    expect(orgs.can('plan.approve')).toBe(true);
  });

  it('gives editors edit rights and directors approval rights', async () => {
    listMock.mockResolvedValue([{ ...org('root', null, 0), role: 'director', roles: ['director'], capabilities: capabilitiesOf(['director']) }, org('child', 'root', 1)]);
    const orgs = useOrgsStore();
    await orgs.load(me);
    expect([orgs.can('item.edit'), orgs.can('plan.approve'), orgs.can('audit.read')]).toEqual([false, true, true]);
    orgs.select('child');
    expect([orgs.can('item.edit'), orgs.can('plan.approve'), orgs.can('member.manage')]).toEqual([true, false, false]);
  });

  it("asks the organisation's capabilities, never its roles", async () => {
    // The server may grant less than a role name suggests (or more): the store believes the grant.
    listMock.mockResolvedValue([{ ...org('root', null, 0), role: 'admin', roles: ['admin'], capabilities: ['org.read'] }]);
    const orgs = useOrgsStore();
    await orgs.load(me);
    expect(orgs.can('org.read')).toBe(true);
    expect(orgs.can('item.edit')).toBe(false);
    expect(orgs.can('org.admin')).toBe(false);
  });

  it('falls back to the memberships, with their roles read through the domain, when the tree cannot be loaded', async () => {
    listMock.mockRejectedValue(new ApiError(503, 'unavailable', 'down'));
    const orgs = useOrgsStore();
    const viewer: Me = { ...me, memberships: [{ orgId: 'root', orgName: 'Root', role: 'viewer' }] };
    await orgs.load(viewer);
    expect(orgs.list).toEqual(orgsFromMemberships(viewer));
    expect(orgs.current?.capabilities).toEqual(['org.read']);
    expect(orgs.can('plan.edit')).toBe(false);
  });

  it('reads the tree again after a change: new and renamed organisations show, an archived one goes, and so does the choice of it', async () => {
    listMock.mockResolvedValue([org('root', null, 0, 'Управление'), org('old', 'root', 1, 'ЦЗН')]);
    const orgs = useOrgsStore();
    await orgs.load({ ...me, memberships: [{ orgId: 'root', orgName: 'Управление', role: 'editor' }] });
    orgs.select('old');
    listMock.mockResolvedValue([org('root', null, 0, 'Управление области'), org('new', 'root', 1, 'ЦЗН Новый')]);
    await orgs.refresh();
    expect(orgs.tree).toEqual([{ key: 'root', label: 'Управление области', children: [{ key: 'new', label: 'ЦЗН Новый' }] }]);
    expect(orgs.currentId).toBe('root');
  });
});
