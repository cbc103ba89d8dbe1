import { computed, reactive, ref, shallowRef, watch } from 'vue';
import type { Series } from '@ritm/contracts/series';
import {
  RECURRENCE_FORM_COUNT_MAX,
  RECURRENCE_ENDS,
  RECURRENCE_FORM_INTERVAL_MAX,
  RECURRENCE_PATTERNS,
  readRecurrenceRule,
  recurrenceFormFor,
  recurrenceProblems,
  toRecurrenceRule,
  type RecurrenceForm,
  type RecurrenceFormProblem,
  type RecurrenceRule,
} from '@ritm/domain/recurrence-form';
import type { IsoWeekday } from '@ritm/domain/local-date';
import type { PlanItem } from '../../../api/types.js';
import { seriesApi } from '../../../api/series.js';
import { errorText } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { itemDay, shortDate } from '../../../lib/dates.js';
import { useCalendarStore } from '../../../stores/calendar.js';

const WEEK: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const ORDINALS = [1, 2, 3, 4, -1];

/** A list in the UI language: «вторникам и четвергам», "Tuesday and Thursday". */
function listOf(words: readonly string[]): string {
  return new Intl.ListFormat(i18n.global.locale.value, { type: 'conjunction' }).format(words);
}

/**
 * A rule in words, in the UI language: «Каждую неделю по вторникам и четвергам, 8 раз».
 *
 * @example describeRecurrence({ ...recurrenceFormFor('2026-11-24'), pattern: 'monthlyWeekday', ordinals: [1, 3] }) // 'Каждый месяц в первый и третий вторник'
 */
export function describeRecurrence(form: RecurrenceForm): string {
  const { t } = i18n.global;
  const n = form.interval;
  const gender = t(`series.weekdayGender.${form.weekday}`);
  const first = form.ordinals[0] ?? 1;
  const head = {
    none: () => t('series.patterns.none'),
    daily: () => t('series.words.daily', { n }, n),
    workdays: () => t('series.words.workdays'),
    weekly: () => t('series.words.weekly', { n, days: listOf(form.weekdays.map((d) => t(`series.weekdayEvery.${d}`))) }, n),
    monthlyDay: () => (form.monthDay === -1 ? t('series.words.monthlyLastDay', { n }, n) : t('series.words.monthlyDay', { n, day: form.monthDay }, n)),
    monthlyWeekday: () =>
      t(
        'series.words.monthlyWeekday',
        { n, prep: t(`series.prep.${first}`), which: listOf(form.ordinals.map((o) => t(`series.ordinalWord.${gender}.${o}`))), day: t(`series.weekdayOne.${form.weekday}`) },
        n,
      ),
  }[form.pattern]();
  const end = form.ends === 'until' && form.until ? t('series.words.until', { date: shortDate(form.until) }) : form.ends === 'count' && form.count ? t('series.words.count', { n: form.count }, form.count) : '';
  return [head, end].filter(Boolean).join(', ');
}

/** A series' rule in words; a rule the form cannot show is named as it is. */
export function describeSeries(series: Pick<Series, 'rrule' | 'skipNonWorkingDays' | 'startsAt'>, timeZone: string): string {
  const read = readRecurrenceRule(series.rrule, series.skipNonWorkingDays, itemDay(series.startsAt, timeZone));
  return read.ok ? describeRecurrence(read.form) : i18n.global.t('series.words.unsupported', { rule: series.rrule });
}

/** A problem in the UI language, with its limit or the series' first day. */
export function problemText(problem: RecurrenceFormProblem, start: string): string {
  const max = problem.field === 'count' ? RECURRENCE_FORM_COUNT_MAX : RECURRENCE_FORM_INTERVAL_MAX;
  return i18n.global.t(`series.problems.${problem.code}`, { max, date: shortDate(start) });
}

/** What the section needs of the drawer: the item open (null for a new one) and the day its draft is on. */
export interface RecurrenceFormContext {
  show: boolean;
  item: PlanItem | null;
  /** The draft's day: a new series starts there, and the form opens ready to repeat on it. */
  day: string;
  timeZone: string;
}

/**
 * The drawer's «Повторять» section: for a new item, the rule to create it with; for an occurrence,
 * its series (loaded) in words, and a new rule when the user chooses to change it. Problems show
 * once the user tried to save, beside their fields.
 */
