/**
 * Deterministic data for the evaluator's benchmark and tests (not built into
 * dist: `test-*.ts` is excluded). A seeded generator, so runs compare.
 */
import type { Channel } from './channel.js';
import { COUNTED_STATUSES, selects, type CountingGroup, type GroupCount } from './counting-groups.js';
import type { EvaluationInput } from './evaluate.js';
import type { ItemStatus, PlanItem } from './item.js';
import { DAY_MS, fromDayNumber, toDayNumber } from './local-date.js';
import type { FrequencyNorm } from './norm.js';
import type { PeriodKind } from './period.js';
import { localDateOfItemDate } from './time-zone.js';

/** Mulberry32: a small seeded generator of numbers in [0, 1). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const RUSSIAN_ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
];

const CHANNEL_TYPES = ['website', 'vk', 'ok', 'telegram', 'max', 'dzen', 'rutube', 'email', 'chat', 'info_stand', 'info_zone', 'mass_media'];
const KINDS = ['post', 'press_release', 'comment', 'publication', 'print_material', 'video', 'audio', 'vacancy_material', 'stand_update', 'newsletter', 'public_event', 'meeting'];
// Before today items are mostly done and a few overdue; from today on mostly planned.
const PAST: ItemStatus[] = [...Array<ItemStatus>(17).fill('published'), 'held', 'cancelled', 'planned'];
const FUTURE: ItemStatus[] = [...Array<ItemStatus>(16).fill('planned'), 'in_progress', 'in_progress', 'cancelled', 'published'];
const TODAY = Date.UTC(2026, 10, 22);

/** Twelve channels, one of each common type; the last started mid-year. */
function benchChannels(): Channel[] {
  return CHANNEL_TYPES.map((type, i) => ({ id: `ch${i}`, type, ...(i === 11 && { since: '2026-07-01' }) }));
}

/** Twenty frequency norms over every period kind, per channel and across. */
function benchNorms(): FrequencyNorm[] {
  const pers: PeriodKind[] = ['day', 'week', 'week', 'month', 'quarter', 'year'];
  return Array.from({ length: 20 }, (_, i): FrequencyNorm => ({
    id: `norm${i}`,
    type: 'frequency',
    min: 1 + (i % 4),
    per: pers[i % pers.length] as PeriodKind,
    ...(i % 5 !== 4 && { kinds: [KINDS[i % KINDS.length] as string, KINDS[(i * 7 + 3) % KINDS.length] as string] }),
    ...(i % 3 !== 2 && { channelTypes: [CHANNEL_TYPES[i % 12] as string, CHANNEL_TYPES[(i + 5) % 12] as string, CHANNEL_TYPES[(i + 8) % 12] as string] }),
    perChannel: i % 2 === 0,
  }));
}

/** `count` items over 2026: most dated by instants, a fifth by local dates, on 0–3 channels. */
function benchItems(count: number, random: () => number, prefix = 'i'): PlanItem[] {
  const first = toDayNumber('2026-01-01');
  const start = Date.UTC(2025, 11, 31, 12);
  const items: PlanItem[] = [];
  for (let i = 0; i < count; i++) {
    const channels: string[] = [];
    const n = Math.floor(random() * 4);
    for (let k = 0; k < n; k++) channels.push(`ch${Math.floor(random() * 12)}`);
    const instant = start + Math.floor(random() * 365 * DAY_MS);
    const at = random() < 0.2 ? fromDayNumber(first + Math.floor((instant - start) / DAY_MS)) : new Date(instant).toISOString();
    const statuses = instant < TODAY ? PAST : FUTURE;
    items.push({
      id: `${prefix}${i}`,
      kind: KINDS[Math.floor(random() * KINDS.length)] as string,
      channels,
      status: statuses[Math.floor(random() * statuses.length)] as ItemStatus,
      at,
    });
  }
  return items;
}

/** One organisation's year. */
export function benchOrganisation(items: number, seed: number): EvaluationInput {
  return {
    org: { kind: 'employment_center', members: 120 },
    channels: benchChannels(),
    norms: benchNorms(),
    items: benchItems(items, seededRandom(seed)),
    range: { from: '2026-01-01', to: '2026-12-31' },
  };
}

/**
 * What a database counts for the counting groups (see apps/api's countGroups), counted the
 * plain way, item by item: the reference the evaluator's counts from elsewhere are tested
 * against. Items on their local day in `timeZone`; open items before `today` are overdue.
 */
export function countLikeADatabase(plan: readonly CountingGroup[], items: readonly PlanItem[], options: { today: string; timeZone: string }): GroupCount[] {
  const counts: GroupCount[] = [];
  plan.forEach((group, g) => {
    const byPeriod = new Map<number, GroupCount>();
    for (const item of items) {
      const done = COUNTED_STATUSES.done.includes(item.status);
      if (!done && !COUNTED_STATUSES.open.includes(item.status)) continue;
      if (!selects(group, item.kind, item.channels)) continue;
      const day = localDateOfItemDate(item.at, options.timeZone)!;
      const period = group.periodStarts.findIndex((start, p) => p + 1 < group.periodStarts.length && start <= day && day < group.periodStarts[p + 1]!);
      if (period < 0) continue;
      const count = byPeriod.get(period) ?? { group: g, period, actual: 0, planned: 0, overdue: 0 };
      if (done) count.actual++;
      else if (day >= options.today) count.planned++;
      else count.overdue++;
      byPeriod.set(period, count);
    }
    counts.push(...byPeriod.values());
  });
  return counts;
}
