import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession, createWorld, type World } from './api.js';
import { launch, newSession, signIn, steps } from './browser.js';
import { moscowToday } from './helpers.js';

const chromiumPath = inject('chromium');

describe.skipIf(!chromiumPath)('an editor of one organisation', () => {
  let browser: Browser;
  let world: World;
  let planId: string;
  beforeAll(async () => {
    browser = await launch(chromiumPath as string);
    const admin = await new ApiSession(inject('baseUrl')).login(inject('admin').email, inject('admin').password);
    world = await createWorld(admin, 'isolation');
    await admin.call('POST', `/orgs/${world.centre.id}/items`, { kind: 'post', title: 'Секретный анонс', at: moscowToday(), channelIds: [world.vk.id] });
    const today = moscowToday();
    const plan = await admin.call<{ id: string }>('POST', `/orgs/${world.centre.id}/plans`, { period: 'month', periodStart: `${today.slice(0, 7)}-01`, title: 'Чужой план' });
    planId = plan.id;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("cannot reach another organisation's data through the UI", async () => {
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'isolation-refused', async () => {
      await signIn(page, world.users.stranger.email, world.users.stranger.password);
      await page.locator('[data-test="org-picker"]').click();
      const options = await page.locator('.n-tree-node').allTextContents();
      expect(options.join('|')).toContain(world.other.name);
      expect(options.join('|')).not.toContain(world.centre.name);
      await page.keyboard.press('Escape');

      // An address naming the other organisation does not switch to it.
      await page.goto(`/calendar?org=${world.centre.id}`);
      await page.locator('[data-test="period-title"]').waitFor();
      expect(await page.locator('[data-test="org-picker"]').textContent()).toContain(world.other.name);
      expect(await page.locator('body').textContent()).not.toContain('Секретный анонс');

      await page.goto(`/plans/${planId}?org=${world.centre.id}`);
      await page.locator('[data-test="empty-state"]').waitFor();
      expect(await page.locator('body').textContent()).not.toContain('Чужой план');

      const status = await page.evaluate(async (id) => (await fetch(`/api/orgs/${id}/items?from=2026-01-01&to=2026-12-31`)).status, world.centre.id);
      expect(status).toBe(404);
    });
    await context.close();
  });
});
