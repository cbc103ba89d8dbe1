import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request } from '../../../api/client.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { changeError } from './api-error.js';
import { orgOf } from './org-test-setup.js';
import { useOrgActions } from './use-org-actions.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const region = orgOf('region', null, { name: 'Департамент' });
const centre = orgOf('centre', 'region', { name: 'ЦЗН', version: 3 });

describe('changes to the organisation tree', () => {
  beforeEach(() => {
    createTestingPinia({ stubActions: false, createSpy: vi.fn });
    requestMock.mockReset();
  });

  it('creates a child under the chosen organisation, then reads the screen and the switcher again', async () => {
    const reload = vi.fn(async () => {});
    const orgs = useOrgsStore();
    requestMock.mockImplementation(async (path: string) => (path === '/orgs' ? { organisations: [region, centre] } : { ...centre, id: 'new' }));
    const actions = useOrgActions(reload);
    await actions.createChild(region, { name: 'ЦЗН Новый', kind: 'employment_center', timezone: 'Europe/Moscow' });
    expect(requestMock).toHaveBeenCalledWith('/orgs', { method: 'POST', body: { name: 'ЦЗН Новый', kind: 'employment_center', timezone: 'Europe/Moscow', parentId: 'region' } });
    expect(reload).toHaveBeenCalledOnce();
    expect(orgs.list.map((o) => o.id)).toEqual(['region', 'centre']);
    expect(actions.error.value).toBeNull();
  });

  it('moves, archives and unarchives with the version the user saw', async () => {
    requestMock.mockResolvedValue({ organisations: [] });
    const actions = useOrgActions(async () => {});
    await actions.move(centre, 'other');
    expect(requestMock).toHaveBeenCalledWith('/orgs/centre', { method: 'PATCH', body: { parentId: 'other' }, version: 3 });
    await actions.setArchived(centre, true);
    expect(requestMock).toHaveBeenCalledWith('/orgs/centre/archive', { method: 'POST', body: {}, version: 3 });
    await actions.setArchived(centre, false);
    expect(requestMock).toHaveBeenCalledWith('/orgs/centre/unarchive', { method: 'POST', body: {}, version: 3 });
  });

  it("keeps the API's own translated words when it refuses, and reads nothing again", async () => {
    const reload = vi.fn(async () => {});
    requestMock.mockRejectedValue(new ApiError(409, 'move_cycle', 'Организацию нельзя перенести в неё саму или в подчинённую ей организацию'));
    const actions = useOrgActions(reload);
    expect(await actions.move(centre, 'centre')).toBeUndefined();
    expect(actions.error.value).toEqual({ message: 'Организацию нельзя перенести в неё саму или в подчинённую ей организацию', fields: {} });
    expect(reload).not.toHaveBeenCalled();
  });

  it('names each bad field by the form field, and says a network failure in its own words', () => {
    const invalid = new ApiError(400, 'validation', 'Запрос заполнен неверно', [{ path: 'body.figures.Bad', message: 'неверный формат' }]);
    expect(changeError(invalid)).toEqual({ message: 'Запрос заполнен неверно', fields: { 'figures.Bad': 'неверный формат' } });
    expect(changeError(new ApiError(0, 'network', 'network error')).message).toMatch(/связи/);
  });
});
