import type { Kysely, Transaction } from 'kysely';
import type { ProductionCalendar, ProductionDay } from '@ritm/contracts/production-calendar';
import type { DateRange } from '@ritm/domain/local-date';
import {
  effectiveProductionDays,
  isProductionYearEditable,
  PRODUCTION_CALENDAR_TIME_ZONE,
  shippedProductionYear,
  workingCalendarOf,
} from '@ritm/domain/production-calendar';
import type { WorkingCalendar } from '@ritm/domain/working-days';
import { localDateOf } from '@ritm/domain/time-zone';
import type { DB } from '../db/schema.js';
import { conflict } from '../http/errors.js';
import { message } from '../http/messages.js';
import type { OrganisationContext } from '../repositories/org-context.js';
import { federalProductionDays, productionDaysOfLineage, type StoredProductionDay } from '../repositories/production-calendar.js';

/*
 * The production calendar as an organisation lives by it (issue 16): the federal entries, then
 * those set above it, then its own, one a day (the nearest wins), as the domain merges them.
 */

const yearRange = (year: number): DateRange => ({ from: `${year}-01-01`, to: `${year}-12-31` });

const toContract = ({ depth: _depth, ...day }: StoredProductionDay): ProductionDay => day;

/** The organisation's effective entries over a range. */
export async function effectiveDaysOf(db: Kysely<DB> | Transaction<DB>, org: Pick<OrganisationContext, 'lineage'>, range: DateRange): Promise<StoredProductionDay[]> {
  return effectiveProductionDays(await productionDaysOfLineage(db, org, range));
}

/** The {@link WorkingCalendar} an organisation's gap suggestions and forecasts take. */
export async function workingCalendarOfOrg(db: Kysely<DB>, org: Pick<OrganisationContext, 'lineage'>, range: DateRange): Promise<WorkingCalendar> {
  return workingCalendarOf(await effectiveDaysOf(db, org, range));
}

/** Whether a year may still change now (the current and future years, in Moscow). */
export function yearOpen(year: number, now: Date): boolean {
  return isProductionYearEditable(year, localDateOf(now.getTime(), PRODUCTION_CALENDAR_TIME_ZONE));
}

/** @throws 409 `year_closed` when the day's year has been judged by its calendar already. */
export function requireYearOpen(day: string, now: Date): number {
  const year = Number(day.slice(0, 4));
  if (!yearOpen(year, now)) throw conflict('year_closed', message('productionYearClosed', { year }));
  return year;
}

/** The federal calendar of a year. */
export async function federalYear(db: Kysely<DB>, year: number, mayEdit: boolean): Promise<ProductionCalendar> {
  const days = await federalProductionDays(db, yearRange(year));
  return { year, decree: shippedProductionYear(year)?.decree ?? null, days: days.map(toContract), may: { edit: mayEdit } };
}

/** An organisation's effective calendar of a year. */
export async function organisationYear(db: Kysely<DB>, org: OrganisationContext, year: number, mayEdit: boolean): Promise<ProductionCalendar> {
  const days = await effectiveDaysOf(db, org, yearRange(year));
  return { year, decree: shippedProductionYear(year)?.decree ?? null, days: days.map(toContract), may: { edit: mayEdit } };
}
