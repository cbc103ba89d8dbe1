import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick, ref } from 'vue';
import { request } from '../../../api/client.js';
import type { EffectiveNorm, Organisation } from '../../../api/types.js';
import { checkProfile, profileFormOf, profilePatch, useOrgProfile } from './use-org-profile.js';
import { orgOf } from './org-test-setup.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const primary = orgOf('primary', 'region', { name: 'ППО', kind: 'union_primary', members: 650, figures: { solidarnost_copies: 5, press_runs: 2 }, version: 4 });

function norm(key: string, definition: Partial<EffectiveNorm['norm']>, enabled = true): EffectiveNorm {
  return {
    key,
    id: `${key}-row`,
    orgId: 'region',
    orgName: 'Теркомитет',
    inherited: true,
    overrides: false,
    preset: 'sudprof-2023',
    enabled,
    norm: { id: key, ...definition },
    version: 1,
    setBy: null,
    adjustment: null,
    may: { edit: false, adjust: false, delete: false },
  } as EffectiveNorm;
}

const solidarnost = norm('solidarnost', { type: 'quantity', figure: 'solidarnost_copies', perMembers: 100, atLeast: 1, title: '«Солидарность»' });
const budget = norm('budget-5', { type: 'quantity', figure: 'info_budget_percent', atLeast: 5 });
const switchedOff = norm('hall', { type: 'quantity', figure: 'hall_events', atLeast: 3 }, false);

async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await nextTick();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe("an organisation's profile form", () => {
  beforeEach(() => {
    createTestingPinia({ stubActions: false, createSpy: vi.fn });
    requestMock.mockReset();
  });

  it('shows the known figures, those the norms read and those reported, with their values', () => {
    const form = profileFormOf(primary, [{ figure: 'hall_events' }]);
    expect(form.figures).toEqual([
      { name: 'solidarnost_copies', value: 5, custom: false },
      { name: 'info_budget_percent', value: null, custom: false },
      { name: 'hall_events', value: null, custom: false },
      { name: 'press_runs', value: 2, custom: false },
    ]);
  });

  it('sends only what the user changed, the figures as the API stores them', () => {
    const form = profileFormOf(primary, []);
    expect(profilePatch(primary, form)).toEqual({});
    form.members = 700;
    form.figures[1]!.value = 4.5;
    form.name = '  ППО завода  ';
    expect(profilePatch(primary, form)).toEqual({ name: 'ППО завода', members: 700, figures: { solidarnost_copies: 5, info_budget_percent: 4.5, press_runs: 2 } });
  });

  it('checks names, members and figures with the contract and the domain before sending', () => {
    const form = profileFormOf(primary, []);
    form.name = '';
    form.members = 1.5;
    form.figures.push({ name: 'Press Runs', value: 1, custom: true }, { name: 'press_runs', value: 1, custom: true }, { name: 'ok_one', value: -1, custom: true });
    expect(Object.keys(checkProfile(form)).sort()).toEqual(['figures.3', 'figures.4', 'figures.5', 'members', 'name']);
  });

  it('says what each norm in force asks of a figure, from the members typed now', async () => {
    requestMock.mockResolvedValue({ norms: [solidarnost, budget, switchedOff] });
    const org = ref<Organisation | null>(primary);
    const profile = useOrgProfile(org);
    await settled();
    expect(requestMock).toHaveBeenCalledWith('/orgs/primary/norms');
    expect(profile.requirementsOf('solidarnost_copies')).toEqual([
      expect.objectContaining({ required: 7, members: 650, reported: 5, met: false, norm: expect.objectContaining({ title: '«Солидарность»' }) }),
    ]);
    expect(profile.requirementsOf('info_budget_percent')).toEqual([expect.objectContaining({ required: 5, met: false })]);
    expect(profile.requirementsOf('hall_events')).toEqual([]);
    profile.form.members = 420;
    expect(profile.requirementsOf('solidarnost_copies')[0]).toMatchObject({ required: 5, met: true });
    expect(profile.editable.value).toBe(true);
    org.value = { ...primary, inArchive: true };
    await settled();
    expect(profile.editable.value).toBe(false);
  });

  it('keeps what the user typed while the norms were still loading, and adds the figures they read', async () => {
    let answer: (value: unknown) => void = () => {};
    requestMock.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const profile = useOrgProfile(ref<Organisation | null>({ ...primary, figures: {} }));
    profile.form.members = 900;
    answer({ norms: [norm('hall', { type: 'quantity', figure: 'hall_events', atLeast: 3 })] });
    await settled();
    expect(profile.form.members).toBe(900);
    expect(profile.form.figures.map((f) => f.name)).toEqual(['solidarnost_copies', 'info_budget_percent', 'hall_events']);
  });
});
