import type { Proposal, ProposalAccept, ProposalCreate, ProposalList, ProposalListQuery, ProposalStatus } from '@ritm/contracts/materials';
import { request } from './client.js';

export type { Proposal, ProposalAccept, ProposalCreate, ProposalStatus };
export type ProposalDirection = NonNullable<ProposalListQuery['direction']>;

/**
 * News proposed upwards (issue 15): an organisation's outgoing proposals and those made to it; the
 * organisation asked accepts one into its plan or declines it with a reason, once, at the version
 * it read.
 */
export const proposalsApi = {
  list: (orgId: string, query: ProposalListQuery, signal?: AbortSignal) =>
    request<ProposalList>(`/orgs/${orgId}/proposals`, { query: { ...query }, ...(signal && { signal }) }).then((r) => r.proposals),
  create: (orgId: string, body: ProposalCreate) => request<Proposal>(`/orgs/${orgId}/proposals`, { method: 'POST', body }),
  accept: (orgId: string, proposal: Pick<Proposal, 'id' | 'version'>, body: Omit<ProposalAccept, 'version'>) =>
    request<Proposal>(`/orgs/${orgId}/proposals/${proposal.id}/accept`, { method: 'POST', body, version: proposal.version }),
  decline: (orgId: string, proposal: Pick<Proposal, 'id' | 'version'>, reason: string) =>
    request<Proposal>(`/orgs/${orgId}/proposals/${proposal.id}/decline`, { method: 'POST', body: { reason }, version: proposal.version }),
};
