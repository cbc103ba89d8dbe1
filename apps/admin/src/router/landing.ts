import type { Capability } from '@ritm/domain/access';

/**
 * Where a signed-in user lands at `/`, from what the server says they may do in each organisation
 * they see: someone who approves plans somewhere and edits items nowhere (a director) lands on the
 * dashboard of their organisations, not on a calendar they cannot fill; everyone else on the calendar.
 *
 * @example landingRoute([{ capabilities: ['org.read', 'plan.approve'] }]) // 'dashboard'
 * @example landingRoute([{ capabilities: ['org.read', 'plan.approve'] }, { capabilities: ['org.read', 'item.edit'] }]) // 'calendar'
 */
export function landingRoute(orgs: readonly { capabilities: readonly Capability[] }[]): 'calendar' | 'dashboard' {
  const anywhere = (capability: Capability) => orgs.some((org) => org.capabilities.includes(capability));
  return anywhere('plan.approve') && !anywhere('item.edit') ? 'dashboard' : 'calendar';
}
