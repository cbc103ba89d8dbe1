import { describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, screenshot, signIn, steps } from './browser.js';
import { apiSession, moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

/** The year of the next 23 February on the Moscow calendar (its week still ahead, so its gaps can be filled). */
function nextFebruary23Year(): number {
  const today = moscowToday();
  const year = Number(today.slice(0, 4));
  return today < `${year}-02-16` ? year : year + 1;
}

// The regional holiday the journey adds: a Monday of the current year's December, so the year
// is open for edits whatever the day the suite runs on in it.
const regionalDay = (() => {
  const year = new Date().getFullYear();
  const day = new Date(Date.UTC(year, 11, 14));
  day.setUTCDate(14 + ((8 - day.getUTCDay()) % 7));
  return day.toISOString().slice(0, 10);
})();

describe.skipIf(!chromiumPath)('the production calendar in the admin (issue 16)', () => {
  const journey = useJourney('prodcal');

  it('shades 23 February 2026 as a holiday, and filling the gap of a 23 February week never lands on it', async () => {
    const { browser, admin, world } = journey;
    // Five posts a week on VK from January 2026: without the calendar the five drafts of a week
    // would take Monday to Friday, 23 February among them.
    await admin.call('POST', `/orgs/${world.centre.id}/norms`, {
      id: 'e2e-five-posts',
      type: 'frequency',
      title: 'Пять постов в неделю',
      min: 5,
      per: 'week',
      kinds: ['post'],
      channelTypes: ['vk'],
      perChannel: true,
      effectiveFrom: '2026-01-01',
    });
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'production-calendar-holiday', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.goto(`/calendar?org=${world.centre.id}&date=2026-02-23`);
      const holiday = page.locator('[data-test="calendar-grid"] [data-date="2026-02-23"].holiday');
      await holiday.waitFor();
      expect(await holiday.getAttribute('aria-label')).toContain('День защитника Отечества');
      expect(await holiday.getAttribute('title')).toBe('День защитника Отечества');
      expect(await page.locator('[data-test="calendar-legend"]').textContent()).toContain('Праздник или выходной');
      expect(await page.locator('[data-test="calendar-grid"] [data-date="2026-02-24"]').getAttribute('class')).not.toContain('holiday');
      expect(await axeReport(page)).toEqual([]);

      // That week is past (its rows are judged, not filled): the next 23 February's week is ahead.
      const day = `${nextFebruary23Year()}-02-23`;
      await page.goto(`/calendar?org=${world.centre.id}&date=${day}`);
      await page.locator(`[data-test="calendar-grid"] [data-date="${day}"].holiday`).waitFor();
      const fill = page.locator('[data-test="norm-strip"] [data-test="norm-status"][data-norm="e2e-five-posts"] [data-test="fill-gap"]');
      await fill.click();
      const press = await apiSession(world.users.press);
      const week = `from=${day.slice(0, 4)}-02-15&to=${day.slice(0, 4)}-03-07`;
      const drafts = async () =>
        (await press.call<{ items: Array<{ at: string; title: string }> }>('GET', `/orgs/${world.centre.id}/items?${week}`)).items.filter((i) => i.title.includes('Пять постов'));
      await expect.poll(async () => (await drafts()).length, { timeout: 15_000 }).toBe(5);
      const dates = (await drafts()).map((i) => i.at);
      expect(dates).not.toContain(day);
      expect(new Set(dates).size).toBe(5);
      expect(await axeReport(page)).toEqual([]);
    });
    await context.close();
  });

  it("lets an administrator add a regional holiday that a centre below the region sees shaded", async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    const root = inject('admin');
    await steps(page, 'production-calendar-regional', async () => {
      await signIn(page, root.email, root.password);
      await page.goto(`/production-calendar?org=${world.region.id}`);
      await page.locator('[data-test="production-day-form"]').waitFor();
      expect(await page.locator('[data-test="decree"]').textContent()).toMatch(/Рабочих дней: \d+/);
      expect(await axeReport(page)).toEqual([]);
      await page.locator('[data-test="day-date"]').fill(regionalDay);
      await page.locator('[data-test="day-name"]').fill('День региона (журнал)');
      await page.locator('[data-test="day-source"]').fill('Закон области № 1-ОЗ');
      await page.locator('[data-test="day-add"]').click();
      const entry = page.locator(`[data-day="${regionalDay}"]`, { hasText: 'День региона (журнал)' });
      await entry.waitFor();
      expect(await entry.textContent()).toContain(world.region.name);
      expect(await axeReport(page)).toEqual([]);
    });
    await context.close();

    const centre = await newSession(browser, inject('baseUrl'));
    await steps(centre.page, 'production-calendar-centre', async () => {
      await signIn(centre.page, world.users.press.email, world.users.press.password);
      await centre.page.goto(`/calendar?org=${world.centre.id}&view=month&date=${regionalDay}`);
      const day = centre.page.locator(`[data-test="calendar-grid"] [data-date="${regionalDay}"]`);
      await centre.page.locator(`[data-test="calendar-grid"] [data-date="${regionalDay}"].holiday`).waitFor();
      expect(await day.getAttribute('aria-label')).toContain('День региона (журнал)');
      // The centre reads the calendar but may not change it.
      await centre.page.goto(`/production-calendar?org=${world.centre.id}`);
      await centre.page.locator(`[data-day="${regionalDay}"]`).waitFor();
      expect(await centre.page.locator('[data-test="production-day-form"]').count()).toBe(0);
      expect(await centre.page.locator('[data-test="day-remove"]').count()).toBe(0);
      expect(await axeReport(centre.page)).toEqual([]);
    });

    // On a 390-px phone the screen fits without sideways scrolling.
    const phone = await browser.newContext({
      baseURL: inject('baseUrl'),
      storageState: await centre.context.storageState(),
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'ru-RU',
      timezoneId: 'Europe/Moscow',
    });
    const phonePage = await phone.newPage();
    await phonePage.goto(`/production-calendar?org=${world.centre.id}`);
    await phonePage.locator(`[data-day="${regionalDay}"]`).waitFor();
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeReport(phonePage)).toEqual([]);
    await screenshot(phonePage, 'production-calendar-phone');
    await phone.close();
    await centre.context.close();
  });
});
