/**
 * The organisation whose norms are judged: its kind, size and reported figures.
 */
import type { Issue, JsonPath } from './read-json.js';
import {
  isJsonObject,
  issue,
  pathText,
  pathTo,
  readNonEmptyString,
  readNonNegativeInteger,
  readNonNegativeNumber,
  readObject,
  readOptional,
} from './read-json.js';

/**
 * The organisation kinds the product knows: an employment authority (a
 * region's department of labour) or centre, and the three levels of a trade
 * union (central, territorial, primary). The database stores exactly these.
 */
export const ORGANISATION_KINDS = [
  'employment_authority',
  'employment_center',
  'union_central',
  'union_territorial',
  'union_primary',
  'other',
] as const;

/** An organisation kind the product knows. */
export type KnownOrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * An organisation kind: one of {@link ORGANISATION_KINDS} or any other. A
 * `ritm check` scenario may name a kind of its own (norms can bind it through
 * `orgKinds`); the API stores only the known ones.
 */
export type OrganisationKind = KnownOrganisationKind | (string & {});

/**
 * Whether a kind is one the product knows (and the API stores).
 *
 * @example isKnownOrganisationKind('union_primary') // true
 * @example isKnownOrganisationKind('employment_service') // false
 */
export function isKnownOrganisationKind(kind: string): kind is KnownOrganisationKind {
  return (ORGANISATION_KINDS as readonly string[]).includes(kind);
}

/** Figures a quantity norm can read from an organisation (open vocabulary). */
export const KNOWN_FIGURES = {
  /** Copies of «Солидарность» subscribed (Sudprof concept VII.3). */
  solidarnostCopies: 'solidarnost_copies',
  /** Share of the budget spent on information work, in percent. */
  infoBudgetPercent: 'info_budget_percent',
} as const;

/**
 * How a figure is named where the API stores it: a lowercase Latin letter, then
 * up to 63 lowercase letters, digits or `_` (`solidarnost_copies`). A JSON
 * Schema `pattern`; a `ritm check` scenario may name figures freely.
 */
export const FIGURE_NAME_PATTERN = '^[a-z][a-z0-9_]{0,63}$';

/** What the norms need to know about an organisation. */
export interface Organisation {
  kind?: OrganisationKind;
  /** Union members (or staff): presence and quantity norms can depend on it. */
  members?: number;
  /** Reported figures by name, e.g. `{ solidarnost_copies: 5, info_budget_percent: 4.5 }`. */
  figures?: Readonly<Record<string, number>>;
}

/**
 * The figure an organisation reported under a name, or 0 when it reported
 * none: an unproven norm is not met. Only the organisation's own figures
 * count, never a name inherited from the object prototype (`constructor`).
 *
 * @example reportedFigure({ figures: { solidarnost_copies: 5 } }, 'solidarnost_copies') // 5
 * @example reportedFigure({ figures: {} }, 'constructor') // 0
 */
export function reportedFigure(org: Organisation, figure: string): number {
  const figures = org.figures;
  return figures !== undefined && Object.hasOwn(figures, figure) ? (figures[figure] ?? 0) : 0;
}

/**
 * Reads an organisation `{kind?, members?, figures?}` from unknown JSON.
 * Figures are kept in an object without a prototype, so that a figure named
 * `__proto__` is a figure like any other.
 *
 * @example parseOrganisation({ kind: 'union_primary', members: 650 }, 'org', issues) // { kind: 'union_primary', members: 650 }
 */
export function parseOrganisation(value: unknown, path: JsonPath, issues: Issue[]): Organisation | undefined {
  const obj = readObject(value, path, issues);
  if (obj === undefined) return undefined;
  const before = issues.length;
  const kind = readOptional(obj.kind, pathTo(path, 'kind'), issues, readNonEmptyString);
  const members = readOptional(obj.members, pathTo(path, 'members'), issues, readNonNegativeInteger);
  let figures: Record<string, number> | undefined;
  const figuresPath = pathTo(path, 'figures');
  if (obj.figures !== undefined && obj.figures !== null) {
    if (!isJsonObject(obj.figures)) issues.push(issue(pathText(figuresPath), 'not_an_object'));
    else {
      figures = Object.create(null) as Record<string, number>;
      for (const [name, figure] of Object.entries(obj.figures)) {
        const read = readNonNegativeNumber(figure, pathTo(figuresPath, name), issues);
        if (read !== undefined) figures[name] = read;
      }
    }
  }
  if (issues.length > before) return undefined;
  return {
    ...(kind !== undefined && { kind }),
    ...(members !== undefined && { members }),
    ...(figures !== undefined && { figures }),
  };
}
