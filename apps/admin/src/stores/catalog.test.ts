import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member } from '../api/types.js';
import { useCatalogStore } from './catalog.js';

const membersMock = vi.fn<() => Promise<Member[]>>();
vi.mock('../api/orgs.js', () => ({ orgsApi: { members: () => membersMock() } }));
vi.mock('../api/catalog.js', () => ({
  channelsApi: { list: async () => [] },
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
    membersMock.mockReset();
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
});
