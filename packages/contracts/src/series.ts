import { Type, type Static } from 'typebox';
import { Instant, LocalDate, Text, Uuid, Version, Words } from './common.js';
import { ItemAt, ItemCreate, ItemKind } from './items.js';

// Recurring items (issue 15): a series is a recurrence rule as RFC 5545 defines it (RRULE) and
// the fields its occurrences share. Occurrences are ordinary items (they count toward norms, are
// listed, exported, approved) materialised for a bounded horizon and extended by a job; one
// occurrence can be moved, changed or cancelled alone (PATCH/DELETE the item), and "this and
// following" (PATCH the series with `from`) splits the series in two.

/**
 * An RRULE value, with or without the `RRULE:` prefix, its parts in any order and any case (the domain
 * checks them strictly): `FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8`,
 * `FREQ=MONTHLY;BYDAY=1MO;UNTIL=20270630`, `FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR`. Daily at the
 * finest; DTSTART is the item's `at`.
 */
export const Recurrence = Text({
  minLength: 6,
  maxLength: 500,
  pattern: '^(RRULE:)?[A-Za-z]+=',
  description: 'An RFC 5545 recurrence rule (RRULE), e.g. FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8',
  examples: ['FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', 'FREQ=MONTHLY;BYDAY=1MO', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261231'],
});

/**
 * `POST /api/orgs/:orgId/items`: an item, or with `recurrence` the first occurrence of a series
 * starting at `at`. `skipNonWorkingDays` leaves out occurrences on the production calendar's
 * non-working days (holidays and days off moved), each kept as an exception date.
 */
export const ItemCreateRequest = Type.Object(
  {
    ...ItemCreate.properties,
    recurrence: Type.Optional(Recurrence),
    skipNonWorkingDays: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ItemCreateRequest = Static<typeof ItemCreateRequest>;

/** The created item; with a recurrence, the first occurrence, its series and how many occurrences were planned now. */
export const ItemCreated = Type.Object({
  id: Uuid,
  version: Version,
  seriesId: Type.Optional(Uuid),
  occurrences: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type ItemCreated = Static<typeof ItemCreated>;

export const SeriesParams = Type.Object({ orgId: Uuid, seriesId: Uuid }, { additionalProperties: false });
export type SeriesParams = Static<typeof SeriesParams>;

/** What every occurrence of a series shares (an occurrence changed alone keeps its own). */
export const SeriesTemplate = Type.Object({
  kind: ItemKind,
  title: Text(),
  newsHook: Text(),
  format: Text(),
  channelIds: Type.Array(Uuid),
  audienceIds: Type.Array(Uuid),
  keyMessageIds: Type.Array(Uuid),
  responsibleId: Type.Union([Uuid, Type.Null()]),
  notes: Text(),
});
export type SeriesTemplate = Static<typeof SeriesTemplate>;

export const Series = Type.Object({
  id: Uuid,
  orgId: Uuid,
  /** The rule, normalised, without `RRULE:` and without DTSTART. */
  rrule: Recurrence,
  /** DTSTART: the first occurrence's `at` (a local date, or an instant whose wall-clock time every occurrence keeps in the organisation's zone). */
  startsAt: ItemAt,
  skipNonWorkingDays: Type.Boolean(),
  /** Days the rule gives that have no occurrence (deleted alone, or non-working): EXDATE. */
  exdates: Type.Array(LocalDate),
  /** Occurrences exist up to this day; null when the rule ends and all of them exist. */
  materialisedUntil: Type.Union([LocalDate, Type.Null()]),
  /** The last day the rule gives (UNTIL or COUNT), or null for a rule without end. */
  lastDay: Type.Union([LocalDate, Type.Null()]),
  /** Occurrences that exist now. */
  occurrenceCount: Type.Integer({ minimum: 0 }),
  template: SeriesTemplate,
  version: Version,
  createdAt: Instant,
});
export type Series = Static<typeof Series>;

/**
 * Changes to a series (send `version`). Without `from`, every occurrence not done and not changed
 * alone takes the change. With `from` (an occurrence's day on the rule), "this and following":
 * the series ends the day before and a new series from `from` takes the change; occurrences
 * before `from` are untouched. `rrule` and `at` (the time of day, or a new start with `from`)
 * change the dates; occurrences already done keep theirs.
 */
export const SeriesPatch = Type.Object(
  {
    version: Type.Optional(Version),
    from: Type.Optional(LocalDate),
    rrule: Type.Optional(Recurrence),
    at: Type.Optional(ItemAt),
    skipNonWorkingDays: Type.Optional(Type.Boolean()),
    kind: Type.Optional(ItemKind),
    title: Type.Optional(Words(500)),
    newsHook: Type.Optional(Text({ maxLength: 2000 })),
    format: Type.Optional(Text({ maxLength: 300 })),
    channelIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
    audienceIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
    keyMessageIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
    responsibleId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    notes: Type.Optional(Text({ maxLength: 10_000 })),
  },
  { additionalProperties: false },
);
export type SeriesPatch = Static<typeof SeriesPatch>;

/** After a change: the series (ended the day before `from` on a split) and the new one from `from`. */
export const SeriesChanged = Type.Object({
  series: Series,
  split: Type.Union([Series, Type.Null()]),
});
export type SeriesChanged = Static<typeof SeriesChanged>;

/** Ends a series: its occurrences from `from` (default: all) that are not done are deleted; done ones stay. */
export const SeriesDeleteQuery = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1 })), from: Type.Optional(LocalDate) },
  { additionalProperties: false },
);
export type SeriesDeleteQuery = Static<typeof SeriesDeleteQuery>;