export function useRecurrenceForm(context: RecurrenceFormContext) {
  const { t } = i18n.global;
  const form = reactive<RecurrenceForm>(recurrenceFormFor(context.day));
  /** The occurrence's series, once loaded. */
  const series = shallowRef<Series | null>(null);
  const loadError = ref<string | null>(null);
  /** An occurrence's rule is shown in words until the user asks to change it. */
  const changingRule = ref(false);
  /** Problems are shown from the first attempt to save on. */
  const checked = ref(false);
  let loadToken = 0;

  async function loadSeries(item: PlanItem): Promise<void> {
    const token = ++loadToken;
    try {
      // The store is read only for an occurrence: a drawer for a single item needs none.
      const found = await seriesApi.get(useCalendarStore().orgId as string, item.seriesId as string);
      if (token !== loadToken) return;
      series.value = found;
      const read = readRecurrenceRule(found.rrule, found.skipNonWorkingDays, itemDay(found.startsAt, context.timeZone));
      if (read.ok) Object.assign(form, read.form);
    } catch (error) {
      if (token === loadToken) loadError.value = errorText(error);
    }
  }

  watch(
    () => [context.show, context.item] as const,
    ([show, item]) => {
      if (!show) return;
      loadToken++;
      Object.assign(form, recurrenceFormFor(context.day));
      series.value = null;
      loadError.value = null;
      changingRule.value = false;
      checked.value = false;
      if (item?.seriesId) void loadSeries(item);
    },
    { immediate: true },
  );
  // A new item's form follows its date until the user repeats it, so «каждую неделю» means its weekday.
  watch(
    () => context.day,
    (day) => {
      if (!context.item && form.pattern === 'none' && day) Object.assign(form, recurrenceFormFor(day));
    },
  );

  const editing = computed(() => !context.item || changingRule.value);
  /** Whether the rule the user sees is not the series' own (an occurrence's rule being changed). */
  const ruleChanged = computed(() => {
    if (!series.value || !changingRule.value) return false;
    const now = toRecurrenceRule(form);
    return !now || now.rrule !== series.value.rrule || now.skipNonWorkingDays !== series.value.skipNonWorkingDays;
  });
  const start = computed(() => context.day);
  const problems = computed<Partial<Record<RecurrenceFormProblem['field'], string>>>(() =>
    Object.fromEntries(recurrenceProblems(form, start.value).map((p) => [p.field, problemText(p, start.value)])),
  );
  const valid = computed(() => !editing.value || Object.keys(problems.value).length === 0);
  const shownProblems = computed(() => (checked.value ? problems.value : {}));
  /** A new item's rule, or an occurrence's new one (undefined: it does not repeat, or the rule stays). */
  const rule = computed<RecurrenceRule | undefined>(() => (editing.value && (!context.item || ruleChanged.value) ? toRecurrenceRule(form) : undefined));
  const words = computed(() => describeRecurrence(form));
  const seriesWords = computed(() => (series.value ? describeSeries(series.value, context.timeZone) : ''));

  const options = {
    // An occurrence's series keeps repeating: «не повторять» there is deleting the rest, which the delete button asks.
    patterns: computed(() => RECURRENCE_PATTERNS.filter((p) => !context.item || p !== 'none').map((p) => ({ value: p, label: t(`series.patterns.${p}`) }))),
    weekdays: computed(() => WEEK.map((d) => ({ value: d, short: t(`series.weekdayShort.${d}`), label: t(`series.weekdayName.${d}`) }))),
    ordinals: computed(() => ORDINALS.map((o) => ({ value: o, label: t(`series.ordinalName.${o}`) }))),
    weekday: computed(() => WEEK.map((d) => ({ value: d, label: t(`series.weekdayName.${d}`) }))),
    monthDays: computed(() => [...Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: String(i + 1) })), { value: -1, label: t('series.lastDay') }]),
    ends: computed(() => RECURRENCE_ENDS.map((e) => ({ value: e, label: t(`series.endsOptions.${e}`) }))),
  };

  function toggleWeekday(day: IsoWeekday): void {
    form.weekdays = form.weekdays.includes(day) ? form.weekdays.filter((d) => d !== day) : [...form.weekdays, day].sort((a, b) => a - b);
  }

  /** Before saving: shows the problems, and says whether the rule may be saved. */
  function check(): boolean {
    checked.value = true;
    return valid.value;
  }

  return { form, series, loadError, changingRule, editing, ruleChanged, problems: shownProblems, valid, rule, words, seriesWords, options, toggleWeekday, check };
}

export type RecurrenceFormState = ReturnType<typeof useRecurrenceForm>;
