import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from '@ritm/domain/access';
import { landingRoute } from './landing.js';

const at = (...roles: Parameters<typeof capabilitiesOf>[0]) => ({ capabilities: capabilitiesOf(roles) });

describe('where a user lands', () => {
  it('takes a director, who approves but edits nowhere, to the dashboard', () => {
    expect(landingRoute([at('director'), at('viewer')])).toBe('dashboard');
  });

  it('takes whoever edits items anywhere to the calendar, a director elsewhere too', () => {
    expect(landingRoute([at('director'), at('editor')])).toBe('calendar');
    expect(landingRoute([at('admin')])).toBe('calendar');
    expect(landingRoute([at('editor')])).toBe('calendar');
  });

  it('takes a viewer, or someone with no organisation yet, to the calendar', () => {
    expect(landingRoute([at('viewer')])).toBe('calendar');
    expect(landingRoute([])).toBe('calendar');
  });
});
