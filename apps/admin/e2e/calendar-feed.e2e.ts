import { describe, expect, inject, it } from 'vitest';
import { answerConfirmation, axeReport, newSession, signIn, steps } from './browser.js';
import { apiSession, moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

describe.skipIf(!chromiumPath)('a press officer subscribes their calendar app to the plan', () => {
  const journey = useJourney('feed');

  it('creates a feed in the profile, and its address serves the centre’s event to a client without a session', async () => {
    const { browser, world } = journey;
    const press = await apiSession(world.users.press);
    await press.call('POST', `/orgs/${world.centre.id}/items`, { kind: 'public_event', title: 'Ярмарка вакансий для выпускников', at: moscowToday(), status: 'planned' });

    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'calendar-feed-created', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.waitForURL(/\/calendar/);
      await page.locator('[data-test="user-name"]').click();
      await page.waitForURL(/\/profile/);
      await page.locator('[data-test="calendar-feeds"]').waitFor();
      expect(await axeReport(page)).toEqual([]);

      await page.locator('[data-test="feed-create"]').click();
      const field = page.locator('[data-test="feed-url"] input');
      await field.waitFor();
      const url = await field.inputValue();
      expect(url).toMatch(/\/api\/feeds\/ritmcal_[\w-]{43}\.ics$/);
      await expect.poll(() => page.locator('[data-test="feed-list"] tbody tr').count()).toBe(1);
      expect(await axeReport(page)).toEqual([]);

      // A calendar client: no cookie, just the address.
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const body = (await response.text()).replace(/\r\n /g, '');
      expect(body).toContain('SUMMARY:Ярмарка вакансий для выпускников');
      expect(body).toContain(`DTSTART;VALUE=DATE:${moscowToday().replace(/-/g, '')}`);

      // Revoked, the address is gone.
      await page.locator('[data-test="feed-revoke"]').click();
      await answerConfirmation(page, 'Отозвать');
      await expect.poll(() => page.locator('[data-test="feed-list"] tbody tr').count()).toBe(0);
      expect((await fetch(url)).status).toBe(404);
    });
    await context.close();
  });
});
