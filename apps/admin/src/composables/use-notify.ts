import type { MessageApi } from 'naive-ui';
import { ApiError } from '../api/client.js';
import { i18n } from '../i18n.js';

let messages: MessageApi | null = null;

export function bindMessages(api: MessageApi): void {
  messages = api;
}

/** The user's words for an error: known codes have their own text, the rest say what happened in general. */
export function errorText(error: unknown): string {
  const t = i18n.global.t;
  const te = i18n.global.te;
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    if (te(key)) return t(key);
    if (error.status === 0) return t('errors.network');
    if (error.status >= 500) return t('errors.server');
    if (error.status === 404) return t('errors.not_found');
    if (error.status === 403) return t('errors.forbidden');
    return t('errors.generic');
  }
  return t('errors.generic');
}

/** Toasts, in the UI language. */
export function useNotify() {
  return {
    error(error: unknown): void {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      messages?.error(errorText(error));
    },
    success(text: string): void {
      messages?.success(text);
    },
    info(text: string): void {
      messages?.info(text);
    },
  };
}
