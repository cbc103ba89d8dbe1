import { describe, expect, inject, it } from 'vitest';
import { newSession, signIn, steps } from './browser.js';
import { apiSession, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

describe.skipIf(!chromiumPath)('a press officer exports the calendar', () => {
  const journey = useJourney('export');

  it('downloads the visible month as XLSX and CSV under the API’s names', async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'export-calendar', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.waitForURL(/\/calendar/);
      await page.locator('[data-test="view-month"]').click();
      for (const format of ['xlsx', 'csv'] as const) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-test="export-${format}"]`).click()]);
        expect(download.suggestedFilename()).toMatch(new RegExp(`^Медиаплан .*\\.${format}$`));
        const stream = await download.createReadStream();
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        const file = Buffer.concat(chunks);
        if (format === 'xlsx') expect(file.subarray(0, 2).toString('latin1')).toBe('PK');
        else expect(file.toString('utf8')).toMatch(/^\ufeff№;Дата;Время;Тема;/);
      }
    });
    await context.close();
  });

  it('downloads a plan nobody approved as a PDF marked «ПРОЕКТ»', async () => {
    const { browser, world } = journey;
    const press = await apiSession(world.users.press);
    const plan = await press.call<{ id: string }>('POST', `/orgs/${world.centre.id}/plans`, { period: 'month', periodStart: '2027-03-01', title: 'Медиаплан на март' });
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'export-plan', async () => {
      await signIn(page, world.users.press.email, world.users.press.password);
      await page.goto(`/plans/${plan.id}?org=${world.centre.id}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export-pdf"]').click()]);
      expect(download.suggestedFilename()).toBe('Медиаплан на март (ПРОЕКТ).pdf');
      const chunks: Buffer[] = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    });
    await context.close();
  });
});
