import { createApp, h, nextTick, ref, shallowRef } from 'vue';
import { createI18n } from 'vue-i18n';
import CalendarGrid from '../src/components/calendar/CalendarGrid.vue';
import type { Channel, PlanItem } from '../src/api/types.js';
import { itemDay, weeksCovering } from '../src/lib/dates.js';
import ru from '../src/locales/ru/index.js';
import { channel, planItem } from '../src/test/fixtures.js';

// Mounts the month grid with 1,000 generated items and reports how long the
// first render took, layout included (read by bench/admin.bench.ts).
const MONTH = { start: '2026-11-01', end: '2026-11-30' };
const channels: Channel[] = ['vk', 'ok', 'telegram', 'website'].map((type, i) => channel({ id: `c${i}`, orgId: 'o', type, name: type }));
const items: PlanItem[] = Array.from({ length: 1000 }, (_, i) =>
  planItem({
    id: `i${i}`,
    orgId: 'o',
    kind: ['post', 'press_release', 'public_event', 'video'][i % 4] as string,
    title: `Материал ${i}`,
    status: (['planned', 'published', 'in_progress'] as const)[i % 3] ?? 'planned',
    at: `2026-11-${String((i % 30) + 1).padStart(2, '0')}T${String(9 + (i % 8)).padStart(2, '0')}:00:00.000+03:00`,
    localDay: `2026-11-${String((i % 30) + 1).padStart(2, '0')}`,
    channelIds: [`c${i % 4}`],
    createdAt: '',
    updatedAt: '',
  }),
);

// One app, as in the admin: each run shows the month grid (as when switching to the month
// view with the items already loaded) and measures until it is laid out.
const shown = ref(false);
const byDay = shallowRef(new Map<string, PlanItem[]>());
const root = document.createElement('div');
document.body.append(root);
const app = createApp({
  render: () =>
    shown.value
      ? h(CalendarGrid, {
          weeks: weeksCovering(MONTH.start, MONTH.end),
          itemsByDay: byDay.value,
          channels: new Map(channels.map((c) => [c.id, c])),
          timeZone: 'Europe/Moscow',
          today: '2026-11-22',
          month: '2026-11',
          maxPerDay: 4,
          editable: true,
        })
      : null,
});
app.use(createI18n({ legacy: false, locale: 'ru', messages: { ru } }));
app.mount(root);

async function run(): Promise<number> {
  const started = performance.now();
  // Grouping by day is part of what the calendar view does for each render.
  const groups = new Map<string, PlanItem[]>();
  for (const item of items) {
    const day = item.localDay || itemDay(item.at, 'Europe/Moscow');
    const list = groups.get(day);
    if (list) list.push(item);
    else groups.set(day, [item]);
  }
  byDay.value = groups;
  shown.value = true;
  await nextTick();
  void root.getBoundingClientRect().height;
  const elapsed = performance.now() - started;
  shown.value = false;
  await nextTick();
  await new Promise((r) => setTimeout(r, 100));
  return elapsed;
}

async function main(): Promise<void> {
  await run(); // warm-up: the first run also compiles the code
  const times: number[] = [];
  for (let i = 0; i < 9; i++) times.push(await run());
  times.sort((a, b) => a - b);
  (window as unknown as { __monthRender: { median: number; all: number[] } }).__monthRender = { median: times[4] as number, all: times };
}

void main();
