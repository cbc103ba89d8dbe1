import { request } from './client.js';
import type { Member, OrgNode } from './types.js';

export const orgsApi = {
  /** Every organisation the user can see, with the user's role in each. */
  list: () => request<{ organisations: OrgNode[] }>('/orgs').then((r) => r.organisations),
  get: (orgId: string) => request<OrgNode>(`/orgs/${orgId}`),
  members: (orgId: string) => request<{ members: Member[] }>(`/orgs/${orgId}/members`).then((r) => r.members),
};
