import { Type, type Static } from 'typebox';
import { PRODUCTION_DAY_KINDS } from '@ritm/domain/production-calendar';
import { Instant, literalUnion, LocalDate, patchOf, Text, Uuid, Version, Words } from './common.js';

// The Russian production calendar (issue 16): public holidays, days off moved by decree, worked
// weekends and shortened pre-holiday days. The federal calendar is kept by the system
// administrator; an organisation's administrator adds its region's own days, which bind its
// subtree. Past years are read-only.

export const ProductionDayKind = literalUnion(PRODUCTION_DAY_KINDS, { description: 'holiday: a day off; working_weekend: a Saturday or Sunday worked; short_day: one hour shorter (art. 95)' });

export const ProductionYearQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false });
export type ProductionYearQuery = Static<typeof ProductionYearQuery>;

export const ProductionDayParams = Type.Object({ dayId: Uuid }, { additionalProperties: false });
export const OrgProductionDayParams = Type.Object({ orgId: Uuid, dayId: Uuid }, { additionalProperties: false });

export const ProductionDay = Type.Object({
  id: Uuid,
  /** null: the federal calendar; else the organisation (this one or one above it) that set it. */
  orgId: Type.Union([Uuid, Type.Null()]),
  orgName: Type.Union([Type.String(), Type.Null()]),
  day: LocalDate,
  kind: ProductionDayKind,
  name: Type.String(),
  source: Type.String(),
  /** As shipped with Ritm (false once anyone changed it, or for an entry someone added). */
  shipped: Type.Boolean(),
  version: Version,
  updatedAt: Instant,
});
export type ProductionDay = Static<typeof ProductionDay>;

/**
 * A year of a calendar: the federal one (`GET /production-calendar`) or an organisation's
 * effective one (federal, then set above it, then its own; the nearest wins a day). `decree`
 * names the shipped year's decree (null: none known, statutory days only). `may.edit`: whether
 * the caller may add, change and remove entries there (the server decides: the role and the year).
 */
export const ProductionCalendar = Type.Object({
  year: Type.Integer(),
  decree: Type.Union([Type.String(), Type.Null()]),
  days: Type.Array(ProductionDay),
  may: Type.Object({ edit: Type.Boolean() }),
});
export type ProductionCalendar = Static<typeof ProductionCalendar>;

const fields = {
  kind: ProductionDayKind,
  name: Words(200),
  /** The statute, decree or regional law, with its number and date. */
  source: Type.Optional(Text({ maxLength: 500 })),
};

/** A new entry: `day` in a year the caller may still change; one entry a day per calendar; a `working_weekend` on a Saturday or Sunday. */
export const ProductionDayCreate = Type.Object({ day: LocalDate, ...fields }, { additionalProperties: false });
export type ProductionDayCreate = Static<typeof ProductionDayCreate>;

export const ProductionDayPatch = patchOf(Type.Object(fields));
export type ProductionDayPatch = Static<typeof ProductionDayPatch>;
