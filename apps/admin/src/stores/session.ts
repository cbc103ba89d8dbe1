import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { authApi } from '../api/auth.js';
import { ApiError } from '../api/client.js';
import type { Me } from '../api/types.js';

/** Who is signed in. `ready` turns true once the session has been probed at start-up. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  const ready = ref(false);
  /** The temporary password just signed in with, kept in memory only to replace it (issue 16). */
  const temporaryPassword = ref<string | null>(null);
  const signedIn = computed(() => me.value !== null);

  async function probe(): Promise<Me | null> {
    try {
      me.value = await authApi.me();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      me.value = null;
    } finally {
      ready.value = true;
    }
    return me.value;
  }

  async function login(email: string, password: string): Promise<Me> {
    me.value = await authApi.login({ email, password });
    temporaryPassword.value = me.value.mustChangePassword ? password : null;
    ready.value = true;
    return me.value;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      me.value = null;
      temporaryPassword.value = null;
    }
  }

  /** Replaces the password (the temporary one an administrator handed over, at first sign-in). */
  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await authApi.changePassword({ currentPassword, newPassword });
    temporaryPassword.value = null;
    if (me.value) me.value = { ...me.value, mustChangePassword: false };
  }

  /** Forgets the user without asking the server (the session already ended there). */
  function reset(): void {
    me.value = null;
    temporaryPassword.value = null;
  }

  return { me, ready, signedIn, temporaryPassword, probe, login, logout, changePassword, reset };
});
