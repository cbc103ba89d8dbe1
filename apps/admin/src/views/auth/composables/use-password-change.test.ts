import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request } from '../../../api/client.js';
import { i18n } from '../../../i18n.js';
import { useSessionStore } from '../../../stores/session.js';
import { usePasswordChange } from './use-password-change.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

describe('choosing one\u2019s own password at first sign-in', () => {
  beforeEach(() => {
    requestMock.mockReset();
    createTestingPinia({ stubActions: false, createSpy: vi.fn });
    i18n.global.locale.value = 'en';
    const session = useSessionStore();
    session.me = { id: 'u', email: 'new@example.org', name: '', isAdmin: false, locale: 'ru', memberships: [], mustChangePassword: true };
    session.temporaryPassword = 'Tmp2345678abcd';
  });

  it('sends the temporary password it signed in with and the new one, then lets the user in', async () => {
    requestMock.mockResolvedValue(undefined);
    const change = usePasswordChange();
    expect(change.form.current).toBe('Tmp2345678abcd');
    Object.assign(change.form, { next: 'my own secret', repeat: 'my own secret' });
    expect(await change.submit()).toBe(true);
    expect(requestMock).toHaveBeenCalledWith('/auth/password', { method: 'POST', body: { currentPassword: 'Tmp2345678abcd', newPassword: 'my own secret' } });
    const session = useSessionStore();
    expect(session.me?.mustChangePassword).toBe(false);
    expect(session.temporaryPassword).toBeNull();
  });

  it('checks the length the contract asks for and that both entries agree, before asking the server', async () => {
    const change = usePasswordChange();
    Object.assign(change.form, { next: 'short', repeat: 'shorter' });
    expect(await change.submit()).toBe(false);
    expect(change.errors.value).toEqual({ next: 'At least 8 characters', repeat: 'The passwords differ' });
    expect(requestMock).not.toHaveBeenCalled();
  });

  it('shows the server\u2019s reason when it refuses', async () => {
    requestMock.mockRejectedValue(new ApiError(403, 'wrong_password', 'The current password is wrong'));
    const change = usePasswordChange();
    Object.assign(change.form, { next: 'my own secret', repeat: 'my own secret' });
    expect(await change.submit()).toBe(false);
    expect(change.failure.value).toBe('The current password is wrong');
  });
});
