import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, phoneSession, signIn, steps } from './browser.js';
import { apiSession, choose, moscowToday, normStatus, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The Monday of the week after today's (Moscow): the series starts on a week wholly ahead, whatever day the journey runs. */
const nextMonday = (today: string) => addDays(today, 7 - ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
const dotted = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

interface Occurrence {
  id: string;
  title: string;
  at: string;
  seriesId: string | null;
  seriesDay: string | null;
}

/** Picks an option of a single Naive UI select: its menu closes on the choice (an Escape would close the drawer). */
async function pick(page: Page, selectTest: string, option: string): Promise<void> {
  await page.locator(`[data-test="${selectTest}"]`).click();
  await page.locator('.n-base-select-option', { hasText: option }).first().click();
}

const chipsOn = (page: Page, day: string) => page.locator(`[data-test="calendar-grid"] [data-date="${day}"] [data-test="item"]`, { hasText: 'Пост ВКонтакте' });

describe.skipIf(!chromiumPath)('a press officer plans VK posts as a series', () => {
  const journey = useJourney('series');

  it('makes «Пост ВКонтакте» every Tuesday and Thursday 8 times, moves one alone and renames the second half', async () => {
    const { browser, world } = journey;
    const monday = nextMonday(moscowToday());
    const tue = (week: number) => addDays(monday, 1 + 7 * week);
    const thu = (week: number) => addDays(monday, 3 + 7 * week);
    const press = await apiSession(world.users.press);
    const posts = async () =>
      (await press.call<{ items: Occurrence[] }>('GET', `/orgs/${world.centre.id}/items?from=${monday}&to=${addDays(monday, 27)}`)).items
        .filter((i) => i.title.startsWith('Пост ВКонтакте'))
        .sort((a, b) => (a.seriesDay ?? '').localeCompare(b.seriesDay ?? ''));
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'series-vk-posts', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.goto(`/calendar?org=${world.centre.id}&date=${tue(0)}`);
      await page.locator(`[data-date="${tue(0)}"] [data-test="add-on-day"]`).click();
      await page.locator('#item-title').fill('Пост ВКонтакте');
      await choose(page, 'item-channels', 'ВКонтакте ЦЗН');
      await pick(page, 'recurrence-pattern', 'Каждую неделю по дням');
      // The item's own weekday is chosen already; Thursday is added.
      expect(await page.locator('[data-test="recurrence-weekdays"] [data-weekday="2"]').getAttribute('aria-pressed')).toBe('true');
      await page.locator('[data-test="recurrence-weekdays"] [data-weekday="4"]').click();
      await page.locator('[data-test="ends-count"]').click();
      await page.locator('#recurrence-count').fill('8');
      await page.locator('#recurrence-count').press('Tab');
      await expect.poll(() => page.locator('[data-test="recurrence-words"]').textContent()).toBe('Каждую неделю по вторникам и четвергам, 8 раз');
      expect(await axeReport(page)).toEqual([]);
      await page.locator('[data-test="item-save"]').click();

      // Eight occurrences, two a week for four weeks, each chip marked as repeating.
      await expect.poll(async () => (await posts()).length).toBe(8);
      const made = await posts();
      expect(made.map((p) => p.seriesDay)).toEqual([0, 1, 2, 3].flatMap((w) => [tue(w), thu(w)]));
      expect(new Set(made.map((p) => p.seriesId)).size).toBe(1);
      for (let week = 0; week < 4; week++) {
        await page.goto(`/calendar?org=${world.centre.id}&date=${tue(week)}`);
        for (const day of [tue(week), thu(week)]) {
          await chipsOn(page, day).first().waitFor();
          expect(await chipsOn(page, day).count()).toBe(1);
          expect(await chipsOn(page, day).getAttribute('aria-label')).toContain('повторяется');
          expect(await chipsOn(page, day).locator('[data-test="item-series"]').count()).toBe(1);
        }
        // VK's two posts a week are planned in full for each of those weeks.
        await expect.poll(() => normStatus(page, 'social-posts')).toBe('planned');
        expect(await page.locator('[data-test="norm-strip"] [data-norm="social-posts"]').first().textContent()).toContain('0 + 2 / 2');
      }

      // The drawer says an occurrence is part of the series, and its rule in words.
      await page.goto(`/calendar?org=${world.centre.id}&date=${tue(1)}`);
      await chipsOn(page, thu(1)).click();
      await expect.poll(() => page.locator('[data-test="series-words"]').textContent()).toBe('Каждую неделю по вторникам и четвергам, 8 раз');
      expect(await axeReport(page)).toEqual([]);

      // Moving one occurrence asks, and «Только это» moves it alone.
      const friday = addDays(thu(1), 1);
      const date = page.locator('[data-test="item-date"] input');
      await date.fill(dotted(friday));
      await date.press('Enter');
      await page.locator('[data-test="item-save"]').click();
      await page.locator('[data-test="series-scope"]').waitFor();
      expect(await page.locator('[data-test="scope-all"]').count()).toBe(0);
      expect(await axeReport(page)).toEqual([]);
      await page.locator('[data-test="scope-this"]').click();
      await chipsOn(page, friday).waitFor();
      expect(await chipsOn(page, thu(1)).count()).toBe(0);
      const moved = (await posts()).find((p) => p.seriesDay === thu(1));
      expect(moved?.at.slice(0, 10)).toBe(friday);
      expect((await posts()).filter((p) => p.at.slice(0, 10) !== p.seriesDay).map((p) => p.seriesDay)).toEqual([thu(1)]);

      // «Это и следующие» renames the second half and leaves the first as it was.
      await page.goto(`/calendar?org=${world.centre.id}&date=${tue(2)}`);
      await chipsOn(page, tue(2)).click();
      await page.locator('[data-test="series-words"]').waitFor();
      await page.locator('#item-title').fill('Пост ВКонтакте: итоги месяца');
      await page.locator('[data-test="item-save"]').click();
      await page.locator('[data-test="scope-following"]').click();
      await expect.poll(async () => (await posts()).filter((p) => p.title === 'Пост ВКонтакте: итоги месяца').map((p) => p.seriesDay)).toEqual([tue(2), thu(2), tue(3), thu(3)]);
      expect((await posts()).filter((p) => p.title === 'Пост ВКонтакте').map((p) => p.seriesDay)).toEqual([tue(0), thu(0), tue(1), thu(1)]);
      await expect.poll(() => chipsOn(page, thu(2)).textContent()).toContain('итоги месяца');
      expect(await axeReport(page)).toEqual([]);

      // «Серией» fills a norm's gap with a series that keeps its rhythm: one public event a month on its
      // first Tuesday (the month view shows the month's norms above it).
      await page.goto(`/calendar?org=${world.centre.id}&view=month&date=${tue(2)}`);
      await page.locator('[data-test="norm-strip"] [data-norm="public-events"] [data-test="fill-series"]').first().click();
      await expect.poll(() => page.locator('[data-test="fill-series-words"]').textContent()).toBe('Каждый месяц в первый вторник');
      expect(await axeReport(page)).toEqual([]);
      await page.locator('[data-test="fill-series-create"]').click();
      const events = async () =>
        (await press.call<{ items: Occurrence[] }>('GET', `/orgs/${world.centre.id}/items?from=${moscowToday()}&to=${addDays(moscowToday(), 200)}`)).items.filter((i) => i.seriesId && i.title.startsWith('Черновик'));
      await expect.poll(async () => (await events()).length).toBeGreaterThan(0);
      for (const event of await events()) {
        const day = event.at.slice(0, 10);
        expect([new Date(`${day}T00:00:00Z`).getUTCDay(), Number(day.slice(8, 10)) <= 7]).toEqual([2, true]);
      }
    });

    // On a phone: the week of the renamed half, an occurrence's drawer, no sideways scrolling.
    const phone = await phoneSession(browser, inject('baseUrl'), context);
    await steps(phone.page, 'series-phone', async () => {
      await phone.page.goto(`/calendar?org=${world.centre.id}&date=${tue(3)}`);
      await chipsOn(phone.page, tue(3)).click();
      await expect.poll(() => phone.page.locator('[data-test="series-words"]').textContent()).toContain('Каждую неделю по вторникам и четвергам');
      expect(await phone.page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await axeReport(phone.page)).toEqual([]);
    });
    await phone.context.close();
    await context.close();
  });
});
