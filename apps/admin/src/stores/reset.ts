import type { Pinia } from 'pinia';
import { useCalendarStore } from './calendar.js';
import { useCatalogStore } from './catalog.js';
import { useOrgsStore } from './orgs.js';
import { usePlansStore } from './plans.js';
import { useProductionCalendarStore } from './production-calendar.js';
import { useSessionStore } from './session.js';

/** Forgets every user's data on logout, so the next person at this browser sees none of it. */
export function resetStores(pinia?: Pinia): void {
  useSessionStore(pinia).reset();
  useOrgsStore(pinia).reset();
  useCalendarStore(pinia).reset();
  useCatalogStore(pinia).reset();
  usePlansStore(pinia).reset();
  useProductionCalendarStore(pinia).reset();
}
