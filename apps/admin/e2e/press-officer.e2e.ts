import { describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, signIn, steps } from './browser.js';
import { choose, moscowToday, normStatus, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

describe.skipIf(!chromiumPath)('a press officer plans a week', () => {
  const journey = useJourney('week');

  it('adds a post, fills the gap, and watches the VK norm go from at_risk to on_track', async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'press-officer-week-on-track', async () => {
    await signIn(page, world.users.press.email, world.users.press.password);
    await page.waitForURL(/\/calendar/);
    const vkRow = `[data-test="norm-status"][data-norm="social-posts"]`;
    await page.locator(vkRow).first().waitFor();
    expect(await normStatus(page, 'social-posts')).toBe('at_risk');
    expect(await axeReport(page)).toEqual([]);

    const today = moscowToday();
    await page.locator(`[data-date="${today}"] [data-test="add-on-day"]`).click();
    await page.locator('#item-title').fill('Ярмарка вакансий: приглашение');
    await choose(page, 'item-channels', 'ВКонтакте ЦЗН');
    await page.locator('[data-test="item-save"]').click();
    await page.locator(`[data-test="item"]`, { hasText: 'Ярмарка вакансий' }).waitFor();
    await expect.poll(() => page.locator(vkRow).first().textContent()).toContain('0 + 1 / 2');
    expect(await normStatus(page, 'social-posts')).toBe('at_risk');

    await page.locator(`[data-test="norm-strip"] [data-norm="social-posts"] [data-test="fill-gap"]`).first().click();
    await expect.poll(() => normStatus(page, 'social-posts')).toBe('on_track');
    await expect.poll(() => page.locator(vkRow).first().textContent()).toContain('0 + 2 / 2');
    });
    await context.close();
  });
});
