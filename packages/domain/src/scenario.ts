/**
 * A scenario: everything `ritm check` needs in one JSON value, parsed and
 * checked into the evaluator's input, with every problem named by its JSON
 * path (`items[3].at: not a date`).
 */
import type { Channel } from './channel.js';
import { parseChannel } from './channel.js';
import type { EvaluateOptions, EvaluationInput } from './evaluate.js';
import type { Exemption } from './exemption.js';
import { checkExemptionReferences, parseExemption } from './exemption.js';
import type { PlanItem } from './item.js';
import { parseItem } from './item.js';
import type { Norm } from './norm.js';
import { parseNorms } from './norm.js';
import type { Organisation } from './organisation.js';
import { parseOrganisation } from './organisation.js';
import type { Preset } from './presets.js';
import { withPresetNorms } from './presets.js';
import type { Issue, JsonPath, Parsed } from './read-json.js';
import { checkRange } from './date-range.js';
import { checkUniqueIds, childPath, isJsonObject, issue, readArray, readLocalDate, readObject, readTimeZone } from './read-json.js';

/** A parsed scenario: the evaluator's input and options in one value. */
export interface Scenario extends EvaluationInput, EvaluateOptions {
  org: Organisation;
  channels: Channel[];
  norms: Norm[];
  items: PlanItem[];
  exemptions: Exemption[];
}

export interface ScenarioOptions {
  /** Presets whose norms are added after the scenario's own (see {@link withPresetNorms}). */
  presets?: readonly Preset[];
}

function readList<T>(
  value: unknown,
  path: string,
  issues: Issue[],
  read: (value: unknown, path: JsonPath, issues: Issue[]) => T | undefined,
): T[] {
  return value === undefined || value === null ? [] : (readArray(value, path, issues, read) ?? []);
}

/**
 * Parses and checks a scenario:
 *
 * ```json
 * { "timezone": "Asia/Vladivostok", "today": "2026-11-18", "from": "2026-11-09", "to": "2026-11-22",
 *   "org": {…}, "channels": […], "norms": […], "items": […], "exemptions": […] }
 * ```
 *
 * `timezone`, `today`, `from` and `to` are required; the lists default to
 * empty and `org` to `{}`. Besides each value's own rules it checks that ids
 * are unique, that items and exemptions name existing channels and norms
 * (preset norms included), that an exemption names a channel only for a
 * per-channel norm, and that the range runs forwards for at most ten years.
 * Unknown keys are ignored.
 *
 * @example parseScenario({ timezone: 'Asia/Vladivostok', today: '2026-11-18', from: '2026-11-09', to: '2026-11-22' }).ok // true
 * @example parseScenario({ timezone: 'Mars/Base', today: '2026-11-18', from: '2026-11-09', to: '2026-11-22' })
 * // { ok: false, issues: [{ path: 'timezone', code: 'unknown_time_zone', params: { zone: 'Mars/Base' }, message: "unknown time zone 'Mars/Base'" }] }
 */
export function parseScenario(value: unknown, options: ScenarioOptions = {}): Parsed<Scenario> {
  const issues: Issue[] = [];
  const root = readObject(value, '', issues);
  if (root === undefined) return { ok: false, issues };
  const timeZone = readTimeZone(root.timezone, 'timezone', issues);
  const today = readLocalDate(root.today, 'today', issues);
  const from = readLocalDate(root.from, 'from', issues);
  const to = readLocalDate(root.to, 'to', issues);
  if (from !== undefined && to !== undefined) checkRange({ from, to }, 'to', issues);
  const org = root.org === undefined || root.org === null ? {} : parseOrganisation(root.org, 'org', issues);

  const channels = readList(root.channels, 'channels', issues, parseChannel);
  checkUniqueIds(root.channels, 'channels', issues);
  const channelIds = new Set(channels.map((c) => c.id));

  const own = root.norms === undefined || root.norms === null ? [] : (parseNorms(root.norms, 'norms', issues) ?? []);
  const norms = withPresetNorms(own, options.presets ?? []);

  const rawItems = Array.isArray(root.items) ? root.items : [];
  const items = readList(root.items, 'items', issues, parseItem);
  checkUniqueIds(root.items, 'items', issues);
  rawItems.forEach((raw: unknown, i) => {
    const ids = isJsonObject(raw) && Array.isArray(raw.channels) ? raw.channels : [];
    ids.forEach((id: unknown, j) => {
      if (typeof id === 'string' && id.trim() !== '' && !channelIds.has(id)) {
        issues.push(issue(childPath(childPath(childPath('items', i), 'channels'), j), 'unknown_channel', { channel: id }));
      }
    });
  });

  const exemptions = readList(root.exemptions, 'exemptions', issues, parseExemption);
  checkExemptionReferences(root.exemptions, 'exemptions', norms, channelIds, issues);

  if (issues.length > 0 || timeZone === undefined || today === undefined || from === undefined || to === undefined || org === undefined) {
    return { ok: false, issues: issues.sort(byPathOrder) };
  }
  return { ok: true, value: { timeZone, today, range: { from, to }, org, channels, norms, items, exemptions } };
}

const TOP_LEVEL_ORDER = ['', 'timezone', 'today', 'from', 'to', 'org', 'channels', 'norms', 'items', 'exemptions'];

// Issues in the order of the scenario's keys, then as found; sort is stable.
function byPathOrder(a: Issue, b: Issue): number {
  return rank(a.path) - rank(b.path);
}

function rank(path: string): number {
  const top = /^[^.[]*/.exec(path)?.[0] ?? '';
  const at = TOP_LEVEL_ORDER.indexOf(top);
  return at < 0 ? TOP_LEVEL_ORDER.length : at;
}
