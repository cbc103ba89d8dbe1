import { describe, expect, it } from 'vitest';
import type { Norm } from './norm.js';
import { figureRequirements, figureUnit, isFigureName, profileFigureNames, RUSSIAN_TIME_ZONES } from './org-profile.js';
import { isTimeZone } from './time-zone.js';

const solidarnost: Norm = { id: 'solidarnost', type: 'quantity', figure: 'solidarnost_copies', perMembers: 100, atLeast: 1, title: '«Солидарность»', orgKinds: ['union_primary'] };
const budget: Norm = { id: 'budget-5', type: 'quantity', figure: 'info_budget_percent', atLeast: 5 };
const posts: Norm = { id: 'posts', type: 'frequency', min: 2, per: 'week' };

describe("an organisation's profile", () => {
  it('offers every Russian time zone, each one the time-zone database knows, west to east once', () => {
    expect(RUSSIAN_TIME_ZONES).toHaveLength(27);
    expect(new Set(RUSSIAN_TIME_ZONES).size).toBe(RUSSIAN_TIME_ZONES.length);
    expect(RUSSIAN_TIME_ZONES.every((zone) => isTimeZone(zone))).toBe(true);
    expect([RUSSIAN_TIME_ZONES[0], RUSSIAN_TIME_ZONES.at(-1)]).toEqual(['Europe/Kaliningrad', 'Asia/Anadyr']);
  });

  it('names figures as the API stores them, and knows what the known ones count', () => {
    expect(['press_runs', 'a', 'x1_y'].map(isFigureName)).toEqual([true, true, true]);
    expect(['Press', '1st', 'press runs', '', `a${'b'.repeat(64)}`].map(isFigureName)).toEqual([false, false, false, false, false]);
    expect(['solidarnost_copies', 'info_budget_percent', 'press_runs'].map(figureUnit)).toEqual(['copies', 'percent', 'number']);
  });

  it('says what each quantity norm asks of a figure, one copy per hundred members but at least one', () => {
    const at = (members: number, copies: number) => figureRequirements([posts, solidarnost], { kind: 'union_primary', members, figures: { solidarnost_copies: copies } });
    expect(at(650, 5)).toEqual([
      { figure: 'solidarnost_copies', norm: { id: 'solidarnost', title: '«Солидарность»', atLeast: 1, perMembers: 100 }, required: 7, members: 650, reported: 5, met: false },
    ]);
    expect(at(650, 7)[0]).toMatchObject({ required: 7, met: true });
    expect(at(40, 1)[0]).toMatchObject({ required: 1, members: 40, met: true });
    expect(at(101, 1)[0]).toMatchObject({ required: 2, met: false });
  });

  it('leaves out the norms that do not bind the organisation: another kind, or not in force that day', () => {
    expect(figureRequirements([solidarnost], { kind: 'employment_center', members: 650 })).toEqual([]);
    const later: Norm = { ...budget, effectiveFrom: '2027-01-01' };
    expect(figureRequirements([later], {}, { on: '2026-11-26' })).toEqual([]);
    expect(figureRequirements([later], {}, { on: '2027-01-01' })).toEqual([{ figure: 'info_budget_percent', norm: { id: 'budget-5', atLeast: 5 }, required: 5, reported: 0, met: false }]);
  });

  it('agrees with the evaluator on every member count: the requirement grows by one every hundred members', () => {
    for (let members = 0; members <= 1000; members += 37) {
      const [row] = figureRequirements([solidarnost], { kind: 'union_primary', members });
      expect(row?.required).toBe(Math.max(1, Math.ceil(members / 100)));
    }
  });

  it('offers the known figures, then those the norms read, then the others reported, each once', () => {
    expect(profileFigureNames({ figures: { press_runs: 3, solidarnost_copies: 1 } }, [{ figure: 'hall_events' }, { figure: 'solidarnost_copies' }])).toEqual([
      'solidarnost_copies',
      'info_budget_percent',
      'hall_events',
      'press_runs',
    ]);
  });
});
