/**
 * Field readers for turning unknown JSON into domain values, collecting every
 * problem as an {@link Issue} that names the JSON path of the bad value
 * (`items[3].at: not a date`). The scenario parser and the API's norm
 * validation are built from these. Readers take a lazy {@link JsonPath}: its
 * text is built only for an issue.
 */
import { isBlank } from './words.js';
import { isLocalDate } from './local-date.js';
import type { LocalDate } from './local-date.js';
import { isProductDate } from './product-range.js';
import { issue } from './issue.js';
import type { Issue } from './issue.js';
import { isTimeZone } from './time-zone.js';

export { ISSUE_CODES, issue, issueParams } from './issue.js';
export type { Issue, IssueCode, IssueOf, IssueParams } from './issue.js';

/** The outcome of parsing: the value, or every issue found. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** Thrown by domain functions given input they cannot work with. */
export class ValidationError extends Error {
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    super(issues.map(formatIssue).join('; '));
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/**
 * Extends a JSON path by a key or an array index.
 *
 * @example childPath('items', 3) // 'items[3]'
 * @example childPath('items[3]', 'at') // 'items[3].at'
 * @example childPath('', 'timezone') // 'timezone'
 */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Where a value sits in the input: path text (`items[3].at`), or a step from
 * a parent path by a key or index. Readers take a `JsonPath` and spell it out
 * with {@link pathText} only when they record an issue, so reading 50,000
 * good items builds no path text at all.
 */
export type JsonPath = string | JsonPathStep;

/** One step of a {@link JsonPath}: the parent's path and the key or index below it. */
export interface JsonPathStep {
  readonly parent: JsonPath;
  readonly key: string | number;
}

/**
 * A path one key or index below `parent`, not yet spelled out.
 *
 * @example pathText(pathTo(pathTo('items', 3), 'at')) // 'items[3].at'
 */
export function pathTo(parent: JsonPath, key: string | number): JsonPathStep {
  return { parent, key };
}

/**
 * The text of a path, as {@link childPath} writes it.
 *
 * @example pathText(pathTo('items', 3)) // 'items[3]'
 * @example pathText('timezone') // 'timezone'
 */
export function pathText(path: JsonPath): string {
  return typeof path === 'string' ? path : childPath(pathText(path.parent), path.key);
}

/**
 * One issue as a line of text.
 *
 * @example formatIssue(issue('items[3].at', 'not_a_date')) // 'items[3].at: not a date'
 */
export function formatIssue(found: Issue): string {
  return `${found.path === '' ? '(root)' : found.path}: ${found.message}`;
}

/**
 * Where `JSON.parse(text)` failed, as an editor shows it (lines and columns from 1): from the
 * position V8 names ("… in JSON at position 57"), or the end of the text for Node 20's
 * "Unexpected end of JSON input", which names none. Undefined when the error says neither.
 *
 * @example jsonErrorPlace(new SyntaxError('Unexpected token } in JSON at position 9'), '{\n  "a": }') // { line: 2, column: 8 }
 */
export function jsonErrorPlace(error: unknown, text: string): { line: number; column: number } | undefined {
  const said = error instanceof Error ? error.message : String(error);
  // Anchored at the end: other messages quote the text itself, which may hold "position 5".
  const position = / JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(said)?.[1] ?? (/^Unexpected end of JSON input$/.test(said) ? String(text.length) : undefined);
  if (position === undefined) return undefined;
  const before = text.slice(0, Number(position));
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

/** A plain JSON object, as read from unknown input. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an object; records `not an object` otherwise. */
export function readObject(value: unknown, path: JsonPath, issues: Issue[]): JsonObject | undefined {
  if (isJsonObject(value)) return value;
  issues.push(value === undefined ? issue(pathText(path), 'required') : issue(pathText(path), 'not_an_object'));
  return undefined;
}

/**
 * Reads an array and each element with `readElement`; elements that fail are
 * left out (their issues are recorded).
 *
 * @example readArray(['a', 1], 'kinds', issues, readNonEmptyString) // ['a'], issues: kinds[1]: not a string
 */
export function readArray<T>(
  value: unknown,
  path: JsonPath,
  issues: Issue[],
  readElement: (element: unknown, path: JsonPath, issues: Issue[]) => T | undefined,
): T[] | undefined {
  if (!Array.isArray(value)) {
    issues.push(value === undefined ? issue(pathText(path), 'required') : issue(pathText(path), 'not_an_array'));
    return undefined;
  }
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) {
    const read = readElement(value[i], pathTo(path, i), issues);
    if (read !== undefined) out.push(read);
  }
  return out;
}

/** Reads a string with at least one non-blank character. */
export function readNonEmptyString(value: unknown, path: JsonPath, issues: Issue[]): string | undefined {
  if (typeof value === 'string' && !isBlank(value)) return value;
  issues.push(issue(pathText(path), value === undefined ? 'required' : typeof value === 'string' ? 'empty' : 'not_a_string'));
  return undefined;
}

/**
 * Reads a local date 'YYYY-MM-DD' inside the product's range (2000-01-01 … 2100-12-31); records
 * `not a date` or `outside …` otherwise.
 */
export function readLocalDate(value: unknown, path: JsonPath, issues: Issue[]): LocalDate | undefined {
  if (isProductDate(value)) return value;
  issues.push(issue(pathText(path), value === undefined ? 'required' : isLocalDate(value) ? 'outside_product_range' : 'not_a_date'));
  return undefined;
}

/** Reads an integer ≥ 1. */
export function readPositiveInteger(value: unknown, path: JsonPath, issues: Issue[]): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
  issues.push(issue(pathText(path), value === undefined ? 'required' : 'not_a_positive_integer'));
  return undefined;
}

