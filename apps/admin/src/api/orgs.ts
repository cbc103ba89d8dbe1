import { request } from './client.js';
import type { Member, Organisation } from './types.js';

export const orgsApi = {
  /** Every organisation the user can see, with the user's role in each. */
  list: () => request<{ organisations: Organisation[] }>('/orgs').then((r) => r.organisations),
  get: (orgId: string) => request<Organisation>(`/orgs/${orgId}`),
  /** Changes an organisation's settings (those who administer it; `version` as `If-Match`). */
  update: (orgId: string, version: number, patch: { countOnlyConfirmed?: boolean }) =>
    request<Organisation>(`/orgs/${orgId}`, { method: 'PATCH', body: patch, version }),
  members: (orgId: string) => request<{ members: Member[] }>(`/orgs/${orgId}/members`).then((r) => r.members),
};
