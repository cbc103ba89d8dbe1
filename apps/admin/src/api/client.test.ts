import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, configureClient, request } from './client.js';

function answer(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('the API client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends JSON with the UI language and the version as If-Match', async () => {
    const fetchMock = vi.fn().mockResolvedValue(answer(200, { id: 'x' }));
    vi.stubGlobal('fetch', fetchMock);
    configureClient({ locale: () => 'en' });
    await request('/orgs/o/items/x', { method: 'PATCH', body: { title: 'Новое' }, version: 3 });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/orgs/o/items/x');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers).toMatchObject({ 'Content-Type': 'application/json', 'Accept-Language': 'en', 'If-Match': '"3"' });
    expect(init.body).toBe('{"title":"Новое"}');
    configureClient({ locale: () => 'ru' });
  });

  it('turns the error body into an ApiError with details and the current version', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(answer(409, { error: { code: 'version_conflict', message: 'changed', details: [{ path: 'body.title', message: 'x' }], currentVersion: 5 } })),
    );
    const error = await request('/x', { method: 'PATCH', body: {}, version: 4 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'version_conflict', currentVersion: 5 });
    expect((error as ApiError).detailFor('title')).toBe('x');
  });

  it('sends the user to sign in on 401, but not for the session probe', async () => {
    const onUnauthorized = vi.fn();
    configureClient({ onUnauthorized });
    vi.stubGlobal('fetch', vi.fn().mockImplementation(async () => answer(401, { error: { code: 'unauthorized', message: 'no' } })));
    await expect(request('/auth/me')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(request('/orgs')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('reports a network failure as code "network"', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(request('/orgs')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});
