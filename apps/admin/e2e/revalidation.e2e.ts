import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { newSession, signIn } from './browser.js';
import { apiSession, moscowToday, useJourney } from './helpers.js';

const chromiumPath = inject('chromium');

// What the calendar's list of items cost on the wire: a revalidated answer moves its headers only,
// yet the page gets the whole body; a body sent is compressed as the browser asked (Resource
// Timing of the browser itself: `encoded` is the body as sent, `body` as decoded).
function monthLists(page: Page) {
  return page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((entry) => /\/api\/orgs\/[^/]+\/items$/.test(new URL(entry.name).pathname))
      .map((entry) => ({ url: entry.name, transfer: entry.transferSize, encoded: entry.encodedBodySize, body: entry.decodedBodySize })),
  );
}

// Issue 17: a calendar's items asked again, unchanged, are not sent again, and what the
// browser kept to ask again with goes when its user signs out.
describe.skipIf(!chromiumPath)('a calendar’s items through the browser’s cache', () => {
  const journey = useJourney('revalidation');

  it('asks again with the ETag it holds: unchanged, the list comes back 304 without its body; after signing out, in full; compressed as the browser asks', async () => {
    const { browser, world } = journey;
    // A list worth sending: forty items with long titles today, in the week the calendar opens on.
    const press = await apiSession(world.users.press);
    const today = moscowToday();
    for (let i = 0; i < 40; i++) {
      await press.call('POST', `/orgs/${world.centre.id}/items`, { kind: 'post', title: `Пост о вакансиях недели, выпуск ${i + 1}: ярмарка, стажировки, консультации`, at: today, channelIds: [world.vk.id] });
    }
    const { context, page } = await newSession(browser, inject('baseUrl'));
    await signIn(page, world.users.press.email, world.users.press.password);
    await page.waitForURL(/\/calendar/);
    const grid = page.locator('[data-test="calendar-grid"]');
    await grid.waitFor();
    await expect.poll(() => grid.textContent()).toContain('выпуск 1');
    await expect.poll(async () => (await monthLists(page)).length).toBeGreaterThan(0);
    const [first] = await monthLists(page);
    expect(first!.body).toBeGreaterThan(10_000);
    // Compressed (Chromium asks for gzip over plain HTTP), and decoded by the browser into the calendar shown.
    expect(first!.encoded).toBeLessThan(first!.body / 3);
    expect(first!.transfer).toBeGreaterThan(first!.encoded);

    await page.reload();
    await expect.poll(() => grid.textContent()).toContain('выпуск 1');
    await expect.poll(async () => (await monthLists(page)).some((entry) => entry.url === first!.url)).toBe(true);
    const again = (await monthLists(page)).find((entry) => entry.url === first!.url)!;
    expect(again.body).toBe(first!.body);
    // Sent again in full it would cost what it cost the first time: headers and body.
    expect(again.transfer).toBeLessThan(first!.transfer - first!.encoded / 2);

    // Signed out (the answer clears the browser's cache) and in again: the calendar's list comes
    // in full, not revalidated from what the old session kept.
    await page.locator('[data-test="logout"]').click();
    await page.waitForURL(/\/login/);
    await page.evaluate(() => performance.clearResourceTimings());
    await signIn(page, world.users.press.email, world.users.press.password);
    await page.waitForURL(/\/calendar/);
    await expect.poll(() => grid.textContent()).toContain('выпуск 1');
    await expect.poll(async () => (await monthLists(page)).some((entry) => entry.url === first!.url)).toBe(true);
    const afterSignOut = (await monthLists(page)).find((entry) => entry.url === first!.url)!;
    expect(afterSignOut.body).toBe(first!.body);
    expect(afterSignOut.transfer).toBeGreaterThan(afterSignOut.encoded);
    expect(afterSignOut.transfer).toBeGreaterThan(again.transfer + afterSignOut.encoded / 2);
    await context.close();
  });
});
