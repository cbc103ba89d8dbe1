import type { CandidateList, CreatedUser, CreateUserBody, PasswordReset, UserState } from '@ritm/contracts/users';
import { request } from './client.js';
import type { Role } from './types.js';

/** People and roles (issue 16): roles per organisation, and the accounts behind them. */
export const peopleApi = {
  /** Users who could be given a role at the organisation: by part of an e-mail or name, or, without `q`, those with no role yet. */
  candidates: (orgId: string, q?: string) =>
    request<CandidateList>(`/orgs/${orgId}/member-candidates`, { query: { q: q && q.length >= 2 ? q : undefined } }).then((r) => r.users),
  create: (body: CreateUserBody) => request<CreatedUser>('/users', { method: 'POST', body }),
  giveRole: (orgId: string, email: string, role: Role) => request<{ userId: string; version: number }>(`/orgs/${orgId}/members`, { method: 'POST', body: { email, role } }),
  changeRole: (orgId: string, userId: string, role: Role, version: number) =>
    request<{ role: Role; version: number }>(`/orgs/${orgId}/members/${userId}`, { method: 'PATCH', body: { role }, version }),
  takeRole: (orgId: string, userId: string, version: number) => request<void>(`/orgs/${orgId}/members/${userId}`, { method: 'DELETE', version }),
  setActive: (userId: string, active: boolean, version: number) => request<UserState>(`/users/${userId}`, { method: 'PATCH', body: { active }, version }),
  resetPassword: (userId: string, version: number) => request<PasswordReset>(`/users/${userId}/password-reset`, { method: 'POST', body: {}, version }),
};