/** Reads an integer ≥ 0. */
export function readNonNegativeInteger(value: unknown, path: JsonPath, issues: Issue[]): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  issues.push(issue(pathText(path), value === undefined ? 'required' : 'not_a_non_negative_integer'));
  return undefined;
}

/** Reads a finite number ≥ 0. */
export function readNonNegativeNumber(value: unknown, path: JsonPath, issues: Issue[]): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  issues.push(issue(pathText(path), value === undefined ? 'required' : 'not_a_non_negative_number'));
  return undefined;
}

/** Reads a boolean. */
export function readBoolean(value: unknown, path: JsonPath, issues: Issue[]): boolean | undefined {
  if (typeof value === 'boolean') return value;
  issues.push(issue(pathText(path), value === undefined ? 'required' : 'not_a_boolean'));
  return undefined;
}

/**
 * A reader for one of a fixed list of strings.
 *
 * @example readOneOf(['day', 'week'])('year', 'norms[0].per', issues) // undefined, issues: norms[0].per: must be one of day, week
 */
export function readOneOf<T extends string>(allowed: readonly T[]) {
  return (value: unknown, path: JsonPath, issues: Issue[]): T | undefined => {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    issues.push(value === undefined ? issue(pathText(path), 'required') : issue(pathText(path), 'not_one_of', { allowed }));
    return undefined;
  };
}

/** Reads an IANA time zone name the runtime knows. */
export function readTimeZone(value: unknown, path: JsonPath, issues: Issue[]): string | undefined {
  if (isTimeZone(value)) return value;
  const at = pathText(path);
  if (value === undefined) issues.push(issue(at, 'required'));
  else if (typeof value === 'string') issues.push(issue(at, 'unknown_time_zone', { zone: value }));
  else issues.push(issue(at, 'not_a_string'));
  return undefined;
}

/** Reads an optional field: `undefined` (absent or null) stays undefined without an issue. */
export function readOptional<T>(
  value: unknown,
  path: JsonPath,
  issues: Issue[],
  read: (value: unknown, path: JsonPath, issues: Issue[]) => T | undefined,
): T | undefined {
  return value === undefined || value === null ? undefined : read(value, path, issues);
}

/**
 * Records the `id`s seen twice in an array of objects (anything else is left
 * to the element readers).
 *
 * @example checkUniqueIds([{ id: 'vk' }, { id: 'vk' }], 'channels', issues) // issues: channels[1].id: duplicate id 'vk'
 */
export function checkUniqueIds(value: unknown, path: string, issues: Issue[]): void {
  if (!Array.isArray(value)) return;
  const seen = new Set<string>();
  value.forEach((element: unknown, i) => {
    const id = isJsonObject(element) ? element.id : undefined;
    if (typeof id !== 'string') return;
    if (seen.has(id)) issues.push(issue(childPath(childPath(path, i), 'id'), 'duplicate_id', { id }));
    seen.add(id);
  });
}
