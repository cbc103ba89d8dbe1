import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { ApiError, request } from '../../../api/client.js';
import type { Exemption } from '../../../api/types.js';
import { weeklyPostsNorm } from '../../../test/fixtures.js';
import { toNormCreate, useCustomNorm, useExemptionGrant, type CustomNormForm } from './use-norm-forms.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const blank: CustomNormForm = { id: '', title: '', min: 1, per: 'week', kinds: [], channelTypes: [], perChannel: false };

describe("an organisation's own norm", () => {
  beforeEach(() => {
    requestMock.mockReset().mockResolvedValue({ id: 'n', version: 1 });
  });

  it("takes a key in the contract's pattern and leaves out what was not chosen", () => {
    expect(toNormCreate({ ...blank, id: 'weekly-stand', min: 2 })).toEqual({ id: 'weekly-stand', type: 'frequency', min: 2, per: 'week' });
    expect(toNormCreate({ ...blank, id: 'stand.v2', per: 'month', title: 'Стенд', kinds: ['stand_update'], channelTypes: ['info_stand'], perChannel: true })).toEqual({
      id: 'stand.v2',
      type: 'frequency',
      min: 1,
      per: 'month',
      title: 'Стенд',
      kinds: ['stand_update'],
      channelTypes: ['info_stand'],
      perChannel: true,
    });
    for (const id of ['', '-stand', 'стенд', 'a'.repeat(65)]) expect(toNormCreate({ ...blank, id })).toBeNull();
    expect(toNormCreate({ ...blank, id: 'ok', min: null })).toBeNull();
  });

  it('sends a good one, clears the key and title and reloads; refuses a bad one without a request', async () => {
    const reload = vi.fn(async () => {});
    const custom = useCustomNorm(ref('org'), reload);
    Object.assign(custom.form, { id: 'bad key', title: 'Стенд' });
    await custom.add();
    expect(requestMock).not.toHaveBeenCalled();
    expect(custom.error.value).toBeTruthy();
    custom.form.id = 'weekly-stand';
    await custom.add();
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/norms', { method: 'POST', body: { id: 'weekly-stand', type: 'frequency', min: 1, per: 'week', title: 'Стенд' } });
    expect([custom.form.id, custom.form.title, custom.error.value]).toEqual(['', '', '']);
    expect(reload).toHaveBeenCalled();
  });
});

describe('granting an exemption', () => {
  const norms = ref([weeklyPostsNorm(), weeklyPostsNorm({ key: 'press', norm: { id: 'press', min: 1, per: 'month' } })]);
  beforeEach(() => {
    requestMock.mockReset().mockResolvedValue({ id: 'e', version: 1 });
  });

  it('names each missing field', async () => {
    const grant = useExemptionGrant({ orgId: ref('org'), norms, today: '2026-11-25', reload: vi.fn() });
    await grant.grant();
    expect(grant.errors.value).toEqual({ normKey: 'Обязательное поле', reason: 'Обязательное поле' });
    expect(requestMock).not.toHaveBeenCalled();
  });

  it('names a channel only for a per-channel norm', async () => {
    const reload = vi.fn(async () => {});
    const grant = useExemptionGrant({ orgId: ref('org'), norms, today: '2026-11-25', reload });
    Object.assign(grant.form, { normKey: 'press', channelId: 'vk', reason: ' Ремонт ' });
    expect(grant.perChannel.value).toBe(false);
    await grant.grant();
    grant.form.normKey = 'social-posts';
    grant.form.reason = 'Аккаунт заблокирован';
    await grant.grant();
    expect(requestMock.mock.calls.map(([, o]) => o?.body)).toEqual([
      { normKey: 'press', from: '2026-11-25', to: '2026-11-25', reason: 'Ремонт' },
      { normKey: 'social-posts', channelId: 'vk', from: '2026-11-25', to: '2026-11-25', reason: 'Аккаунт заблокирован' },
    ]);
    expect(grant.form.reason).toBe('');
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it("follows the domain's rule: only a per-channel frequency norm may be waived on one channel", () => {
    const presence = weeklyPostsNorm({ key: 'site', norm: { id: 'site', type: 'presence', channelTypes: ['website'], perChannel: true } });
    const grant = useExemptionGrant({ orgId: ref('org'), norms: ref([...norms.value, presence]), today: '2026-11-25', reload: vi.fn() });
    grant.form.normKey = 'social-posts';
    expect(grant.perChannel.value).toBe(true);
    grant.form.normKey = 'site';
    expect(grant.perChannel.value).toBe(false);
  });

  it('shows a refusal above the form, and revokes with the version', async () => {
    const grant = useExemptionGrant({ orgId: ref('org'), norms, today: '2026-11-25', reload: vi.fn(async () => {}) });
    Object.assign(grant.form, { normKey: 'press', reason: 'Ремонт' });
    requestMock.mockRejectedValueOnce(new ApiError(400, 'validation', 'bad'));
    await grant.grant();
    expect(grant.errors.value).toEqual({ form: expect.any(String) });
    await grant.revoke({ id: 'x', version: 5 } as Exemption);
    expect(requestMock).toHaveBeenLastCalledWith('/orgs/org/exemptions/x', { method: 'DELETE', version: 5 });
  });
});
