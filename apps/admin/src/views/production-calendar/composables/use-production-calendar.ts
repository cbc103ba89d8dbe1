import { computed, reactive, ref, watch } from 'vue';
import { daysInMonth } from '@ritm/domain/local-date';
import { countWorkingDays, PRODUCTION_DAY_KINDS, type ProductionDayKind, workingCalendarOf } from '@ritm/domain/production-calendar';
import { ApiError } from '../../../api/client.js';
import { productionCalendarApi, type ProductionCalendar, type ProductionDay } from '../../../api/production-calendar.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { todayIn } from '../../../lib/dates.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { useProductionCalendarStore } from '../../../stores/production-calendar.js';

/** Whose calendar the screen shows: the current organisation's effective one, or the federal one. */
export type CalendarScope = 'org' | 'federal';

/** One month of the year view: working days (short ones included) and the month's special days. */
export interface MonthSummary {
  month: string;
  working: number;
  /** Hours of a 40-hour week: 8 a working day, one less on a short day (art. 95). */
  hours: number;
  days: ProductionDay[];
}

/**
 * The production calendar screen (issue 16): a year of the federal calendar or of the current
 * organisation's effective one (federal, from above, its own), month by month, with its entries;
 * adding and removing entries where the server says the caller may (`may.edit`: the system
 * administrator for the federal calendar, the organisation's administrator for its own days, and
 * only in the current and future years).
 */
export function useProductionCalendar() {
  const { t } = i18n.global;
  const orgs = useOrgsStore();
  const production = useProductionCalendarStore();
  const notify = useNotify();
  const scope = ref<CalendarScope>(orgs.currentId ? 'org' : 'federal');
  const year = ref(Number(todayIn(orgs.timeZone).slice(0, 4)));
  const calendar = ref<ProductionCalendar | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  const formError = ref<string | null>(null);
  const form = reactive<{ day: string; kind: ProductionDayKind; name: string; source: string }>({ day: '', kind: 'holiday', name: '', source: '' });

  /** The calendar the screen writes to: null for the federal one. */
  const target = computed(() => (scope.value === 'federal' ? null : orgs.currentId));
  const mayEdit = computed(() => calendar.value?.may.edit === true);
  const kindOptions = computed(() => PRODUCTION_DAY_KINDS.map((kind) => ({ value: kind, label: t(`productionCalendar.kinds.${kind}`) })));

  let asked = 0;
  async function load(): Promise<void> {
    const mine = ++asked;
    loading.value = true;
    try {
      const answer = await productionCalendarApi.year(target.value, year.value);
      if (mine === asked) calendar.value = answer;
    } catch (error) {
      if (mine === asked) calendar.value = null;
      notify.error(error);
    } finally {
      if (mine === asked) loading.value = false;
    }
  }
  watch([scope, year, () => orgs.currentId], load, { immediate: true });

  const months = computed<MonthSummary[]>(() => {
    const days = calendar.value?.days ?? [];
    const working = workingCalendarOf(days);
    return Array.from({ length: 12 }, (_, m) => {
      const month = `${year.value}-${String(m + 1).padStart(2, '0')}`;
      const count = countWorkingDays({ from: `${month}-01`, to: `${month}-${daysInMonth(year.value, m + 1)}` }, working);
      const own = days.filter((d) => d.day.startsWith(month));
      return { month, working: count, hours: count * 8 - own.filter((d) => d.kind === 'short_day').length, days: own };
    });
  });
  const totals = computed(() => months.value.reduce((sum, m) => ({ working: sum.working + m.working, hours: sum.hours + m.hours }), { working: 0, hours: 0 }));

  /** Where an entry was set, in words: the federal calendar or the organisation's name. */
  const scopeOf = (day: ProductionDay) => day.orgName ?? t('productionCalendar.federal');
  /** An entry of the calendar shown that the caller may remove (an ancestor's entry is theirs, not ours). */
  const removable = (day: ProductionDay) => mayEdit.value && day.orgId === target.value;

  async function afterChange(): Promise<void> {
    // The calendar screen and its suggestions read the effective calendars again.
    production.reset();
    await load();
  }

  function problemOf(error: unknown): string {
    if (error instanceof ApiError && (error.status === 400 || error.status === 409)) return error.details[0]?.message ?? error.message;
    throw error;
  }

  async function add(): Promise<boolean> {
    formError.value = null;
    if (!form.day.startsWith(String(year.value))) {
      formError.value = t('productionCalendar.dayOutsideYear', { year: year.value });
      return false;
    }
    saving.value = true;
    try {
      await productionCalendarApi.add(target.value, { day: form.day, kind: form.kind, name: form.name.trim(), ...(form.source.trim() && { source: form.source.trim() }) });
      notify.success(t('productionCalendar.added', { name: form.name.trim() }));
      Object.assign(form, { day: '', kind: 'holiday', name: '', source: '' });
      await afterChange();
      return true;
    } catch (error) {
      try {
        formError.value = problemOf(error);
      } catch (other) {
        notify.error(other);
      }
      return false;
    } finally {
      saving.value = false;
    }
  }

  async function remove(day: ProductionDay): Promise<void> {
    saving.value = true;
    try {
      await productionCalendarApi.remove(target.value, day);
      notify.success(t('productionCalendar.removed', { name: day.name }));
      await afterChange();
    } catch (error) {
      notify.error(error);
    } finally {
      saving.value = false;
    }
  }

  return { scope, year, calendar, loading, saving, formError, form, mayEdit, kindOptions, months, totals, scopeOf, removable, load, add, remove };
}
