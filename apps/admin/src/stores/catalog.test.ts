import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member } from '../api/types.js';
import { useCatalogStore } from './catalog.js';

const membersMock = vi.fn<() => Promise<Member[]>>();
vi.mock('../api/orgs.js', () => ({ orgsApi: { members: () => membersMock() } }));
const channelsMock = vi.fn<(orgId: string) => Promise<unknown[]>>();
vi.mock('../api/catalog.js', () => ({
  channelsApi: { list: (orgId: string) => channelsMock(orgId) },
  audiencesApi: { list: async () => [] },
  keyMessagesApi: { list: async () => [] },
}));

const member = (userId: string, role: Member['role'], inherited: boolean): Member => ({
  userId,
  email: `${userId}@example.org`,
  name: userId,
  role,
  orgId: inherited ? 'region' : 'centre',
  orgName: inherited ? 'Область' : 'ЦЗН',
  inherited,
  version: 1,
  grantedBy: null,
  grantedAt: null,
  active: true,
  mustChangePassword: false,
  may: { changeRole: false, manageUser: false },
  userVersion: 1,
});

describe('the catalogue store', () => {
  beforeEach(() => {
    createTestingPinia({ stubActions: false });
    membersMock.mockReset().mockResolvedValue([]);
    channelsMock.mockReset().mockResolvedValue([]);
  });

  it('offers each person once, with their nearest role, among the people given roles here and above', async () => {
    membersMock.mockResolvedValue([member('irina', 'viewer', false), member('oleg', 'editor', false), member('irina', 'director', true), member('anna', 'admin', true)]);
    const catalog = useCatalogStore();
    await catalog.load('centre');
    expect(catalog.members).toHaveLength(4);
    expect(catalog.people.map((m) => [m.userId, m.role])).toEqual([
      ['irina', 'viewer'],
      ['oleg', 'editor'],
      ['anna', 'admin'],
    ]);
    expect(catalog.memberById.get('anna')?.name).toBe('anna');
  });

  it("offers no other organisation's channels while the new ones load, and keeps the latest load's", async () => {
    const catalog = useCatalogStore();
    channelsMock.mockResolvedValueOnce([{ id: 'vk-region', name: 'ВК области' }]);
    await catalog.load('region');
    let centre: (value: unknown[]) => void = () => {};
    channelsMock.mockReturnValueOnce(new Promise((resolve) => (centre = resolve))).mockResolvedValueOnce([{ id: 'vk-district', name: 'ВК района' }]);
    const toCentre = catalog.load('centre');
    expect(catalog.channels).toEqual([]);
    expect(catalog.loading).toBe(true);
    await catalog.load('district');
    expect(catalog.loading).toBe(false);
    centre([{ id: 'vk-centre', name: 'ВК центра' }]);
    await toCentre;
    expect(catalog.channels.map((c) => c.id)).toEqual(['vk-district']);
    expect(catalog.loading).toBe(false);
  });
});
