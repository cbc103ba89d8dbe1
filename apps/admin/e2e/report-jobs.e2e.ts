import { describe, expect, inject, it } from 'vitest';
import { axeReport, newSession, phoneSession, screenshot, signIn, steps } from './browser.js';
import { useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

// Issue 14: a director asks for the quarter's report to be prepared in the background, keeps
// working, and downloads it from the list once the server's job has built it.
describe.skipIf(!chromiumPath)('a report prepared in the background', () => {
  const journey = useJourney('report-jobs');

  it('is queued from the dashboard, becomes ready without reloading, and downloads under the API’s name', async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'report-jobs', async () => {
      await signIn(page, world.users.director.email, world.users.director.password);
      await page.waitForURL(/\/dashboard/);
      await page.locator('[data-test="report-downloads"]').waitFor();
      // Two organisations: the background is offered, not ticked first.
      const background = page.locator('[data-test="report-background"]');
      expect(await background.getAttribute('class')).not.toContain('n-checkbox--checked');
      await background.click();
      await page.locator('[data-test="report-compliance-xlsx"]').click();
      await expect.poll(() => page.locator('[data-test="report-job-notice"]').textContent()).toContain('Отчёт поставлен в очередь');
      const ready = page.locator('[data-test="report-job-ready"]');
      await ready.waitFor({ timeout: 30_000 });
      expect(await ready.textContent()).toMatch(/Отчёт о соблюдении нормативов, .* · Excel \(XLSX\)готов · .* · хранится до \d\d\.\d\d\.\d{4}/);
      const [download] = await Promise.all([page.waitForEvent('download'), ready.locator('button').click()]);
      expect(download.suggestedFilename()).toMatch(/^compliance-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.xlsx$/);
      const chunks: Buffer[] = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).subarray(0, 2).toString()).toBe('PK');
      expect(await axeReport(page)).toEqual([]);
      await screenshot(page, 'report-jobs');
    });

    // On a 390-px phone the list fits without sideways scrolling.
    const { context: phone, page: phonePage } = await phoneSession(browser, inject('baseUrl'), context);
    await phonePage.goto('/');
    await phonePage.waitForURL(/\/dashboard/);
    await phonePage.locator('[data-test="report-job-ready"]').waitFor();
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeReport(phonePage)).toEqual([]);
    await screenshot(phonePage, 'report-jobs-phone');
    await phone.close();
    await context.close();
  });
});
