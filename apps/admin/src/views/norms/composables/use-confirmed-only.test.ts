import { beforeEach, describe, expect, it, vi } from 'vitest';
import { capabilitiesOf } from '@ritm/domain/access';
import { request } from '../../../api/client.js';
import { calendarOf, centre } from '../../calendar/composables/calendar-test-setup.js';
import { useConfirmedOnly } from './use-confirmed-only.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

describe('the "count only confirmed" setting', () => {
  beforeEach(() => requestMock.mockReset());

  it('is shown to an editor but changed only by those who administer the organisation', async () => {
    calendarOf({});
    const setting = useConfirmedOnly();
    expect([setting.enabled.value, setting.editable.value]).toEqual([false, false]);
    await setting.set(true);
    expect(requestMock).not.toHaveBeenCalled();
  });

  it('sends the change with the version and keeps the organisation the server answers', async () => {
    const { orgs } = calendarOf({});
    const admin = { ...centre, role: 'admin' as const, roles: ['admin' as const], capabilities: capabilitiesOf(['admin']), version: 4 };
    orgs.list = [admin];
    requestMock.mockResolvedValue({ ...admin, countOnlyConfirmed: true, version: 5 });
    const setting = useConfirmedOnly();
    expect(setting.editable.value).toBe(true);
    await setting.set(true);
    expect(requestMock).toHaveBeenCalledWith('/orgs/org', { method: 'PATCH', body: { countOnlyConfirmed: true }, version: 4 });
    expect(setting.enabled.value).toBe(true);
    expect(orgs.current?.version).toBe(5);
  });
});
