import { describe, expect, inject, it } from 'vitest';
import { addDays } from '@ritm/domain/local-date';
import { axeReport, newSession, phoneSession, screenshot, signIn, steps } from './browser.js';
import { moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

// Issue 16: a director lands on a dashboard that explains itself. The journey's centre has a
// website and a VK group but no information zone and no in-person desk: a profile gap.
describe.skipIf(!chromiumPath)('a dashboard that explains itself', () => {
  const journey = useJourney('dashboard');

  it('lands a director on it, draws the heatmap from one request, and shows a missing channel as the profile', async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.includes('/compliance/')) asked.push(`${url.pathname.split('/').at(-1)}?${url.searchParams.get('from')}`);
    });
    await steps(page, 'dashboard-profile-gap', async () => {
      await signIn(page, world.users.director.email, world.users.director.password);
      await page.waitForURL(/\/dashboard/);
      const profile = page.locator(`[data-test="dashboard-table"] [data-org-id="${world.centre.id}"] [data-test="profile-status"]`);
      await profile.waitFor();
      await page.locator('[data-test="heatmap"] canvas').first().waitFor();
      await page.locator('[data-test="trend-chart"] canvas').first().waitFor();
      // The quarter's table, its heatmap in one request whatever the number of weeks, and the trend.
      const quarter = asked.find((a) => a.startsWith('summary?'))!.split('?')[1];
      expect(asked.filter((a) => a.startsWith('summary?'))).toHaveLength(1);
      expect(asked.filter((a) => a === `periods?${quarter}`)).toHaveLength(1);
      expect(asked.filter((a) => a.startsWith('periods?'))).toHaveLength(2);

      await expect.poll(() => profile.getAttribute('data-profile')).toBe('not_met');
      const gap = await profile.textContent();
      expect(gap).toContain('Профиль не выполнен');
      expect(gap).toContain('Личный приём');
      expect(await page.locator('[data-test="heatmap-legend"] li').count()).toBe(8);

      // The table alternative: the profile gap reddens no week to come.
      await page.locator('[data-test="heatmap-table-toggle"] summary').click();
      const cells = page.locator(`[data-test="heatmap-table"] [data-org-id="${world.centre.id}"] td[data-start]`);
      await cells.first().waitFor();
      const statuses = await cells.evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-start'), td.getAttribute('data-status'), td.textContent ?? '']));
      const today = moscowToday();
      const future = statuses.filter(([start]) => start! > today);
      expect(future.length).toBeGreaterThan(0);
      for (const [start, status, text] of future) {
        expect(status, start!).not.toBe('missed');
        expect(text).not.toContain('Обязательные каналы');
      }
      // This week the VK group has no posts: the week names the norm and its channel.
      const current = statuses.find(([start]) => start! <= today && today <= addDays(start!, 6))!;
      expect(current[2]).toContain('ВКонтакте ЦЗН');
      expect(await axeReport(page)).toEqual([]);

      // The chart's tooltip says the same: hover along the centre's row until it shows.
      const canvas = page.locator('[data-test="heatmap"] canvas').first();
      const box = (await canvas.boundingBox())!;
      const tooltip = page.locator('[data-test="heatmap"] div', { hasText: 'ВКонтакте ЦЗН' }).last();
      let seen = false;
      for (let x = box.x + box.width * 0.3; x < box.x + box.width - 4 && !seen; x += 12) {
        await page.mouse.move(x, box.y + box.height * 0.6);
        seen = await tooltip.isVisible();
      }
      expect(seen).toBe(true);
      expect(await tooltip.textContent()).toMatch(/Посты в социальных сетях.*· ВКонтакте ЦЗН/);
      await screenshot(page, 'dashboard-tooltip');
    });

    // On a 390-px phone the dashboard needs no sideways scrolling: its wide tables scroll within
    // themselves.
    const { context: phone, page: phonePage } = await phoneSession(browser, inject('baseUrl'), context);
    await phonePage.goto('/');
    await phonePage.waitForURL(/\/dashboard/);
    await phonePage.locator('[data-test="heatmap"] canvas').first().waitFor();
    await phonePage.locator('[data-test="heatmap-table-toggle"] summary').click();
    await phonePage.locator('[data-test="heatmap-table"]').waitFor();
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeReport(phonePage)).toEqual([]);
    await screenshot(phonePage, 'dashboard-phone');
    await phone.close();
    await context.close();
  });
  it('asks for the dashboard again through the browser\'s cache: unchanged, the summary comes back 304 without its body', async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await signIn(page, world.users.director.email, world.users.director.password);
    await page.waitForURL(/\/dashboard/);
    const profile = page.locator(`[data-test="dashboard-table"] [data-org-id="${world.centre.id}"] [data-test="profile-status"]`);
    await profile.waitFor();
    // What the summary cost on the wire: a revalidated answer moves its headers only, yet the page
    // gets the whole body; sent, the body goes compressed (`encoded`, as the browser asked for it).
    const transferred = () =>
      page.evaluate(() =>
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
          .filter((entry) => new URL(entry.name).pathname.endsWith('/compliance/summary'))
          .map((entry) => ({ transfer: entry.transferSize, encoded: entry.encodedBodySize, body: entry.decodedBodySize })),
      );
    // The resource entry is added once the body has been read, which may follow the table's drawing.
    await expect.poll(async () => (await transferred()).length).toBe(1);
    const first = await transferred();
    expect(first[0]!.encoded).toBeLessThan(first[0]!.body);
    expect(first[0]!.transfer).toBeGreaterThan(first[0]!.encoded);

    await page.reload();
    await profile.waitFor();
    await expect.poll(async () => (await transferred()).length).toBe(1);
    const again = (await transferred())[0]!;
    expect(again.body).toBe(first[0]!.body);
    // Sent again in full it would cost what it cost the first time: headers and body.
    expect(again.transfer).toBeLessThan(first[0]!.transfer - first[0]!.encoded / 2);
    expect(await profile.getAttribute('data-profile')).toBe('not_met');
    await context.close();
  });
});

