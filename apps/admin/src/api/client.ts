import type { ErrorBody } from '@ritm/contracts/common';

/** One wrong field of a request, as the API names it (`body.title`). */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

/** An error answer of the API (or the network), typed from its one error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ApiErrorDetail[] = [],
    readonly currentVersion?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message of the field at `path` (`body.title`, or just `title`). */
  detailFor(field: string): string | undefined {
    return this.details.find((d) => d.path === field || d.path === `body.${field}` || d.path.startsWith(`body.${field}[`))?.message;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** The resource version the change is based on: sent as `If-Match`. */
  version?: number;
  signal?: AbortSignal;
}

interface ClientHooks {
  locale: () => string;
  /** Called on 401 for any request but the session probe and the login itself. */
  onUnauthorized: () => void;
}

const hooks: ClientHooks = { locale: () => 'ru', onUnauthorized: () => {} };

/** The UI language the client sends as `Accept-Language` (for requests made without {@link request}, e.g. uploads). */
export const clientLocale = (): string => hooks.locale();

/** Wires the client to the app (locale, where to go when the session ends). */
export function configureClient(next: Partial<ClientHooks>): void {
  Object.assign(hooks, next);
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const url = `/api${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) params.set(key, String(value));
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).error?.code === 'string';
}

/** The {@link ApiError} of a failed answer: the API's error body, or what the status says. */
export function apiErrorOf(response: Pick<Response, 'status' | 'statusText'>, data: unknown): ApiError {
  return isErrorBody(data)
    ? new ApiError(response.status, data.error.code, data.error.message, data.error.details ?? [], data.error.currentVersion)
    : new ApiError(response.status, response.status >= 500 ? 'server' : 'http', response.statusText || `HTTP ${response.status}`);
}

/**
 * Sends a file as a request's body with upload progress (fetch cannot report it, hence
 * XMLHttpRequest): same-origin cookies, the UI language, JSON back. Answers the status and the
 * parsed body; the caller decides which statuses are answers and turns the rest into
 * {@link apiErrorOf}'s errors.
 */
export function sendFile(
  url: string,
  file: Blob,
  options: { contentType: string; locale: string; onProgress?: (fraction: number) => void },
): Promise<{ status: number; data: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${url}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', options.contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', options.locale);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      resolve({ status: xhr.status, data });
    };
    xhr.send(file);
  });
}

/**
 * The one way the admin talks to the API: same-origin cookies, JSON both ways,
 * the UI language as `Accept-Language`, the version as `If-Match`, and every
 * failure as an {@link ApiError}.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': hooks.locale() };
  // Cookie-authenticated writes must be JSON (the API refuses form posts from other sites).
  if (options.method && options.method !== 'GET') headers['Content-Type'] = 'application/json';
  if (options.version !== undefined) headers['If-Match'] = `"${options.version}"`;
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? (options.method && options.method !== 'GET' ? '{}' : undefined) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', (error as Error).message);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const error = apiErrorOf(response, data);
    if (response.status === 401 && path !== '/auth/me' && path !== '/auth/login') hooks.onUnauthorized();
    throw error;
  }
  return data as T;
}
