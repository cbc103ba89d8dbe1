import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { ApiError, request } from '../../../api/client.js';
import type { PresetInfo } from '../../../api/types.js';
import { weeklyPostsNorm } from '../../../test/fixtures.js';
import { fittingPresets, governanceErrorText, maySwitch, originOf, toNormAdjust, useNormAdjust, type AdjustForm } from './use-norm-governance.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const region = { orgId: 'region', orgName: 'Комитет по труду' };
const inherited = weeklyPostsNorm({ inherited: true, orgId: 'region', orgName: 'Комитет по труду', setBy: region, may: { edit: true, adjust: false, delete: false } });
const asDirector = weeklyPostsNorm({ inherited: true, setBy: region, may: { edit: false, adjust: true, delete: false } });
const form = (overrides: Partial<AdjustForm> = {}): AdjustForm => ({ waive: true, min: 3, per: 'week', reason: 'Аккаунт заблокирован', confirmed: true, ...overrides });

describe('norm governance in the admin', () => {
  it('gives an editor no switch-off for a norm set above, but lets them switch on one switched off above', () => {
    expect(maySwitch(weeklyPostsNorm())).toBe(true);
    expect(maySwitch(inherited)).toBe(false);
    expect(maySwitch({ ...inherited, enabled: false })).toBe(true);
    expect(maySwitch({ ...inherited, enabled: false, adjustment: { by: 'Пётр', at: '2026-11-26T09:00:00Z', reason: 'r', waived: true } })).toBe(false);
    expect(maySwitch(asDirector)).toBe(false);
  });

  it('says where a norm comes from', () => {
    expect(originOf(inherited)).toEqual({ setBy: 'Комитет по труду', inherited: true });
    expect(originOf({ ...inherited, inherited: false, overrides: true })).toEqual({ setBy: 'Комитет по труду', inherited: false });
    expect(originOf(weeklyPostsNorm())).toEqual({ setBy: null, inherited: false });
  });

  it('offers only the presets written for the organisation kind', () => {
    const presets = [
      { id: 'mintrud-2022', title: 'Минтруд', document: 'd', orgKinds: ['employment_authority', 'employment_center'], norms: [] },
      { id: 'sudprof-2023', title: 'Судпроф', document: 'd', orgKinds: ['union_primary'], norms: [] },
    ] satisfies PresetInfo[];
    expect(fittingPresets(presets, 'employment_center').map((p) => p.id)).toEqual(['mintrud-2022']);
    expect(fittingPresets(presets, 'other')).toEqual([]);
    expect(fittingPresets(presets, undefined)).toEqual([]);
  });

  it('shows a governance refusal in the server words, anything else as usual', () => {
    const refusal = new ApiError(403, 'norm_adjust_required', 'Норматив установлен организацией «Комитет по труду»: ослабить его (enabled) может только её директор');
    expect(governanceErrorText(refusal)).toBe(refusal.message);
    expect(governanceErrorText(new ApiError(403, 'forbidden', 'Forbidden'))).not.toBe('Forbidden');
  });

  it('requires a reason, a confirmation and a real change', () => {
    expect(toNormAdjust(asDirector, form())).toEqual({ body: { enabled: false, reason: 'Аккаунт заблокирован' } });
    expect(toNormAdjust(asDirector, form({ waive: false, min: 1 }))).toEqual({ body: { min: 1, reason: 'Аккаунт заблокирован' } });
    expect(toNormAdjust(asDirector, form({ waive: false, per: 'month' }))).toEqual({ body: { per: 'month', reason: 'Аккаунт заблокирован' } });
    const bad = toNormAdjust(asDirector, form({ waive: false, reason: '  ', confirmed: false }));
    expect('errors' in bad && Object.keys(bad.errors).sort()).toEqual(['confirmed', 'min', 'reason']);
  });
});

describe('the waive / adjust dialog', () => {
  beforeEach(() => {
    requestMock.mockReset().mockResolvedValue({});
  });

  it('sends the adjustment with the version of the norm in force, then reloads', async () => {
    const reload = vi.fn(async () => {});
    const adjust = useNormAdjust(ref('centre'), reload);
    adjust.start(asDirector);
    expect(adjust.open.value).toBe(true);
    Object.assign(adjust.form, { reason: 'Аккаунт заблокирован', confirmed: true });
    await adjust.submit();
    expect(requestMock).toHaveBeenCalledWith('/orgs/centre/norms/social-posts/adjust', { method: 'POST', body: { enabled: false, reason: 'Аккаунт заблокирован' }, version: 1 });
    expect(reload).toHaveBeenCalled();
    expect(adjust.open.value).toBe(false);
  });

  it('sends nothing without a reason, and shows a refusal in the server words', async () => {
    const adjust = useNormAdjust(ref('centre'), vi.fn(async () => {}));
    adjust.start(asDirector);
    adjust.form.confirmed = true;
    await adjust.submit();
    expect(requestMock).not.toHaveBeenCalled();
    expect(adjust.errors.value.reason).toBeTruthy();
    requestMock.mockRejectedValueOnce(new ApiError(403, 'norm_adjust_forbidden', 'Только директор «Комитет по труду»'));
    adjust.form.reason = 'Причина';
    await adjust.submit();
    expect(adjust.errors.value.form).toBe('Только директор «Комитет по труду»');
    expect(adjust.open.value).toBe(true);
  });

  it('reverts an adjustment by deleting the row, showing a refusal', async () => {
    const adjust = useNormAdjust(ref('centre'), vi.fn(async () => {}));
    const waived = { ...asDirector, enabled: false, version: 4, adjustment: { by: 'Пётр', at: '2026-11-26T09:00:00Z', reason: 'r', waived: true } };
    await adjust.revert(waived);
    expect(requestMock).toHaveBeenCalledWith('/orgs/centre/norms/social-posts', { method: 'DELETE', version: 4 });
    requestMock.mockRejectedValueOnce(new ApiError(403, 'norm_adjust_forbidden', 'Нельзя'));
    await adjust.revert(waived);
    expect(adjust.revertError.value).toBe('Нельзя');
  });
});
