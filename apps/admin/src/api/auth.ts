import type { LoginBody, Me } from '@ritm/contracts/auth';
import type { ChangePasswordBody } from '@ritm/contracts/users';
import { request } from './client.js';

export const authApi = {
  me: () => request<Me>('/auth/me'),
  login: (body: LoginBody) => request<Me>('/auth/login', { method: 'POST', body }),
  logout: () => request<void>('/auth/logout', { method: 'POST' }),
  changePassword: (body: ChangePasswordBody) => request<void>('/auth/password', { method: 'POST', body }),
};
