import { beforeAll, describe, expect, inject, it } from 'vitest';
import { newSession, signIn, steps } from './browser.js';
import { moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

describe.skipIf(!chromiumPath)('an editor of one organisation', () => {
  const journey = useJourney('isolation');
  let planId: string;
  beforeAll(async () => {
    const { admin, world } = journey;
    await admin.call('POST', `/orgs/${world.centre.id}/items`, { kind: 'post', title: 'Секретный анонс', at: moscowToday(), channelIds: [world.vk.id] });
    const today = moscowToday();
    const plan = await admin.call<{ id: string }>('POST', `/orgs/${world.centre.id}/plans`, { period: 'month', periodStart: `${today.slice(0, 7)}-01`, title: 'Чужой план' });
    planId = plan.id;
  });

  it("cannot reach another organisation's data through the UI", async () => {
    const { browser, world } = journey;
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await steps(page, 'isolation-refused', async () => {
      await signIn(page, world.users.stranger.email, world.users.stranger.password);
      await page.locator('[data-test="org-picker"]').click();
      await page.locator('.n-tree-node').first().waitFor();
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
