import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick, reactive } from 'vue';
import { recurrenceFormFor } from '@ritm/domain/recurrence-form';
import { request } from '../../../api/client.js';
import { i18n } from '../../../i18n.js';
import { planItem, series } from '../../../test/fixtures.js';
import { calendarOf } from '../../../views/calendar/composables/calendar-test-setup.js';
import { describeRecurrence, describeSeries, useRecurrenceForm, type RecurrenceFormContext } from './use-recurrence-form.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const tuesday = '2026-11-24';
const form = (change: Partial<ReturnType<typeof recurrenceFormFor>>) => ({ ...recurrenceFormFor(tuesday), ...change });

describe('a rule in words', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'ru';
  });

  it('says each pattern in Russian, with its end', () => {
    expect(describeRecurrence(form({ pattern: 'weekly', weekdays: [2, 4], ends: 'count', count: 8 }))).toBe('Каждую неделю по вторникам и четвергам, 8 раз');
    expect(describeRecurrence(form({ pattern: 'weekly', interval: 2, weekdays: [1] }))).toBe('Каждые 2 недели по понедельникам');
    expect(describeRecurrence(form({ pattern: 'monthlyDay', monthDay: 5, ends: 'until', until: '2027-06-30' }))).toBe('Каждый месяц 5-го числа, до 30.06.2027');
    expect(describeRecurrence(form({ pattern: 'monthlyDay', monthDay: -1 }))).toBe('Каждый месяц в последний день');
    expect(describeRecurrence(form({ pattern: 'monthlyWeekday', weekday: 2, ordinals: [1, 3] }))).toBe('Каждый месяц в первый и третий вторник');
    expect(describeRecurrence(form({ pattern: 'monthlyWeekday', weekday: 3, ordinals: [2] }))).toBe('Каждый месяц во вторую среду');
    expect(describeRecurrence(form({ pattern: 'monthlyWeekday', weekday: 7, ordinals: [-1], interval: 5 }))).toBe('Каждые 5 месяцев в последнее воскресенье');
    expect(describeRecurrence(form({ pattern: 'workdays', ends: 'count', count: 21 }))).toBe('Каждый рабочий день, кроме праздников, 21 раз');
    expect(describeRecurrence(form({ pattern: 'daily', ends: 'count', count: 3 }))).toBe('Каждый день, 3 раза');
  });

  it('says them in English too', () => {
    i18n.global.locale.value = 'en';
    expect(describeRecurrence(form({ pattern: 'weekly', weekdays: [2, 4], ends: 'count', count: 8 }))).toBe('Every week on Tuesday and Thursday, 8 times');
    expect(describeRecurrence(form({ pattern: 'monthlyWeekday', weekday: 1, ordinals: [1] }))).toBe('Every month on the first Monday');
  });

  it('names a rule the form cannot show as it is', () => {
    expect(describeSeries(series({ rrule: 'FREQ=YEARLY;BYMONTH=5' }), 'Europe/Moscow')).toBe('По правилу FREQ=YEARLY;BYMONTH=5');
    expect(describeSeries(series(), 'Europe/Moscow')).toBe('Каждую неделю по вторникам и четвергам, 8 раз');
  });
});

function sectionOf(state: Partial<RecurrenceFormContext> = {}) {
  const context = reactive<RecurrenceFormContext>({ show: true, item: null, day: tuesday, timeZone: 'Europe/Moscow', ...state });
  return { context, section: useRecurrenceForm(context) };
}

describe('the «Повторять» section', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'ru';
    calendarOf({});
    requestMock.mockReset().mockResolvedValue(series());
  });

  it('gives a new item no rule until the user repeats it, then the rule as RRULE', () => {
    const { section } = sectionOf();
    expect(section.rule.value).toBeUndefined();
    section.form.pattern = 'weekly';
    section.toggleWeekday(4);
    section.form.ends = 'count';
    section.form.count = 8;
    expect(section.rule.value).toEqual({ rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', skipNonWorkingDays: false });
    expect(section.words.value).toBe('Каждую неделю по вторникам и четвергам, 8 раз');
  });

  it('follows a new item’s day until the user repeats it', async () => {
    const { context, section } = sectionOf();
    context.day = '2026-11-26';
    await nextTick();
    expect(section.form.weekdays).toEqual([4]);
    section.form.pattern = 'weekly';
    context.day = '2026-11-27';
    await nextTick();
    expect(section.form.weekdays).toEqual([4]);
  });

  it('shows what is wrong beside its field only once the user tried to save', () => {
    const { section } = sectionOf();
    section.form.pattern = 'weekly';
    section.toggleWeekday(2);
    section.form.ends = 'until';
    section.form.until = '2026-11-01';
    expect(section.problems.value).toEqual({});
    expect(section.check()).toBe(false);
    expect(section.problems.value).toEqual({ weekdays: 'Выберите хотя бы один день недели', until: 'Последний день не раньше первого (24.11.2026)' });
  });

  it('loads an occurrence’s series and says its rule, changing nothing until asked', async () => {
    const { section } = sectionOf({ item: planItem({ seriesId: 's1' }) });
    await flushPromises();
    expect(requestMock).toHaveBeenCalledWith('/orgs/org/series/s1');
    expect(section.seriesWords.value).toBe('Каждую неделю по вторникам и четвергам, 8 раз');
    expect(section.editing.value).toBe(false);
    expect(section.rule.value).toBeUndefined();
    expect(section.check()).toBe(true);
  });

  it('gives an occurrence a new rule only when the user changes it', async () => {
    const { section } = sectionOf({ item: planItem({ seriesId: 's1' }) });
    await flushPromises();
    section.changingRule.value = true;
    expect(section.options.patterns.value.map((o) => o.value)).not.toContain('none');
    expect(section.rule.value).toBeUndefined();
    section.form.count = 12;
    expect(section.rule.value).toEqual({ rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=12', skipNonWorkingDays: false });
  });

  it('says when the series cannot be loaded', async () => {
    requestMock.mockRejectedValue(new Error('offline'));
    const { section } = sectionOf({ item: planItem({ seriesId: 's1' }) });
    await flushPromises();
    expect(section.loadError.value).toBeTruthy();
    expect(section.series.value).toBeNull();
  });

  it('opens fresh each time the drawer does', async () => {
    const { context, section } = sectionOf();
    section.form.pattern = 'daily';
    section.check();
    context.show = false;
    await nextTick();
    context.show = true;
    await nextTick();
    expect(section.form.pattern).toBe('none');
    expect(section.problems.value).toEqual({});
  });
});
