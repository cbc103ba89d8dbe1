import { describe, expect, it } from 'vitest';
import { COMPLIANCE_STATUSES, contractRow, frequencyStatus, isFailing, statusSeverity } from './compliance.js';

describe('compliance statuses', () => {
  it('judge past periods met or missed', () => {
    expect(frequencyStatus({ required: 2, actual: 2, planned: 0 }, 'past')).toBe('met');
    expect(frequencyStatus({ required: 2, actual: 1, planned: 5 }, 'past')).toBe('missed');
  });

  it('judge the current period met, on_track or at_risk', () => {
    expect(frequencyStatus({ required: 2, actual: 3, planned: 0 }, 'current')).toBe('met');
    expect(frequencyStatus({ required: 2, actual: 1, planned: 1 }, 'current')).toBe('on_track');
    expect(frequencyStatus({ required: 2, actual: 0, planned: 1 }, 'current')).toBe('at_risk');
  });

  it('judge future periods met, planned or gap', () => {
    expect(frequencyStatus({ required: 1, actual: 1, planned: 0 }, 'future')).toBe('met');
    expect(frequencyStatus({ required: 2, actual: 0, planned: 2 }, 'future')).toBe('planned');
    expect(frequencyStatus({ required: 2, actual: 0, planned: 1 }, 'future')).toBe('gap');
  });

  it('rank every status, failing only missed and at_risk', () => {
    expect([...COMPLIANCE_STATUSES].sort((a, b) => statusSeverity(a) - statusSeverity(b))).toEqual([
      'missed',
      'at_risk',
      'gap',
      'on_track',
      'planned',
      'met',
      'exempt',
      'not_applicable',
    ]);
    expect(COMPLIANCE_STATUSES.filter(isFailing)).toEqual(['missed', 'at_risk']);
  });
});

describe('contract rows', () => {
  it('keep the keys of ritm check, in order, without the overdue count', () => {
    const row = { norm: 'n', channel: null, periodStart: null, periodEnd: null, required: 1, actual: 0, planned: 0, overdue: 3, status: 'missed' as const };
    expect(Object.keys(contractRow(row))).toEqual(['norm', 'channel', 'periodStart', 'periodEnd', 'required', 'actual', 'planned', 'status']);
  });
});
