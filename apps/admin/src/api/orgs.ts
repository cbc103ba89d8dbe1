import type { CreateOrganisationBody, UpdateOrganisationBody } from '@ritm/contracts/orgs';
import type { Created } from '@ritm/contracts/common';
import { request } from './client.js';
import type { Member, Organisation } from './types.js';

/** What an organisation's edit may change: every field of the contract's body but the version (sent as `If-Match`). */
export type OrganisationPatch = Omit<UpdateOrganisationBody, 'version'>;

export const orgsApi = {
  /** Every organisation the user can see, with the user's role in each; archived ones only when asked. */
  list: (options: { includeArchived?: boolean } = {}) =>
    request<{ organisations: Organisation[] }>('/orgs', options.includeArchived ? { query: { includeArchived: 'true' } } : {}).then((r) => r.organisations),
  get: (orgId: string) => request<Organisation>(`/orgs/${orgId}`),
  /** Creates an organisation under `parentId` (those who administer the parent). */
  create: (body: CreateOrganisationBody) => request<Created & Organisation>('/orgs', { method: 'POST', body }),
  /** Changes an organisation: its name, profile or parent (those who administer it; `version` as `If-Match`). */
  update: (orgId: string, version: number, patch: OrganisationPatch) => request<Organisation>(`/orgs/${orgId}`, { method: 'PATCH', body: patch, version }),
  /** Archives an organisation with its subtree, or gives it back (those who administer the one above). */
  archive: (orgId: string, version: number, archived: boolean) =>
    request<Organisation>(`/orgs/${orgId}/${archived ? 'archive' : 'unarchive'}`, { method: 'POST', body: {}, version }),
  members: (orgId: string) => request<{ members: Member[] }>(`/orgs/${orgId}/members`).then((r) => r.members),
};
