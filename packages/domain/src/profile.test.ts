import { describe, expect, it } from 'vitest';
import type { ComplianceRow, ComplianceStatus } from './compliance.js';
import { evaluate } from './evaluate.js';
import type { Norm } from './norm.js';
import { MINTRUD_2022 } from './presets.js';
import { isProfileNorm, isProfileRow, missingChannelTypes, profileStatus } from './profile.js';
import { emptyStatusCounts } from './rollup.js';

const profileRow = (norm: string, status: ComplianceStatus, required = 1, actual = 0): ComplianceRow => ({
  norm,
  channel: null,
  periodStart: null,
  periodEnd: null,
  required,
  actual,
  planned: 0,
  overdue: 0,
  status,
});
const weekRow = (norm: string, status: ComplianceStatus): ComplianceRow => ({ ...profileRow(norm, status), periodStart: '2026-11-16', periodEnd: '2026-11-22' });

const mandatory: Norm = { id: 'mandatory-channels', type: 'presence', allOf: [['website'], ['vk', 'ok'], ['info_zone'], ['in_person']] };
const budget: Norm = { id: 'budget-5', type: 'quantity', figure: 'info_budget_percent', atLeast: 5 };

describe('profile norms', () => {
  it('are the presence and quantity norms: facts about the organisation, not about a period', () => {
    expect(MINTRUD_2022.norms.filter(isProfileNorm).map((n) => n.id)).toEqual(['mandatory-channels']);
    expect(isProfileNorm(budget)).toBe(true);
    expect(isProfileNorm({ type: 'frequency' })).toBe(false);
  });

  it('are exactly the rows the evaluator gives no period', () => {
    const { results } = evaluate(
      { org: { kind: 'employment_center' }, channels: [{ id: 'vk', type: 'vk' }], norms: [...MINTRUD_2022.norms, budget], items: [], range: { from: '2026-11-01', to: '2026-11-30' } },
      { today: '2026-11-19', timeZone: 'Europe/Moscow' },
    );
    expect(results.filter(isProfileRow).map((r) => r.norm)).toEqual(['mandatory-channels', 'budget-5']);
  });
});

describe('the profile status', () => {
  it('is met when every binding profile norm is met or waived, whatever the periods say', () => {
    const status = profileStatus([profileRow('mandatory-channels', 'met', 4, 4), profileRow('budget-5', 'exempt'), weekRow('social-posts', 'missed')]);
    expect(status).toEqual({ state: 'met', counts: { ...emptyStatusCounts(), met: 1, exempt: 1 }, missing: [] });
  });

  it('is not met when one is missed, naming it with what it asks and what there is', () => {
    const status = profileStatus([profileRow('mandatory-channels', 'met', 4, 4), profileRow('budget-5', 'missed', 5, 3)]);
    expect(status.state).toBe('not_met');
    expect(status.missing).toEqual([{ norm: 'budget-5', required: 5, actual: 3 }]);
  });

  it('is none when no profile norm binds the organisation', () => {
    expect(profileStatus([profileRow('social-primary', 'not_applicable'), weekRow('stand-weekly', 'met')]).state).toBe('none');
    expect(profileStatus([]).state).toBe('none');
  });

  it('names the channel types a missed presence norm lacks, a channel counting once it exists', () => {
    const channels = [
      { id: 'site', type: 'website' },
      { id: 'group', type: 'ok' },
      { id: 'zone', type: 'info_zone', since: '2026-12-01' },
    ];
    const context = { norms: [mandatory, budget], channels, on: '2026-11-30' };
    const status = profileStatus([profileRow('mandatory-channels', 'missed', 4, 2)], context);
    expect(status.missing).toEqual([{ norm: 'mandatory-channels', required: 4, actual: 2, missingChannelTypes: [['info_zone'], ['in_person']] }]);
    expect(missingChannelTypes(mandatory, channels, '2026-12-01')).toEqual([['in_person']]);
    expect(missingChannelTypes(budget, channels, '2026-12-01')).toEqual([]);
  });
});
